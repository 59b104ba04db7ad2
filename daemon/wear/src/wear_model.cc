#include "insole/wear/wear_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "insole/analysis/asymmetry.h"

namespace insole::wear {
namespace {

double median(std::vector<double> v) {
  if (v.empty()) return kNaN;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double hi = v[mid];
  if (v.size() % 2) return hi;
  return 0.5 * (hi + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
}

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

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%+.1f%%", v);
  return buf;
}

std::string km(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.0f km", v);
  return buf;
}

MetricTrend fit(std::span<const RunObservation> runs, double current_km, double threshold_pct,
                bool use_speed, double (*metric)(const RunObservation&)) {
  MetricTrend t;
  t.threshold_pct = threshold_pct;
  std::vector<double> y, d, lv;
  for (const auto& r : runs) {
    y.push_back(std::log(metric(r)));
    d.push_back(r.distance_km);
    lv.push_back(std::log(r.speed_mps));
  }
  std::vector<std::vector<double>> x = {d};
  if (use_speed) x.push_back(lv);
  const Coefficient b = least_squares(x, y, 0);
  if (!std::isfinite(b.se) || b.df < 1) return t;
  if (use_speed) t.speed_elasticity = least_squares(x, y, 1).value;
  t.estimable = true;
  const double tq = analysis::t_quantile_975(b.df);
  const double lo = b.value - tq * b.se, hi = b.value + tq * b.se;
  auto change = [](double slope, double at_km) { return (std::exp(slope * at_km) - 1) * 100; };
  t.per_100km_pct = change(b.value, 100);
  t.per_100km_low_pct = change(lo, 100);
  t.per_100km_high_pct = change(hi, 100);
  t.change_pct = change(b.value, current_km);
  t.change_low_pct = change(lo, current_km);
  t.change_high_pct = change(hi, current_km);
  t.rising = lo > 0;
  // Distance at which the change reaches the threshold for a slope s > 0.
  const double target = std::log(1 + threshold_pct / 100);
  auto remaining = [&](double slope) {
    return slope > 0 ? std::max(0.0, target / slope - current_km) : kInfinity;
  };
  if (t.rising) {
    t.remaining_km = remaining(b.value);
    t.remaining_low_km = remaining(hi);
    t.remaining_high_km = remaining(lo);
  }
  return t;
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
    case Verdict::kReplace:
      return "replace";
  }
  return "?";
}

Coefficient least_squares(std::span<const std::vector<double>> x, std::span<const double> y,
                          std::size_t of) {
  Coefficient out;
  const std::size_t n = y.size(), k = x.size(), p = k + 1;
  if (of >= k || n <= p) return out;
  // Centred columns: the intercept separates out and the normal equations stay well scaled.
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
  std::vector<double> beta(k, 0.0);
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = 0; b < k; ++b) beta[a] += xtx[a][b] * xty[b];
  }
  double rss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double fitted = ymean;
    for (std::size_t a = 0; a < k; ++a) fitted += beta[a] * c[a][i];
    rss += (y[i] - fitted) * (y[i] - fitted);
  }
  out.df = static_cast<double>(n - p);
  out.value = beta[of];
  out.se = std::sqrt(rss / out.df * xtx[of][of]);
  return out;
}

RunLoad run_load(const std::vector<analysis::Step>& steps, const SpeedModel& model,
                 double body_mass_kg, double measured_distance_m) {
  RunLoad load;
  const DistanceEstimate est = estimate_distance(steps, model);
  load.speed_mps = est.mean_speed_mps;
  load.distance_m = est.distance_m;
  if (measured_distance_m > 0) {
    load.distance_m = measured_distance_m;
    load.distance_measured = true;
  }
  if (body_mass_kg > 0) {
    load.body_weight_n = body_mass_kg * kGravity;
    load.body_weight_from_mass = true;
  } else if (est.moving_time_s > 0) {
    // Impulse balance over the counted intervals: each interval's step carries BW x interval.
    double impulse = 0;
    std::vector<analysis::Step> sorted = steps;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.contact_s < b.contact_s; });
    double time = 0;
    for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
      const double dt = sorted[i + 1].contact_s - sorted[i].contact_s;
      if (!(dt > 0) || dt > model.max_step_interval_s || !(sorted[i].contact_time_s() > 0)) {
        continue;
      }
      impulse += sorted[i].impulse_ns;
      time += dt;
    }
    if (time > 0) load.body_weight_n = impulse / time;
  }
  if (!(load.body_weight_n > 0)) return load;
  std::vector<double> peaks, rates;
  for (const auto& s : steps) {
    if (s.peak_force_n > 0) peaks.push_back(s.peak_force_n / load.body_weight_n);
    if (s.loading_rate_n_per_s > 0) rates.push_back(s.loading_rate_n_per_s / load.body_weight_n);
  }
  load.steps = std::min(peaks.size(), rates.size());
  load.peak_force_bw = median(peaks);
  load.loading_rate_bw_per_s = median(rates);
  return load;
}

WearAssessment assess_wear(std::span<const RunObservation> all, double current_km,
                           const WearConfig& config) {
  WearAssessment out;
  out.distance_km = current_km;
  std::vector<RunObservation> runs;
  for (const auto& r : all) {
    if (r.peak_force_bw > 0 && r.loading_rate_bw_per_s > 0 && r.speed_mps > 0 &&
        std::isfinite(r.distance_km)) {
      runs.push_back(r);
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
  if (runs.size() < config.min_runs || out.span_km < config.min_span_km) {
    out.message = "Not enough data yet: " + std::to_string(runs.size()) + " run" +
                  (runs.size() == 1 ? "" : "s") + " over " + km(out.span_km) +
                  " measured; the cushioning trend needs at least " +
                  std::to_string(config.min_runs) + " runs spanning " + km(config.min_span_km) +
                  ".";
    return out;
  }
  // Speed as a covariate only when it varies enough to be estimated.
  double mean = 0, sq = 0;
  for (const auto& r : runs) mean += r.speed_mps;
  mean /= static_cast<double>(runs.size());
  for (const auto& r : runs) sq += (r.speed_mps - mean) * (r.speed_mps - mean);
  const double cv = std::sqrt(sq / static_cast<double>(runs.size() - 1)) / mean;
  const bool use_speed = cv > config.speed_min_cv && runs.size() > config.min_runs;
  out.peak_force = fit(runs, current_km, config.peak_force_threshold_pct, use_speed,
                       [](const RunObservation& r) { return r.peak_force_bw; });
  out.loading_rate = fit(runs, current_km, config.loading_rate_threshold_pct, use_speed,
                         [](const RunObservation& r) { return r.loading_rate_bw_per_s; });
  if (!out.peak_force.estimable || !out.loading_rate.estimable) {
    out.message = "Not enough data yet: the runs do not determine a trend.";
    return out;
  }
  // The metric that reaches its threshold first drives the verdict.
  const MetricTrend* first = nullptr;
  const char* first_name = "";
  for (const auto& [trend, label] :
       {std::pair{&out.peak_force, "peak force"}, std::pair{&out.loading_rate, "loading rate"}}) {
    if (trend->rising && (!first || trend->remaining_km < first->remaining_km)) {
      first = trend;
      first_name = label;
    }
  }
  auto describe = [](const MetricTrend& t, const char* label) {
    return std::string(label) + " " + pct(t.change_pct) + " (95% CI " + pct(t.change_low_pct) +
           " to " + pct(t.change_high_pct) + ")";
  };
  if (!first) {
    out.verdict = Verdict::kNoChange;
    out.message = "No measurable cushioning loss: since new, " +
                  describe(out.peak_force, "peak force") + ", " +
                  describe(out.loading_rate, "loading rate") + ".";
    return out;
  }
  out.remaining_km = first->remaining_km;
  out.remaining_low_km = first->remaining_low_km;
  out.remaining_high_km = first->remaining_high_km;
  const std::string threshold = pct(first->threshold_pct) + " " + first_name;
  if (first->remaining_km <= 0) {
    out.verdict = Verdict::kReplace;
    out.message = "Replace these shoes: cushioning has worn past the limit; " +
                  describe(*first, first_name) + " since new, limit " + pct(first->threshold_pct) +
                  ".";
  } else {
    out.verdict =
        first->remaining_km <= config.replace_soon_km ? Verdict::kReplaceSoon : Verdict::kWearing;
    const std::string range =
        first->remaining_low_km <= 0
            ? "possibly already, at most " + km(first->remaining_high_km)
            : km(first->remaining_low_km) + " to " + km(first->remaining_high_km);
    out.message = std::string(out.verdict == Verdict::kReplaceSoon ? "Replace soon"
                                                                   : "Cushioning is wearing") +
                  ": " + describe(*first, first_name) + " since new; about " +
                  km(first->remaining_km) + " (" + range + ") left before " + threshold + ".";
  }
  return out;
}

}  // namespace insole::wear
