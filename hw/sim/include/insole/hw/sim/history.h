// A runner's weeks of running, planned with exact truth (issue 18): which runs, when, how long,
// on what, in which state of body and shoe. Each run is a Scenario for the gait simulator; the
// truth of the history (distances, spikes, the asymmetry and cadence asked, the shoe's
// distance) follows from the plan alone, never from any analysis. Pure: no I/O, no simulation.
//
// Every week has three runs at 3.0 m/s (but kSlowerWeeks): Tuesday and Thursday 20 minutes at 07:00
// UTC, Sunday 30 minutes at 08:00 UTC; Tuesday and Sunday on the road, Thursday on the track.
// Stories:
//  - kUnchanged: a rearfoot runner at 172 steps/min, symmetric, shoes half worn all along, every
//    run 25 minutes (so no spike): nothing true to find (false alarms are counted on it).
//  - kTwelveWeeks: every change of the issue in one history, for `insolectl trends` and the
//    dashboard:
//      cadence   a midfoot, flat-landing runner at 158 steps/min in weeks 1-4; from week 5 at
//                172 (+8.9 %, the coaching taken up);
//      right leg weakens over weeks 5-10: the impulse, peak force and loading rate of the right
//                foot fall against the left, SI 0 to -8 % (linear by run), then -8 % held;
//      shoes     started at 560 km; cushioning wear 0.4 to 1.0 (linear by run), so the shoe
//                passes 600 km on the way;
//      spike     week 9's Sunday run is 60 minutes (the month's longest before was 30);
//      fatigue   week 11's Sunday run is 45 minutes with fatigue drift 2 per hour.
//  - kSlowerWeeks: the unchanged runner (same form throughout) at different paces (issue 17):
//    Tuesday 3.3 m/s, Thursday 2.8, Sunday 3.0 in the first half of the weeks, each 0.3 m/s
//    slower in the second half; every run 25 minutes. The simulator's contacts lengthen and its
//    impacts soften as speed falls, so the slow weeks look different as run; at equal pace
//    nothing changed. Meant with measured (watch) distances.
#ifndef INSOLE_HW_SIM_HISTORY_H_
#define INSOLE_HW_SIM_HISTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insole/hw/sim/scenario.h"

namespace insole::hw::sim {

enum class HistoryStory : std::uint8_t { kUnchanged, kTwelveWeeks, kSlowerWeeks };
std::string_view name(HistoryStory story);  // "unchanged" | "twelve-weeks" | "slower-weeks"
std::optional<HistoryStory> parse_history_story(std::string_view text);

struct HistoryRun {
  double start_unix_s = 0;  // UTC
  double seconds = 0;       // running time, simulated from t = 0
  std::string surface;      // road | track
  Scenario scenario;        // what the simulator runs (its seed set per run)
  // Truth.
  int week = 0;                  // 1-based
  double km = 0;                 // speed x time (scenario.speed_mps)
  double shoe_km_before = 0;     // the shoe's distance when the run starts (incl. starting km)
  bool load_spike = false;       // > 10 % longer than the longest of the 30 days before
  double longest_before_km = 0;  // that longest (0: no run in the window)
  bool late_fatigue = false;     // the scenario drifts with fatigue
};

struct History {
  HistoryStory story = HistoryStory::kUnchanged;
  double shoe_starting_km = 0;
  std::vector<HistoryRun> runs;  // in start order
};

// `weeks` >= 1 (kTwelveWeeks needs at least 12: throws std::invalid_argument otherwise);
// `first_monday_unix_s` a Monday 00:00 UTC (std::invalid_argument otherwise).
History plan_history(HistoryStory story, int weeks, std::uint64_t seed, double first_monday_unix_s,
                     double sample_rate_hz = 200);

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_HISTORY_H_
