#include "insole/wear/wear_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "insole/analysis/asymmetry.h"
#include "insole/analysis/median.h"

namespace insole::wear {
namespace {

using analysis::median;

// Inverts a small symmetric positive matrix in place (Gauss-Jordan); false when singular.
bool invert(std::vector<std::vector<double>>& a) {
  const std::size_t n = a.size();
  std::vector<std::vector<double>> inv(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) inv[i][i] = 1;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    }
    if (!(std::abs(a[pivot][c]) > 1e-12 * std::max(1.0, std::abs(a[c][c])))) return false;
    std::swap(a[c], a[pivot]);
    std::swap(inv[c], inv[pivot]);
    const double d = a[c][c];
    for (std::size_t k = 0; k < n; ++k) {
      a[c][k] /= d;
      inv[c][k] /= d;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = a[r][c];
      for (std::size_t k = 0; k < n; ++k) {
        a[r][k] -= f * a[c][k];
        inv[r][k] -= f * inv[c][k];
      }
    }
  }
  a = inv;
  return true;
}

// Ordinary least squares of y on the columns of x plus an intercept, on centred columns (the
// intercept separates out and the normal equations stay well scaled).
struct Fit {
  bool ok = false;
  std::vector<double> beta, se;
  double df = 0;
  std::vector<double> residuals;
};

Fit ols(std::span<const std::vector<double>> x, std::span<const double> y) {
  Fit out;
  const std::size_t n = y.size(), k = x.size(), p = k + 1;
  if (n <= p) return out;
  std::vector<std::vector<double>> c(k, std::vector<double>(n));
  for (std::size_t j = 0; j < k; ++j) {
    if (x[j].size() != n) return out;
    double mean = 0;
    for (double v : x[j]) mean += v;
    mean /= static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) c[j][i] = x[j][i] - mean;
  }
  double ymean = 0;
  for (double v : y) ymean += v;
  ymean /= static_cast<double>(n);
  std::vector<std::vector<double>> xtx(k, std::vector<double>(k, 0.0));
  std::vector<double> xty(k, 0.0);
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t i = 0; i < n; ++i) xty[a] += c[a][i] * (y[i] - ymean);
    for (std::size_t b = 0; b < k; ++b) {
      for (std::size_t i = 0; i < n; ++i) xtx[a][b] += c[a][i] * c[b][i];
    }
  }
  if (!invert(xtx)) return out;
  out.beta.assign(k, 0.0);
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = 0; b < k; ++b) out.beta[a] += xtx[a][b] * xty[b];
  }
  double rss = 0;
  out.residuals.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    double fitted = ymean;
    for (std::size_t a = 0; a < k; ++a) fitted += out.beta[a] * c[a][i];
    out.residuals[i] = y[i] - fitted;
    rss += out.residuals[i] * out.residuals[i];
  }
  out.df = static_cast<double>(n - p);
  out.se.resize(k);
  for (std::size_t a = 0; a < k; ++a) out.se[a] = std::sqrt(rss / out.df * xtx[a][a]);
  out.ok = true;
  return out;
}

// Positions (into y) of the runs too far from the first fit to be believed, worst first.
std::vector<std::size_t> outliers_of(const Fit& f, std::size_t params, const WearConfig& config) {
  const std::size_t n = f.residuals.size();
  std::vector<double> r = f.residuals;
  const double centre = median(r);
  std::vector<double> dev;
  for (double v : r) dev.push_back(std::abs(v - centre));
  const double scale = std::max(1.4826 * median(dev), config.outlier_floor);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::abs(f.residuals[i] - centre) > config.outlier_sigmas * scale) out.push_back(i);
  }
  std::sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(f.residuals[a]) > std::abs(f.residuals[b]);
  });
  // At most a fifth of the runs, and enough left for the trend.
  std::size_t keep = std::min(out.size(), n / 5);
  while (keep > 0 && (n - keep < config.min_runs || n - keep <= params + 1)) --keep;
  out.resize(keep);
  return out;
}

// index[i]: the position in assess_wear's input of runs[i].
MetricTrend fit(std::span<const RunObservation> runs, std::span<const std::size_t> index,
                double current_km, double threshold_pct, bool use_speed,
                double (*metric)(const RunObservation&), const WearConfig& config) {
  MetricTrend t;
  t.threshold_pct = threshold_pct;
  std::vector<double> y, d, lv;
  for (const auto& r : runs) {
    y.push_back(std::log(metric(r)));
    d.push_back(r.distance_km);
    lv.push_back(std::log(r.speed_mps));
  }
  auto columns = [&] {
    std::vector<std::vector<double>> x = {d};
    if (use_speed) x.push_back(lv);
    return x;
  };
  Fit f = ols(columns(), y);
  if (!f.ok) return t;
  const std::size_t params = use_speed ? 3 : 2;
  std::vector<std::size_t> drop = outliers_of(f, params, config);
  if (!drop.empty()) {
    std::sort(drop.begin(), drop.end());
    std::vector<double> y2, d2, lv2;
    for (std::size_t i = 0, j = 0; i < y.size(); ++i) {
      if (j < drop.size() && drop[j] == i) {
        t.outliers.push_back(index[i]);
        ++j;
        continue;
      }
      y2.push_back(y[i]);
      d2.push_back(d[i]);
      lv2.push_back(lv[i]);
    }
    y = std::move(y2);
    d = std::move(d2);
    lv = std::move(lv2);
    f = ols(columns(), y);
    if (!f.ok) return t;
  }
  if (!std::isfinite(f.se[0]) || f.df < 1) return t;
  if (use_speed) t.speed_elasticity = f.beta[1];
  t.estimable = true;
  const double b = f.beta[0];
  const double tq = analysis::t_quantile_975(f.df);
  const double lo = b - tq * f.se[0], hi = b + tq * f.se[0];
  auto change = [](double slope, double at_km) { return (std::exp(slope * at_km) - 1) * 100; };
  t.per_100km_pct = change(b, 100);
  t.per_100km_low_pct = change(lo, 100);
  t.per_100km_high_pct = change(hi, 100);
  t.change_pct = change(b, current_km);
  t.change_low_pct = change(lo, current_km);
  t.change_high_pct = change(hi, current_km);
  t.rising = lo > 0;
  // Distance at which the change reaches the threshold for a slope s > 0.
  const double target = std::log(1 + threshold_pct / 100);
  auto remaining = [&](double slope) {
    return slope > 0 ? std::max(0.0, target / slope - current_km) : kInfinity;
  };
  if (t.rising || t.change_pct >= threshold_pct) {
    t.remaining_km = remaining(b);
    t.remaining_low_km = remaining(hi);
    t.remaining_high_km = remaining(lo);
  }
  return t;
}

Verdict verdict_of(const MetricTrend& t, const WearConfig& config) {
  if (!t.estimable) return Verdict::kNotEnoughData;
  if (t.change_low_pct >= t.threshold_pct) return Verdict::kReplace;
  if (t.change_pct >= t.threshold_pct) return Verdict::kLikelyWorn;
  if (t.rising) {
    return t.remaining_km <= config.replace_soon_km ? Verdict::kReplaceSoon : Verdict::kWearing;
  }
  return Verdict::kNoChange;
}

}  // namespace

std::string_view name(Verdict v) {
  switch (v) {
    case Verdict::kNotEnoughData:
      return "not_enough_data";
    case Verdict::kNoChange:
      return "no_change";
    case Verdict::kWearing:
      return "wearing";
    case Verdict::kReplaceSoon:
      return "replace_soon";
    case Verdict::kLikelyWorn:
      return "likely_worn";
    case Verdict::kReplace:
      return "replace";
  }
  return "?";
}

std::string_view name(Metric m) {
  switch (m) {
    case Metric::kNone:
      return "none";
    case Metric::kPeakForce:
      return "peak_force";
    case Metric::kLoadingRate:
      return "loading_rate";
  }
  return "?";
}

Coefficient least_squares(std::span<const std::vector<double>> x, std::span<const double> y,
                          std::size_t of) {
  Coefficient out;
  if (of >= x.size()) return out;
  const Fit f = ols(x, y);
  if (!f.ok) return out;
  out.value = f.beta[of];
  out.se = f.se[of];
  out.df = f.df;
  return out;
}

StepsDigest digest_steps(const std::vector<analysis::Step>& steps, const SpeedModel& model) {
  SpeedModel plain = model;
  plain.runner_factor = 1;
  StepsDigest d;
  d.plain = estimate_distance(steps, plain);
  d.timing = run_timing(steps, plain);
  if (d.plain.moving_time_s > 0) {
    // Impulse balance over the counted intervals: each interval's step carries BW x interval.
    double impulse = 0;
    std::vector<analysis::Step> sorted = steps;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.contact_s < b.contact_s; });
    double time = 0;
    for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
      const double dt = sorted[i + 1].contact_s - sorted[i].contact_s;
      if (!(dt > 0) || dt > plain.max_step_interval_s || !(sorted[i].contact_time_s() > 0)) {
        continue;
      }
      impulse += sorted[i].impulse_ns;
      time += dt;
    }
    if (time > 0) d.impulse_body_weight_n = impulse / time;
  }
  std::vector<double> peaks, rates;
  for (const auto& s : steps) {
    if (s.peak_force_n > 0) peaks.push_back(s.peak_force_n);
    if (s.loading_rate_n_per_s > 0) rates.push_back(s.loading_rate_n_per_s);
  }
  d.load_steps = std::min(peaks.size(), rates.size());
  d.median_peak_force_n = median(peaks);
  d.median_loading_rate_n_per_s = median(rates);
  return d;
}

DistanceEstimate estimate_distance(const StepsDigest& digest, const SpeedModel& model) {
  DistanceEstimate est = digest.plain;
  est.distance_m *= model.runner_factor;
  est.mean_speed_mps *= model.runner_factor;
  return est;
}

RunLoad run_load(const StepsDigest& digest, const SpeedModel& model, double body_mass_kg,
                 double measured_distance_m) {
  RunLoad load;
  const DistanceEstimate est = estimate_distance(digest, model);
  load.speed_mps = est.mean_speed_mps;
  load.distance_m = est.distance_m;
  if (measured_distance_m > 0) {
    load.distance_m = measured_distance_m;
    load.distance_measured = true;
    // The measured distance over the same running time: the trend's speed covariate then
    // compares runs at the pace the watch saw, not at the model's reading of the steps.
    if (est.moving_time_s > 0) load.speed_mps = measured_distance_m / est.moving_time_s;
  }
  if (body_mass_kg > 0) {
    load.body_weight_n = body_mass_kg * kGravity;
    load.body_weight_from_mass = true;
  } else {
    load.body_weight_n = digest.impulse_body_weight_n;
  }
  if (!(load.body_weight_n > 0)) return load;
  load.steps = digest.load_steps;
  // The median of values divided by one body weight is the median divided by it.
  load.peak_force_bw = digest.median_peak_force_n / load.body_weight_n;
  load.loading_rate_bw_per_s = digest.median_loading_rate_n_per_s / load.body_weight_n;
  return load;
}

RunLoad run_load(const std::vector<analysis::Step>& steps, const SpeedModel& model,
                 double body_mass_kg, double measured_distance_m) {
  return run_load(digest_steps(steps, model), model, body_mass_kg, measured_distance_m);
}

WearAssessment assess_wear(std::span<const RunObservation> all, double current_km,
                           const WearConfig& config) {
  WearAssessment out;
  out.distance_km = current_km;
  std::vector<RunObservation> runs;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& r = all[i];
    if (r.peak_force_bw > 0 && r.loading_rate_bw_per_s > 0 && r.speed_mps > 0 &&
        std::isfinite(r.distance_km)) {
      runs.push_back(r);
      index.push_back(i);
    }
  }
  out.runs_used = runs.size();
  double lo = kInfinity, hi = -kInfinity;
  for (const auto& r : runs) {
    lo = std::min(lo, r.distance_km);
    hi = std::max(hi, r.distance_km);
  }
  out.span_km = runs.empty() ? 0 : hi - lo;
  out.peak_force.threshold_pct = config.peak_force_threshold_pct;
  out.loading_rate.threshold_pct = config.loading_rate_threshold_pct;
  if (runs.size() < config.min_runs || out.span_km < config.min_span_km) return out;
  // Speed as a covariate only when it varies enough to be estimated.
  double mean = 0, sq = 0;
  for (const auto& r : runs) mean += r.speed_mps;
  mean /= static_cast<double>(runs.size());
  for (const auto& r : runs) sq += (r.speed_mps - mean) * (r.speed_mps - mean);
  const double cv = std::sqrt(sq / static_cast<double>(runs.size() - 1)) / mean;
  const bool use_speed = cv > config.speed_min_cv && runs.size() > config.min_runs;
  out.peak_force = fit(
      runs, index, current_km, config.peak_force_threshold_pct, use_speed,
      [](const RunObservation& r) { return r.peak_force_bw; }, config);
  out.loading_rate = fit(
      runs, index, current_km, config.loading_rate_threshold_pct, use_speed,
      [](const RunObservation& r) { return r.loading_rate_bw_per_s; }, config);
  if (!out.peak_force.estimable || !out.loading_rate.estimable) {
    out.undetermined = true;
    return out;
  }
  // The more severe metric decides; between equals, the one nearer its threshold.
  out.verdict = Verdict::kNoChange;
  for (const Metric m : {Metric::kPeakForce, Metric::kLoadingRate}) {
    const MetricTrend& t = out.trend(m);
    const Verdict v = verdict_of(t, config);
    const bool worse =
        v > out.verdict ||
        (v == out.verdict && v != Verdict::kNoChange &&
         (t.remaining_km < out.remaining_km ||
          (t.remaining_km == out.remaining_km &&
           t.change_pct / t.threshold_pct >
               out.trend(out.decided_by).change_pct / out.trend(out.decided_by).threshold_pct)));
    if (!worse) continue;
    out.verdict = v;
    out.decided_by = m;
    out.remaining_km = t.remaining_km;
    out.remaining_low_km = t.remaining_low_km;
    out.remaining_high_km = t.remaining_high_km;
  }
  return out;
}

}  // namespace insole::wear
