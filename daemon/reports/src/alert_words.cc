#include "insole/reports/alert_words.h"

#include <utility>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "insole/reports/number_text.h"

namespace insole::reports {
namespace {

namespace an = insole::analysis;

// A share of steps (0-1) as a whole percentage: "92%".
std::string percent(double share) { return fixed(100 * share, 0) + "%"; }

std::size_t foot(an::Side side) { return side == an::Side::kLeft ? 0 : 1; }
std::string word(an::Side side) { return side == an::Side::kLeft ? "left" : "right"; }

// "peak force", "loading rate", ...
std::string plain(an::Metric metric) {
  std::string s(an::name(metric));
  for (char& c : s) c = c == '_' ? ' ' : c;
  return s;
}

AlertWords flat_landing(const an::Alert& a) {
  const std::string who =
      a.side ? percent(a.share[foot(*a.side)]) + " of your " + word(*a.side) + " steps"
             : percent(a.share[0]) + " of your left and " + percent(a.share[1]) +
                   " of your right steps";
  return {who + " land flat-footed: heel and forefoot hit the ground together.",
          "A flat landing sends the impact straight up the leg to the lower back. Land with your "
          "foot under your hips rather than ahead of you: shorten your stride and raise your "
          "cadence by 5-10%, and let the foot roll from the outer heel or midfoot."};
}

// The feet whose index fell by kPronationChange or more against the runner's baseline.
std::array<bool, 2> pronation_changed(const an::Alert& a, const PronationBaseline& baseline) {
  std::array<bool, 2> changed{false, false};
  for (std::size_t f = 0; f < 2; ++f) {
    if (a.side && foot(*a.side) != f) continue;
    changed[f] = baseline.runs[f] >= kPronationBaselineRuns && std::isfinite(baseline.index[f]) &&
                 std::isfinite(a.pronation_index[f]) &&
                 baseline.index[f] - a.pronation_index[f] >= kPronationChange;
  }
  return changed;
}

AlertWords overpronation(const an::Alert& a, const PronationBaseline& baseline) {
  // Each foot's own median index: one foot's, or both, named.
  const std::string index = a.side ? fixed(a.pronation_index[foot(*a.side)], 1)
                                   : fixed(a.pronation_index[0], 1) + " left, " +
                                         fixed(a.pronation_index[1], 1) + " right";
  const std::string who = a.side
                              ? "Your " + word(*a.side) + " ankle rolls in (overpronation) on " +
                                    percent(a.share[foot(*a.side)]) + " of steps"
                              : "Both ankles roll in (overpronation): on " + percent(a.share[0]) +
                                    " of left and " + percent(a.share[1]) + " of right steps";
  std::string change;
  const auto changed = pronation_changed(a, baseline);
  for (std::size_t f = 0; f < 2; ++f) {
    if (!changed[f]) continue;
    change += std::string(change.empty() ? " Your " : "; your ") +
              word(f == 0 ? an::Side::kLeft : an::Side::kRight) + " index fell from " +
              fixed(baseline.index[f], 1) + ", your usual, to " + fixed(a.pronation_index[f], 1);
  }
  if (!change.empty()) change += ".";
  return {who + " (pronation index " + index + "; neutral is " + fixed(a.neutral_band[0], 1) + "-" +
              fixed(a.neutral_band[1], 1) + ")." + change,
          change.empty()
              ? "Pronation is information, not a fault: many runners roll in and run well. If "
                "nothing hurts, nothing needs changing; choose shoes by comfort (stability shoes "
                "are not proven to prevent injury)."
              : "Rolling in more than you used to can mean tired or weaker foot and hip muscles, "
                "or worn shoes. Strengthen the foot and hip (calf raises, single-leg balance, side "
                "planks), check your shoes' wear, and choose shoes by comfort: stability shoes are "
                "not proven to prevent injury."};
}

AlertWords imbalance(const an::Alert& a) {
  // SI > 0: the right side's mean is the larger one.
  std::size_t right_more = 0;
  for (const auto& m : a.metrics) right_more += m.asymmetry.si_pct > 0;
  const bool one_direction = right_more == 0 || right_more == a.metrics.size();
  std::string finding;
  for (const auto& m : a.metrics) {
    const an::Asymmetry& s = m.asymmetry;
    const double lo = std::min(std::abs(s.ci_low_pct), std::abs(s.ci_high_pct));
    const double hi = std::max(std::abs(s.ci_low_pct), std::abs(s.ci_high_pct));
    finding += std::string(finding.empty() ? "" : ", ") + plain(m.metric) +
               (one_direction  ? ""
                : s.si_pct > 0 ? " (right)"
                               : " (left)") +
               " +" + fixed(std::abs(s.si_pct), 1) + "% (95% interval " + fixed(lo, 1) + " to " +
               fixed(hi, 1) + "%)";
  }
  const std::string lead = one_direction ? std::string("Your ") + (right_more ? "right" : "left") +
                                               " leg takes more than your " +
                                               (right_more ? "left" : "right") + ": "
                                         : std::string("Your legs are loaded unevenly: ");
  return {lead + finding + ".",
          "Loading one side more than the other is linked to muscular imbalance and lower-back "
          "pain. Add single-leg strength work (split squats, single-leg deadlifts, hip bridges) on "
          "the weaker side, and see a physiotherapist if it hurts."};
}

}  // namespace

bool work_on(const an::Alert& alert, const PronationBaseline& baseline) {
  if (alert.code != an::AlertCode::kOverpronation) return true;
  const auto changed = pronation_changed(alert, baseline);
  return changed[0] || changed[1];
}

AlertWords describe(const an::Alert& alert, const PronationBaseline& baseline) {
  switch (alert.code) {
    case an::AlertCode::kFlatLanding:
      return flat_landing(alert);
    case an::AlertCode::kOverpronation:
      return overpronation(alert, baseline);
    case an::AlertCode::kImbalance:
      return imbalance(alert);
  }
  return {};
}

bool has_foot(const an::GaitSummary& g, an::Side side) { return g.feet[foot(side)].steps > 0; }

bool has_both_feet(const an::GaitSummary& g) {
  return has_foot(g, an::Side::kLeft) && has_foot(g, an::Side::kRight);
}

std::string coverage_note(const an::GaitSummary& g) {
  const bool left = has_foot(g, an::Side::kLeft), right = has_foot(g, an::Side::kRight);
  if (left && right) return "";
  if (!left && !right) return "No steps found.";
  const std::string here = left ? "left" : "right", gone = left ? "right" : "left";
  return "Only the " + here + " foot was recorded: nothing is said about your " + gone +
         " foot, your flight time or the balance between your legs.";
}

std::string sensor_note(const an::GaitSummary& g) {
  if (!g.force_asymmetry_withheld) return "";
  std::string out;
  for (const auto side : {an::Side::kLeft, an::Side::kRight}) {
    const an::SilentSensel& s = g.silent_sensel[foot(side)];
    if (s.sensel < 0) continue;
    out += std::string(out.empty() ? "" : " ") + "Sensor " + std::to_string(s.sensel + 1) +
           " of your " + (side == an::Side::kLeft ? "left" : "right") + " insole read nothing on " +
           std::to_string(static_cast<int>(std::lround(100 * s.share))) +
           " % of its steps while the same sensor of the other insole carried load.";
  }
  return out +
         " The force balance between your legs is not shown: it would be wrong. That foot's "
         "landing and pronation figures may be off too. Check that the insole lies flat and is "
         "not creased or damaged; if it stays silent, the insole needs repair.";
}

std::string no_findings(const an::GaitSummary& g) {
  const bool left = has_foot(g, an::Side::kLeft), right = has_foot(g, an::Side::kRight);
  if (left && right) return "No findings: nothing to change.";
  if (!left && !right) return "No steps found: nothing to analyse.";
  return std::string("No findings for your ") + (left ? "left" : "right") + " foot; your " +
         (left ? "right" : "left") + " foot was not recorded.";
}

std::string side_code(const an::Alert& alert) {
  return alert.side ? std::string(an::name(*alert.side)) : std::string();
}

std::string metric_codes(const an::Alert& alert) {
  std::string out;
  for (const auto& m : alert.metrics)
    out += (out.empty() ? "" : ",") + std::string(an::name(m.metric));
  return out;
}

std::vector<store::AlertRecord> alert_records(const std::vector<analysis::Alert>& alerts) {
  std::vector<store::AlertRecord> out;
  for (const auto& a : alerts) {
    auto words = describe(a);  // stored as the runner was told them
    out.push_back({std::string(analysis::name(a.code)), side_code(a), metric_codes(a),
                   std::move(words.finding), std::move(words.advice)});
  }
  return out;
}

}  // namespace insole::reports
