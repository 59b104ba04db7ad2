// Form breaking down within a run (pure): the last third of a run against the first.
//
// Fatigue lengthens ground contact (pooled standardised mean difference 0.52 in the systematic
// review the issue cites), lowers cadence, moves the strike toward the heel and raises loading
// rate. Each is compared between the analysed steps of the first and the last third of the run
// (by time from the first to the last contact): the change of the mean with its 95 % interval
// (Welch, each third's mean with its effective number of steps, serial_mean.h). A change is
// real when the interval lies wholly on the fatigue side of zero AND the change reaches the
// metric's smallest change that matters (kMin*, chosen here, not published). Pace is not known
// to the insole alone: a runner who slowed down late shows the same changes. With a watch's
// speed (SpeedSample), only the steps run within kPaceMatchPct of the first third's mean speed
// are compared, in both thirds, so a slower stretch is not read as a change in form.
#ifndef INSOLE_ANALYSIS_LATE_RUN_FORM_H_
#define INSOLE_ANALYSIS_LATE_RUN_FORM_H_

#include <cstddef>
#include <span>

#include "insole/analysis/step.h"

namespace insole::analysis {

inline constexpr double kMinFormRunS = 15 * 60;        // shorter runs are not judged
inline constexpr std::size_t kMinStepsPerThird = 100;  // analysed steps in each compared third
inline constexpr double kMinContactRisePct = 3.0;
inline constexpr double kMinCadenceDropPct = 2.0;
inline constexpr double kMinLoadingRateRisePct = 5.0;
inline constexpr double kMinStrikeShift = 0.03;  // strike index (fraction of foot length)
// The left/right impulse difference growing within the run (one leg tiring first): |SI| up by
// at least this many points, the change's interval away from zero on the side it grew.
inline constexpr double kMinAsymmetryGrowthPts = 3.0;
// The toes' share of the forefoot load at push-off falling (load moving from the toes to the
// metatarsal heads as the toe flexors tire; Nagel et al. 2008), in share points (0-1 scale).
inline constexpr double kMinToeShareDrop = 0.03;

// The runner's speed at a moment of the run (a watch's track): the run's clock, m/s.
struct SpeedSample {
  double t_s = 0;
  double speed_mps = 0;
};
// Steps compared at equal pace: within this many percent of the first third's mean speed.
inline constexpr double kPaceMatchPct = 3.0;

struct FormShift {
  double first = 0;   // mean over the first third
  double last = 0;    // mean over the last third
  double change = 0;  // last - first, in the metric's unit
  double ci_low = 0;  // 95 % interval of `change`
  double ci_high = 0;
  double change_pct() const { return first != 0 ? 100.0 * change / first : 0.0; }
  bool real = false;  // on the fatigue side beyond its interval and the smallest change
};

struct LateRunForm {
  // False when the run is shorter than kMinFormRunS or a third has fewer than kMinStepsPerThird
  // analysed steps: nothing is judged (never "no change").
  bool judged = false;
  double run_s = 0;
  std::size_t first_steps = 0, last_steps = 0;
  FormShift contact_time_s;        // fatigue: up
  FormShift cadence_spm;           // fatigue: down (120 / each foot's mean stride)
  FormShift loading_rate_n_per_s;  // fatigue: up
  FormShift strike_index;          // fatigue: down (toward the heel)
  // Impulse SI (points, R vs L as asymmetry.h): first/last are each third's SI of the feet's
  // mean impulses (variance by the delta method); real when |SI| grew (see above). Zero when
  // the steps carry no impulse.
  FormShift impulse_si_pct;
  FormShift toe_share;  // fatigue: down; zero when the steps carry no toe share
  // With a watch's speed: each third's mean speed over its steps (before matching) and whether
  // the comparison kept only the steps at the first third's pace. pace_known with judged false:
  // too few steps of a third were run at that pace to compare (the pace changed too much).
  bool pace_known = false;
  double first_speed_mps = 0, last_speed_mps = 0;
  bool any_real() const {
    return contact_time_s.real || cadence_spm.real || loading_rate_n_per_s.real ||
           strike_index.real || impulse_si_pct.real || toe_share.real;
  }
};

// `steps`: both feet's steps of one run, in any order (they are taken in contact order); steps
// with lost frames (missing_s > 0) count for timing only.
// speed: by time (empty: not known); a step's speed is the sample nearest its contact within
// 1.5 s, else unknown (and the step is left out of a pace-matched comparison).
LateRunForm late_run_form(std::span<const Step> steps, std::span<const SpeedSample> speed = {});

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_LATE_RUN_FORM_H_
