#include "insole/analysis/gait_analyzer.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "insole/analysis/cross_foot.h"

namespace insole::analysis {
namespace {

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  const auto mid = v.begin() + static_cast<long>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// The alert on the flagged feet, if any: no side when both are.
std::optional<Alert> foot_alert(AlertCode code, const std::array<bool, 2>& flagged,
                                const std::array<double, 2>& share) {
  if (!flagged[0] && !flagged[1]) return std::nullopt;
  Alert alert;
  alert.code = code;
  alert.share = share;
  if (flagged[0] != flagged[1]) alert.side = flagged[0] ? Side::kLeft : Side::kRight;
  return alert;
}

}  // namespace

std::string_view name(AlertCode code) {
  switch (code) {
    case AlertCode::kFlatLanding:
      return "flat_landing";
    case AlertCode::kOverpronation:
      return "overpronation";
    case AlertCode::kImbalance:
      return "imbalance";
  }
  return "?";
}

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
  positions_[index(side)] = layout.sensels;
  same_layout_ = feet_[0] && feet_[1] && same_layout(positions_[0], positions_[1]);
}

std::optional<Step> GaitAnalyzer::push(Side side, double t_s, std::span<const float> forces_n) {
  const std::size_t i = index(side);
  if (!feet_[i]) return std::nullopt;
  auto step = feet_[i]->push(t_s, forces_n);
  if (!step) return std::nullopt;
  const std::size_t other = 1 - i;
  OtherFootState state;
  state.last_toe_off_s = last_toe_off_[other];
  if (feet_[other]) {
    state.attached = true;
    state.in_contact = feet_[other]->in_contact();
    state.contact_started_s = feet_[other]->contact_started_s();
  }
  step->flight_time_s = flight_time_s(step->contact_s, state);
  if (same_layout_) {
    const FootAnalyzer& own = *feet_[i];
    const FootAnalyzer& theirs = *feet_[other];
    step->silent_sensel =
        silent_sensel(own.accepted_steps(), own.sensel_peak_means(), theirs.accepted_steps(),
                      theirs.sensel_peak_means(), config_);
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

  // A sensel that read nothing: the most frequent one per foot and the share of steps it spoils.
  for (std::size_t f = 0; f < 2; ++f) {
    std::vector<int> silent;
    for (const Step* s : by_side[f])
      if (s->silent_sensel >= 0) silent.push_back(s->silent_sensel);
    if (silent.empty()) continue;
    std::sort(silent.begin(), silent.end());
    int best = silent.front(), run = 0, best_run = 0;
    for (std::size_t k = 0; k < silent.size(); ++k) {
      run = k > 0 && silent[k] == silent[k - 1] ? run + 1 : 1;
      if (run > best_run) {
        best_run = run;
        best = silent[k];
      }
    }
    out.silent_sensel[f] = {
        best, static_cast<double>(silent.size()) / static_cast<double>(by_side[f].size())};
    if (out.silent_sensel[f].share >= config.silent_withhold_share)
      out.force_asymmetry_withheld = true;
  }

  for (std::size_t m = 0; m < kAsymmetryMetrics.size(); ++m) {
    std::vector<double> l, r;
    for (const Step* s : by_side[0]) l.push_back(value(*s, kAsymmetryMetrics[m]));
    for (const Step* s : by_side[1]) r.push_back(value(*s, kAsymmetryMetrics[m]));
    out.asymmetry[m] = symmetry_index(l, r, config.asymmetry_band_pct);
    if (out.force_asymmetry_withheld && kAsymmetryMetrics[m] != Metric::kContactTime) {
      Asymmetry& a = out.asymmetry[m];
      a.si_pct = a.ci_low_pct = a.ci_high_pct = std::nan("");
      a.flagged = false;
      a.withheld = true;
    }
  }

  // Alerts: one per finding, tied to its risk factor, as a code and the numbers behind it. A
  // finding on both feet is one alert (no side), and every flagged asymmetry metric goes into one
  // imbalance alert. A foot without steps has no numbers here, and a foot needs 10 steps before
  // it is flagged, so no alert claims anything about a foot that was not measured.
  std::array<double, 2> flat_share{Alert::kNaN, Alert::kNaN}, over_share{Alert::kNaN, Alert::kNaN};
  std::array<double, 2> pronation_index{Alert::kNaN, Alert::kNaN};
  std::array<bool, 2> flat{}, over{};
  for (std::size_t f = 0; f < 2; ++f) {
    const FootSummary& fs = out.feet[f];
    if (fs.steps == 0) continue;
    std::size_t over_steps = 0;
    for (const Step* s : by_side[f]) over_steps += s->pronation == Pronation::kOver;
    flat_share[f] = fs.flat_foot_fraction;
    over_share[f] = static_cast<double>(over_steps) / static_cast<double>(fs.steps);
    pronation_index[f] = fs.pronation_index_median;
    if (fs.steps < 10) continue;
    flat[f] = flat_share[f] >= config.flat_foot_alert_fraction;
    over[f] = over_share[f] >= config.pronation_alert_fraction;
  }
  if (auto alert = foot_alert(AlertCode::kFlatLanding, flat, flat_share)) {
    out.alerts.push_back(std::move(*alert));
  }
  if (auto alert = foot_alert(AlertCode::kOverpronation, over, over_share)) {
    alert->pronation_index = pronation_index;
    alert->neutral_band = {config.foot.pronation.over_below, config.foot.pronation.under_above};
    out.alerts.push_back(std::move(*alert));
  }
  Alert imbalance;
  imbalance.code = AlertCode::kImbalance;
  for (std::size_t m = 0; m < kAsymmetryMetrics.size(); ++m) {
    if (out.asymmetry[m].flagged)
      imbalance.metrics.push_back({kAsymmetryMetrics[m], out.asymmetry[m]});
  }
  if (!imbalance.metrics.empty()) out.alerts.push_back(std::move(imbalance));
  return out;
}

}  // namespace insole::analysis
