#include "insole/analysis/late_run_form.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "insole/analysis/asymmetry.h"
#include "insole/analysis/serial_mean.h"

namespace insole::analysis {
namespace {

// Strides (one foot's consecutive contacts) longer than this are pauses or a foot's lost
// frames, not strides.
constexpr double kMaxStrideS = 3.0;

struct Third {
  std::vector<double> contact, loading_rate, strike, stride, toe_share;
  std::vector<double> impulse[2];  // [left, right]
};

// The impulse SI of each third and its change (points), the variance of each SI by the delta
// method over the feet's serial means: SI = 200 (R - L) / (R + L).
FormShift impulse_si_growth(const Third& first, const Third& last) {
  FormShift f;
  for (const Third* t : {&first, &last})
    if (t->impulse[0].size() < 2 || t->impulse[1].size() < 2) return f;
  double si[2], var[2], n_eff = 1e9;
  const Third* thirds[2] = {&first, &last};
  for (int k = 0; k < 2; ++k) {
    const SerialMean l = serial_mean(thirds[k]->impulse[0]), r = serial_mean(thirds[k]->impulse[1]);
    const double sum = l.mean + r.mean;
    si[k] = 200 * (r.mean - l.mean) / sum;
    const double dr = 400 * l.mean / (sum * sum), dl = -400 * r.mean / (sum * sum);
    var[k] = dr * dr * r.var_of_mean + dl * dl * l.var_of_mean;
    n_eff = std::min({n_eff, l.effective_n, r.effective_n});
  }
  f.first = si[0];
  f.last = si[1];
  f.change = si[1] - si[0];
  const double half = t_quantile_975(std::floor(n_eff) - 1) * std::sqrt(var[0] + var[1]);
  f.ci_low = f.change - half;
  f.ci_high = f.change + half;
  const bool away = f.last >= 0 ? f.ci_low > 0 : f.ci_high < 0;
  f.real = away && std::abs(f.last) - std::abs(f.first) >= kMinAsymmetryGrowthPts;
  return f;
}

// Fatigue direction: +1 when the metric rises with fatigue, -1 when it falls.
FormShift compare(const std::vector<double>& first, const std::vector<double>& last,
                  int fatigue_sign, double min_change, bool min_is_pct,
                  const std::function<double(double)>& transform = {},
                  const std::function<double(double)>& slope = {}) {
  FormShift f;
  if (first.size() < 2 || last.size() < 2) return f;
  const SerialMean a = serial_mean(first), b = serial_mean(last);
  // A transformed metric (cadence from the mean interval) takes its variance by the delta
  // method: var(g(m)) = g'(m)^2 var(m).
  const double ga = transform ? transform(a.mean) : a.mean;
  const double gb = transform ? transform(b.mean) : b.mean;
  const double da = slope ? slope(a.mean) : 1.0, db = slope ? slope(b.mean) : 1.0;
  f.first = ga;
  f.last = gb;
  f.change = gb - ga;
  const double se = std::sqrt(da * da * a.var_of_mean + db * db * b.var_of_mean);
  const double t = t_quantile_975(std::floor(std::min(a.effective_n, b.effective_n)) - 1);
  f.ci_low = f.change - t * se;
  f.ci_high = f.change + t * se;
  const bool beyond_zero = fatigue_sign > 0 ? f.ci_low > 0 : f.ci_high < 0;
  const double size = min_is_pct ? std::abs(f.change_pct()) : std::abs(f.change);
  const bool fatigue_side = fatigue_sign * f.change > 0;
  f.real = beyond_zero && fatigue_side && size >= min_change;
  return f;
}

// The speed sample nearest t within 1.5 s; NaN when none.
double speed_at(std::span<const SpeedSample> speed, double t) {
  const auto it = std::lower_bound(speed.begin(), speed.end(), t,
                                   [](const SpeedSample& a, double v) { return a.t_s < v; });
  double best = std::numeric_limits<double>::quiet_NaN(), gap = 1.5;
  for (auto c : {it, it == speed.begin() ? it : it - 1}) {
    if (c == speed.end() || !(c->speed_mps > 0)) continue;
    if (std::abs(c->t_s - t) <= gap) {
      gap = std::abs(c->t_s - t);
      best = c->speed_mps;
    }
  }
  return best;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

}  // namespace

LateRunForm late_run_form(std::span<const Step> unordered, std::span<const SpeedSample> speed) {
  LateRunForm out;
  if (unordered.size() < 2) return out;
  std::vector<Step> steps(unordered.begin(), unordered.end());
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& a, const Step& b) { return a.contact_s < b.contact_s; });
  const double t0 = steps.front().contact_s, t1 = steps.back().contact_s;
  out.run_s = t1 - t0;
  if (out.run_s < kMinFormRunS) return out;
  const double first_end = t0 + out.run_s / 3, last_start = t1 - out.run_s / 3;
  // With a watch's speed: the first third's mean speed sets the pace steps are compared at.
  double pace = 0;
  if (!speed.empty()) {
    std::vector<double> v[2];
    for (const Step& s : steps) {
      const double at = speed_at(speed, s.contact_s);
      if (std::isnan(at)) continue;
      if (s.contact_s < first_end) v[0].push_back(at);
      if (s.contact_s >= last_start) v[1].push_back(at);
    }
    if (!v[0].empty() && !v[1].empty()) {
      out.pace_known = true;
      out.first_speed_mps = mean_of(v[0]);
      out.last_speed_mps = mean_of(v[1]);
      pace = out.first_speed_mps;
    }
  }
  Third first, last;
  // Cadence from each foot's own strides: a foot whose insole lost a stretch of frames then
  // leaves one long gap (dropped), not a halved cadence.
  double previous_contact[2] = {-1, -1};
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    const std::size_t foot = s.side == Side::kLeft ? 0 : 1;
    const double previous = previous_contact[foot];
    previous_contact[foot] = s.contact_s;
    Third* third = s.contact_s < first_end ? &first : s.contact_s >= last_start ? &last : nullptr;
    if (!third) continue;
    if (out.pace_known) {
      const double at = speed_at(speed, s.contact_s);
      if (!(std::abs(at - pace) <= pace * kPaceMatchPct / 100)) continue;  // NaN: unknown
    }
    const double stride = s.contact_s - previous;
    if (previous >= 0 && stride > 0 && stride <= kMaxStrideS) third->stride.push_back(stride);
    if (s.missing_s > 0) continue;  // a stance with lost frames: its shape is not whole
    third->contact.push_back(s.contact_time_s());
    if (std::isfinite(s.loading_rate_n_per_s) && s.loading_rate_n_per_s > 0)
      third->loading_rate.push_back(s.loading_rate_n_per_s);
    if (std::isfinite(s.strike_index)) third->strike.push_back(s.strike_index);
    if (std::isfinite(s.toe_share)) third->toe_share.push_back(s.toe_share);
    if (std::isfinite(s.impulse_ns) && s.impulse_ns > 0)
      third->impulse[foot].push_back(s.impulse_ns);
  }
  out.first_steps = first.contact.size();
  out.last_steps = last.contact.size();
  if (out.first_steps < kMinStepsPerThird || out.last_steps < kMinStepsPerThird) return out;
  out.judged = true;
  out.contact_time_s = compare(first.contact, last.contact, +1, kMinContactRisePct, true);
  out.loading_rate_n_per_s =
      compare(first.loading_rate, last.loading_rate, +1, kMinLoadingRateRisePct, true);
  out.strike_index = compare(first.strike, last.strike, -1, kMinStrikeShift, false);
  // Cadence (steps of both feet per minute) is 120 / the mean stride.
  out.cadence_spm = compare(
      first.stride, last.stride, -1, kMinCadenceDropPct, true, [](double m) { return 120.0 / m; },
      [](double m) { return -120.0 / (m * m); });
  out.impulse_si_pct = impulse_si_growth(first, last);
  out.toe_share = compare(first.toe_share, last.toe_share, -1, kMinToeShareDrop, false);
  return out;
}

}  // namespace insole::analysis
