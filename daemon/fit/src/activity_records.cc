#include "insole/fit/activity_records.h"

#include <cmath>

namespace insole::fit {

namespace {

struct Mean {
  double sum = 0;
  int n = 0;
  void add(double v) {
    if (std::isnan(v)) return;
    sum += v;
    ++n;
  }
  double value() const { return n > 0 ? sum / n : SecondRecord::kNaN; }
};

}  // namespace

std::vector<SecondRecord> second_records(std::span<const analysis::Step> steps, double body_mass_kg,
                                         const RecordWindow& window) {
  std::vector<SecondRecord> out;
  if (steps.empty()) return out;
  double last_toe_off = steps.front().toe_off_s;
  for (const auto& s : steps) last_toe_off = std::max(last_toe_off, s.toe_off_s);
  const auto first = static_cast<std::int64_t>(std::ceil(steps.front().contact_s));
  const auto last = static_cast<std::int64_t>(std::ceil(last_toe_off));
  const double weight_n = body_mass_kg > 0 ? body_mass_kg * kStandardGravity : SecondRecord::kNaN;
  std::size_t begin = 0, end = 0;  // steps with contact in (t - window, t]
  for (std::int64_t t = first; t <= last; ++t) {
    const double td = static_cast<double>(t);
    while (end < steps.size() && steps[end].contact_s <= td) ++end;
    while (begin < end && steps[begin].contact_s <= td - window.window_s) ++begin;
    SecondRecord r;
    r.t_s = t;
    r.steps = static_cast<int>(end - begin);
    Mean contact, side_ct[2], strike, pronation, peak, rate;
    for (std::size_t i = begin; i < end; ++i) {
      const analysis::Step& s = steps[i];
      contact.add(s.contact_time_s() * 1000.0);
      side_ct[s.side == analysis::Side::kLeft ? 0 : 1].add(s.contact_time_s());
      strike.add(s.strike_index * 100.0);
      pronation.add(s.pronation_index);
      peak.add(s.peak_force_n);
      if (s.loading_rate_n_per_s > 0) rate.add(s.loading_rate_n_per_s / weight_n);
    }
    if (r.steps >= window.min_cadence_steps) {
      const double span = steps[end - 1].contact_s - steps[begin].contact_s;
      if (span > 0) r.cadence_spm = 60.0 * (r.steps - 1) / span;
    }
    r.stance_time_ms = contact.value();
    if (side_ct[0].n > 0 && side_ct[1].n > 0)
      r.stance_balance_left_pct =
          100.0 * side_ct[0].value() / (side_ct[0].value() + side_ct[1].value());
    r.strike_index_pct = strike.value();
    r.pronation_index = pronation.value();
    r.peak_force_n = peak.value();
    r.loading_rate_bw_per_s = rate.value();
    out.push_back(r);
  }
  return out;
}

}  // namespace insole::fit
