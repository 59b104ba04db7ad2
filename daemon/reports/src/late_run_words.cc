#include "insole/reports/late_run_words.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "insole/reports/number_text.h"

namespace insole::reports {
namespace {

// "4 % longer (95 % interval 3-5 %)" from a shift and the words for up and down.
std::string percent_change(const analysis::FormShift& f, const char* up, const char* down) {
  const double k = f.first != 0 ? 100.0 / f.first : 0.0;
  double lo = f.ci_low * k, hi = f.ci_high * k;
  const bool rise = f.change > 0;
  if (!rise) {
    lo = -lo;
    hi = -hi;
    std::swap(lo, hi);
  }
  return fixed(std::abs(f.change_pct()), 1) + " % " + (rise ? up : down) + " (95 % interval " +
         fixed(lo, 1) + "-" + fixed(hi, 1) + " %)";
}

}  // namespace

std::optional<store::AlertRecord> late_run_finding(const analysis::LateRunForm& form) {
  if (!form.judged || !form.any_real()) return std::nullopt;
  std::vector<std::string> parts;
  std::string metric;
  auto note = [&](const analysis::FormShift& f, const char* name, std::string text) {
    if (!f.real) return;
    if (metric.empty()) metric = name;
    parts.push_back(std::move(text));
  };
  note(form.contact_time_s, "contact_time_s",
       "your feet stayed on the ground " +
           percent_change(form.contact_time_s, "longer", "shorter") + ", " +
           fixed(form.contact_time_s.first * 1000, 0) + " -> " +
           fixed(form.contact_time_s.last * 1000, 0) + " ms");
  note(form.cadence_spm, "cadence_spm",
       "your cadence was " + percent_change(form.cadence_spm, "higher", "lower") + ", " +
           fixed(form.cadence_spm.first, 0) + " -> " + fixed(form.cadence_spm.last, 0) +
           " steps/min");
  note(form.loading_rate_n_per_s, "loading_rate_n_per_s",
       "you loaded your feet " +
           percent_change(form.loading_rate_n_per_s, "faster", "more slowly") + " (loading rate)");
  note(form.strike_index, "strike_index",
       "you landed " + fixed(std::abs(form.strike_index.change) * 100, 0) +
           " % of your foot's length further back (95 % interval " +
           fixed(-form.strike_index.ci_high * 100, 0) + "-" +
           fixed(-form.strike_index.ci_low * 100, 0) + " %)");
  const auto& toes = form.toe_share;
  note(toes, "toe_share",
       "your toes took " + fixed(-toes.change * 100, 0) +
           " points less of the forefoot's push-off load (" + fixed(toes.first * 100, 0) + " -> " +
           fixed(toes.last * 100, 0) + " %, 95 % interval " + fixed(-toes.ci_high * 100, 0) + "-" +
           fixed(-toes.ci_low * 100, 0) + " points: the load moved to the balls of your feet)");
  const auto& si = form.impulse_si_pct;
  const bool right = si.last > 0;
  note(si, "impulse_si_pct",
       std::string("your ") + (right ? "right" : "left") + " leg took " +
           fixed(std::abs(si.last), 1) + " % more of the load than the other, from " +
           fixed(std::abs(si.first), 1) + " % " +
           (si.first == 0 || (si.first > 0) == right ? "" : "the other way ") +
           "in the first third (95 % interval of the change " +
           fixed(right ? si.ci_low : -si.ci_high, 1) + "-" +
           fixed(right ? si.ci_high : -si.ci_low, 1) + " points: one leg tiring first)");
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i)
    joined += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  store::AlertRecord a;
  a.code = "late_run_form";
  a.metric = metric;
  a.finding = "In the last third of this run, against the first, " + joined + ". ";
  if (form.pace_known) {
    a.finding += "Compared at the same pace (your watch: steps within " +
                 fixed(analysis::kPaceMatchPct, 0) + " % of " + pace_text(form.first_speed_mps) +
                 "), so this is your form, not a slower pace.";
  } else {
    a.finding +=
        "The insole does not know your pace: if you kept it, your form was breaking down with "
        "fatigue; if you slowed down, part of this is the slower pace (attach your watch's file "
        "to compare at equal pace: insolectl import-watch).";
  }
  a.advice =
      "Form that breaks down late in a run loads the back and legs more with every step. Keep "
      "runs to what you can hold in good form: shorten the long run or add walk breaks, build "
      "strength in hips, calves and trunk, and rest well between hard days.";
  return a;
}

}  // namespace insole::reports
