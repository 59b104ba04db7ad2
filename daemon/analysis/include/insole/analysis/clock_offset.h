// How far a watch's clock is from the insoles' (pure): the lag that best lines up two
// per-second signals both devices measured, the cadence the insoles count from their steps and
// the cadence the watch recorded. Pearson correlation, so units (steps or strides per minute)
// and a constant offset do not matter; only the shape over time does, so a run at one steady
// cadence cannot be aligned and says so rather than guess.
#ifndef INSOLE_ANALYSIS_CLOCK_OFFSET_H_
#define INSOLE_ANALYSIS_CLOCK_OFFSET_H_

#include <cstddef>
#include <limits>
#include <span>

namespace insole::analysis {

// Lags searched, seconds either way; pairs of seconds needed at every lag; the correlation the
// best lag must reach, and by how much it must beat every lag at least kClockPeakWidthS away
// from it (a peak, not a plateau of a steady run).
inline constexpr int kClockMaxLagS = 120;
inline constexpr std::size_t kClockMinPairs = 120;
inline constexpr double kClockMinCorrelation = 0.6;
inline constexpr double kClockMinMargin = 0.15;
inline constexpr int kClockPeakWidthS = 10;

enum class ClockOffsetResult {
  kMeasured,
  kTooShort,    // fewer than kClockMinPairs seconds with both signals at some lag
  kTooSteady,   // a signal does not vary (one steady cadence)
  kNoClearPeak  // the best lag is too weak or not clearly better than others
};

struct ClockOffset {
  ClockOffsetResult result = ClockOffsetResult::kTooShort;
  // The watch's clock minus the insoles': watch[i + offset] lines up with insole[i]. Whole
  // seconds refined by a parabola through the peak and its neighbours.
  double offset_s = std::numeric_limits<double>::quiet_NaN();
  double correlation = std::numeric_limits<double>::quiet_NaN();  // at the best whole lag
  double margin = std::numeric_limits<double>::quiet_NaN();       // over the best lag away from it
};

// `insole` and `watch`: one value per second on the same nominal clock (index 0 the same
// second), NaN where unknown.
ClockOffset estimate_clock_offset(std::span<const double> insole, std::span<const double> watch);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_CLOCK_OFFSET_H_
