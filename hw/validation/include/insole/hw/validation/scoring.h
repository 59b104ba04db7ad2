// Scores analysed steps against truth (pure).
//
// Matching, per side: each truth step whose contact lies in [from_s, to_s] and that does not
// overlap an interval with no frames is matched to the unused analysed step of the same side
// nearest in contact time, within `window_s`. Analysed steps left unmatched in the same span
// (and outside those intervals) are extra. Pronation index ordering uses the CPEI convention
// of the analysis: under-pronators (supinated) have the largest index, over-pronators the
// smallest.
#ifndef INSOLE_HW_VALIDATION_SCORING_H_
#define INSOLE_HW_VALIDATION_SCORING_H_

#include <array>
#include <cstddef>
#include <span>

#include "insole/analysis/step.h"
#include "insole/hw/validation/generator.h"

namespace insole::hw::validation {

struct Score {
  std::size_t truth = 0, found = 0, extra = 0;
  double contact_abs_ms = 0, toe_off_abs_ms = 0;        // sums over found steps
  double contact_signed_ms = 0, toe_off_signed_ms = 0;  // analysed minus truth, sums
  std::size_t strike_ok = 0, midfoot_n = 0, midfoot_ok = 0;
  std::array<std::size_t, 3> pronation_n{}, pronation_ok{};  // by true strike type
  // Sum and count of the analysed pronation index by [true strike][true pronation class].
  std::array<std::array<double, 3>, 3> pronation_index_sum{};
  std::array<std::array<std::size_t, 3>, 3> pronation_index_n{};
  // Rearfoot steps with CPEI defined in both: |analysed - true| CPEI, summed, and their count.
  double cpei_abs_pp = 0;
  std::size_t cpei_n = 0;
  // The source's own (true) CPEI by [true strike][true pronation class], sum and count.
  std::array<std::array<double, 3>, 3> true_cpei_sum{};
  std::array<std::array<std::size_t, 3>, 3> true_cpei_n{};

  void add(const Score& other);
  double found_pct() const;
  double extra_pct() const;
  double contact_mae_ms() const;
  double toe_off_mae_ms() const;
  double contact_bias_ms() const;  // mean signed error: > 0 when the analysis is late
  double toe_off_bias_ms() const;
  double strike_pct() const;
  double midfoot_pct() const;                     // NaN without midfoot truth
  double pronation_pct(StrikeType strike) const;  // NaN without truth of that strike
  double mean_pronation_index(StrikeType strike, PronationType pronation) const;
  double cpei_mae_pp() const;  // NaN without rearfoot steps
  double mean_true_cpei(StrikeType strike, PronationType pronation) const;
  // True when under > neutral > over in mean index for this strike; false when a class is
  // missing or out of order.
  bool pronation_ordered(StrikeType strike) const;
};

Score score_steps(std::span<const TruthStep> truth, std::span<const analysis::Step> analysed,
                  double from_s, double to_s, std::span<const TimeInterval> absent,
                  double window_s = 0.06);

// Symmetry index of impulse, (R - L) / mean x 100, over the truth steps (as the analysis
// defines SI on per-side means).
double impulse_si_pct(std::span<const TruthStep> truth);

}  // namespace insole::hw::validation

#endif  // INSOLE_HW_VALIDATION_SCORING_H_
