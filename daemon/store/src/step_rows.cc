#include "insole/store/step_rows.h"

#include <cmath>
#include <string>

namespace insole::store {

namespace an = insole::analysis;

char side_letter(an::Side side) { return side == an::Side::kLeft ? 'L' : 'R'; }

an::Side side_of_letter(char letter) { return letter == 'R' ? an::Side::kRight : an::Side::kLeft; }

StepRecord to_step_record(const an::Step& step) {
  StepRecord r;
  r.side = side_letter(step.side);
  r.contact_s = step.contact_s;
  r.toe_off_s = step.toe_off_s;
  r.peak_force_n = step.peak_force_n;
  r.impulse_ns = step.impulse_ns;
  r.loading_rate_n_per_s = step.loading_rate_n_per_s;
  r.flight_time_s = step.flight_time_s;
  r.strike_index = step.strike_index;
  r.strike = std::string(an::name(step.strike));
  r.flat_foot = step.flat_foot ? 1 : 0;
  r.pronation_index = step.pronation_index;
  r.cpei_pct = step.cpei_pct;
  r.medial_fraction = step.medial_fraction;
  r.pronation = std::string(an::name(step.pronation));
  r.missing_s = step.missing_s;
  r.silent_sensel = step.silent_sensel;
  r.toe_share = step.toe_share;
  return r;
}

std::vector<an::Step> analysed_steps(const std::vector<StepRecord>& rows) {
  std::vector<an::Step> out;
  for (const auto& r : rows) {
    if (r.strike.empty() || r.pronation.empty()) continue;
    an::Step s;
    s.side = side_of_letter(r.side);
    s.contact_s = r.contact_s;
    s.toe_off_s = r.toe_off_s;
    s.peak_force_n = r.peak_force_n;
    s.impulse_ns = r.impulse_ns;
    s.loading_rate_n_per_s = r.loading_rate_n_per_s;
    s.flight_time_s = std::isnan(r.flight_time_s) ? 0.0 : r.flight_time_s;
    s.strike_index = r.strike_index;
    s.strike = an::classify_strike(r.strike_index);
    s.flat_foot = r.flat_foot == 1;
    s.pronation_index = r.pronation_index;
    s.cpei_pct = r.cpei_pct;
    s.medial_fraction = r.medial_fraction;
    s.pronation = r.pronation == "over"    ? an::Pronation::kOver
                  : r.pronation == "under" ? an::Pronation::kUnder
                                           : an::Pronation::kNeutral;
    s.missing_s = std::isnan(r.missing_s) ? 0.0 : r.missing_s;
    s.silent_sensel = r.silent_sensel;
    s.toe_share = r.toe_share;
    out.push_back(s);
  }
  return out;
}

}  // namespace insole::store
