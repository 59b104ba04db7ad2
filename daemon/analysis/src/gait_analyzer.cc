#include "insole/analysis/gait_analyzer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace insole::analysis {
namespace {

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  const auto mid = v.begin() + static_cast<long>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// v with the given number of decimals.
std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

std::string plain(Metric metric) {
  std::string s(name(metric));
  for (char& c : s) c = c == '_' ? ' ' : c;
  return s;
}

}  // namespace

std::string_view name(Metric metric) {
  switch (metric) {
    case Metric::kPeakForce:
      return "peak_force";
    case Metric::kImpulse:
      return "impulse";
    case Metric::kContactTime:
      return "contact_time";
    case Metric::kLoadingRate:
      return "loading_rate";
  }
  return "?";
}

double value(const Step& step, Metric metric) {
  switch (metric) {
    case Metric::kPeakForce:
      return step.peak_force_n;
    case Metric::kImpulse:
      return step.impulse_ns;
    case Metric::kContactTime:
      return step.contact_time_s();
    case Metric::kLoadingRate:
      return step.loading_rate_n_per_s;
  }
  return 0;
}

GaitAnalyzer::GaitAnalyzer(const Layout& layout, GaitConfig config) : config_(config) {
  attach(Side::kLeft, layout);
  attach(Side::kRight, layout);
}

GaitAnalyzer::GaitAnalyzer(GaitConfig config) : config_(config) {}

void GaitAnalyzer::attach(Side side, const Layout& layout) {
  feet_[index(side)].emplace(side, layout, config_.foot);
}

std::optional<Step> GaitAnalyzer::push(Side side, double t_s, std::span<const float> forces_n) {
  const std::size_t i = index(side);
  if (!feet_[i]) return std::nullopt;
  auto step = feet_[i]->push(t_s, forces_n);
  if (!step) return std::nullopt;
  // Flight: from the other foot's last toe-off to this contact, if the other foot did not land
  // again in between (walking has none: one foot is always down).
  const std::size_t other = 1 - i;
  const double other_off = last_toe_off_[other];
  const bool other_down_since = feet_[other] && feet_[other]->in_contact() &&
                                feet_[other]->contact_started_s() <= step->contact_s;
  if (other_off <= step->contact_s && !other_down_since && step->contact_s - other_off < 1.0) {
    step->flight_time_s = step->contact_s - other_off;
  }
  last_toe_off_[i] = step->toe_off_s;
  steps_.push_back(*step);
  return step;
}

double cadence_spm(const std::vector<Step>& steps) {
  double weighted = 0, weight = 0;
  for (Side side : {Side::kLeft, Side::kRight}) {
    std::vector<double> contacts;
    for (const Step& s : steps) {
      if (s.side == side) contacts.push_back(s.contact_s);
    }
    if (contacts.size() < 3) continue;
    std::sort(contacts.begin(), contacts.end());
    std::vector<double> strides;
    for (std::size_t i = 1; i < contacts.size(); ++i)
      strides.push_back(contacts[i] - contacts[i - 1]);
    const double stride = median(strides);
    if (!(stride > 0)) continue;
    weighted += 120.0 / stride * static_cast<double>(contacts.size());
    weight += static_cast<double>(contacts.size());
  }
  return weight > 0 ? weighted / weight : 0.0;
}

GaitSummary summarize(const std::vector<Step>& steps, const GaitConfig& config) {
  GaitSummary out;
  std::array<std::vector<const Step*>, 2> by_side;
  for (const Step& s : steps) by_side[s.side == Side::kLeft ? 0 : 1].push_back(&s);

  out.cadence_spm = cadence_spm(steps);
  if (!steps.empty()) {
    double flight = 0;
    for (const Step& s : steps) flight += s.flight_time_s;
    out.mean_flight_time_s = flight / static_cast<double>(steps.size());
  }

  for (std::size_t f = 0; f < 2; ++f) {
    const auto& side_steps = by_side[f];
    FootSummary& fs = out.feet[f];
    fs.steps = side_steps.size();
    if (side_steps.empty()) continue;
    std::array<std::size_t, 3> strikes{};
    std::vector<double> strike_idx, pron_idx;
    std::size_t flat = 0;
    for (const Step* s : side_steps) {
      ++strikes[static_cast<std::size_t>(s->strike)];
      strike_idx.push_back(s->strike_index);
      pron_idx.push_back(s->pronation_index);
      flat += s->flat_foot;
      fs.mean_contact_time_s += s->contact_time_s();
      fs.mean_peak_force_n += s->peak_force_n;
      fs.mean_loading_rate_n_per_s += s->loading_rate_n_per_s;
    }
    const double n = static_cast<double>(side_steps.size());
    fs.mean_contact_time_s /= n;
    fs.mean_peak_force_n /= n;
    fs.mean_loading_rate_n_per_s /= n;
    fs.strike =
        static_cast<Strike>(std::max_element(strikes.begin(), strikes.end()) - strikes.begin());
    fs.strike_index_median = median(strike_idx);
    fs.flat_foot_fraction = static_cast<double>(flat) / n;
    fs.pronation_index_median = median(pron_idx);
    fs.pronation = classify_pronation(fs.pronation_index_median, config.foot.pronation);
  }

  for (std::size_t m = 0; m < kAsymmetryMetrics.size(); ++m) {
    std::vector<double> l, r;
    for (const Step* s : by_side[0]) l.push_back(value(*s, kAsymmetryMetrics[m]));
    for (const Step* s : by_side[1]) r.push_back(value(*s, kAsymmetryMetrics[m]));
    out.asymmetry[m] = symmetry_index(l, r, config.asymmetry_band_pct);
  }

  // Alerts: one per finding, tied to its risk factor, in plain words. A finding on both feet is
  // one alert ("both"), and every flagged asymmetry metric goes into one imbalance alert.
  std::array<double, 2> flat_share{-1, -1}, over_share{-1, -1};
  for (std::size_t f = 0; f < 2; ++f) {
    const FootSummary& fs = out.feet[f];
    if (fs.steps < 10) continue;
    const Side side = f == 0 ? Side::kLeft : Side::kRight;
    std::size_t over = 0;
    for (const Step& s : steps) over += s.side == side && s.pronation == Pronation::kOver;
    if (fs.flat_foot_fraction >= config.flat_foot_alert_fraction)
      flat_share[f] = fs.flat_foot_fraction;
    const double share = static_cast<double>(over) / static_cast<double>(fs.steps);
    if (share >= config.pronation_alert_fraction) over_share[f] = share;
  }
  // "left" / "right" / "both" and the share to quote (the larger one for both feet).
  auto which = [](const std::array<double, 2>& share) -> std::pair<std::string, double> {
    if (share[0] >= 0 && share[1] >= 0) return {"both", std::max(share[0], share[1])};
    if (share[0] >= 0) return {"left", share[0]};
    if (share[1] >= 0) return {"right", share[1]};
    return {"", 0};
  };
  auto side_code = [](const std::string& w) { return w == "left" ? "L" : w == "right" ? "R" : ""; };
  if (const auto [w, share] = which(flat_share); !w.empty()) {
    out.alerts.push_back(
        {"flat_landing", side_code(w), "",
         (w == "both" ? fixed(100 * flat_share[0], 0) + "% of your left and " +
                            fixed(100 * flat_share[1], 0) + "% of your right steps"
                      : fixed(100 * share, 0) + "% of your " + w + " steps") +
             " land flat-footed: heel and forefoot hit the ground together.",
         "A flat landing sends the impact straight up the leg to the lower back. Land with your "
         "foot under your hips rather than ahead of you: shorten your stride and raise your "
         "cadence by 5-10%, and let the foot roll from the outer heel or midfoot."});
  }
  if (const auto [w, share] = which(over_share); !w.empty()) {
    const double index = w == "right"  ? out.feet[1].pronation_index_median
                         : w == "left" ? out.feet[0].pronation_index_median
                                       : std::min(out.feet[0].pronation_index_median,
                                                  out.feet[1].pronation_index_median);
    out.alerts.push_back(
        {"overpronation", side_code(w), "",
         (w == "both" ? "Both ankles roll in (overpronation): on " + fixed(100 * over_share[0], 0) +
                            "% of left and " + fixed(100 * over_share[1], 0) + "% of right steps"
                      : "Your " + w + " ankle rolls in (overpronation) on " +
                            fixed(100 * share, 0) + "% of steps") +
             " (pronation index " + fixed(index, 1) + "; neutral is " +
             fixed(config.foot.pronation.over_below, 1) + "-" +
             fixed(config.foot.pronation.under_above, 1) + ").",
         "When the ankle rolls in, the knee and hip turn in with it and the lower back takes up "
         "the twist. Strengthen the foot and hip (calf raises, single-leg balance, side planks), "
         "and choose shoes by comfort: stability shoes are not proven to prevent injury."});
  }
  std::string metrics, finding;
  int right_more = 0, flagged = 0;
  for (std::size_t m = 0; m < kAsymmetryMetrics.size(); ++m) {
    if (!out.asymmetry[m].flagged) continue;
    ++flagged;
    right_more += out.asymmetry[m].si_pct > 0;
  }
  const bool one_direction = right_more == 0 || right_more == flagged;
  for (std::size_t m = 0; m < kAsymmetryMetrics.size(); ++m) {
    const Asymmetry& a = out.asymmetry[m];
    if (!a.flagged) continue;
    const double lo = std::min(std::abs(a.ci_low_pct), std::abs(a.ci_high_pct));
    const double hi = std::max(std::abs(a.ci_low_pct), std::abs(a.ci_high_pct));
    metrics += (metrics.empty() ? "" : ",") + std::string(name(kAsymmetryMetrics[m]));
    finding += std::string(finding.empty() ? "" : ", ") + plain(kAsymmetryMetrics[m]) +
               (one_direction  ? ""
                : a.si_pct > 0 ? " (right)"
                               : " (left)") +
               " +" + fixed(std::abs(a.si_pct), 1) + "% (95% interval " + fixed(lo, 1) + " to " +
               fixed(hi, 1) + "%)";
  }
  if (!metrics.empty()) {
    finding =
        (one_direction ? std::string("Your ") + (right_more ? "right" : "left") +
                             " leg takes more than your " + (right_more ? "left" : "right") + ": "
                       : std::string("Your legs are loaded unevenly: ")) +
        finding + ".";
  }
  if (!metrics.empty()) {
    out.alerts.push_back(
        {"imbalance", "", metrics, finding,
         "Loading one side more than the other is linked to muscular imbalance and lower-back "
         "pain. Add single-leg strength work (split squats, single-leg deadlifts, hip bridges) on "
         "the weaker side, and see a physiotherapist if it hurts."});
  }
  return out;
}

}  // namespace insole::analysis
