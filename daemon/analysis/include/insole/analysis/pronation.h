// Pronation from the centre-of-pressure path and medial/lateral loading (pure).
//
// CPEI, the centre-of-pressure excursion index (Song, Hillstrom et al. 1996, J Am Podiatr Med
// Assoc 86:16): the construction line joins the first and last CoP points of the stance; at
// y* = 2/3 of foot length the distance from that line to the CoP path, positive when the path is
// lateral of the line, divided by foot width, in %. Pronated (planus) feet roll the CoP medially
// and have a small CPEI; supinated (cavus) feet a large one.
//
// When the path never reaches y* from behind (forefoot strikes), CPEI is undefined and the
// pronation index falls back to the medial share of plantar force in 20-80% of stance, mapped
// linearly onto the CPEI scale (calibration in docs/algorithms.md).
#ifndef INSOLE_ANALYSIS_PRONATION_H_
#define INSOLE_ANALYSIS_PRONATION_H_

#include <span>

#include "insole/analysis/step.h"

namespace insole::analysis {

struct CopPoint {
  double x_mm;
  double y_mm;
};

struct PronationBands {
  double over_below = 13.5;   // index < this: over-pronation (ankle rolls in)
  double under_above = 24.5;  // index > this: under-pronation (supination)
  // Medial-fraction fallback: index = neutral_index - (fraction - neutral_fraction) * slope.
  double neutral_index = 19.0;
  double neutral_fraction = 0.48;
  double fraction_slope = 110.0;
};

// NaN when undefined (fewer than 2 points, or the path does not pass y* after its start).
double cpei_pct(std::span<const CopPoint> path, double foot_length_mm, double foot_width_mm);

double pronation_index(double cpei, double medial_fraction, const PronationBands& bands);
Pronation classify_pronation(double index, const PronationBands& bands);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_PRONATION_H_
