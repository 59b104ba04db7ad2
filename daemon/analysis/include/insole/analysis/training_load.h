// Training-load spikes (pure): a run much longer than the longest of the 30 days before it.
//
// Frandsen, Nielsen et al. 2025 (Garmin-RUNSAFE, 5,205 runners followed for 18 months, Br J
// Sports Med): a run more than 10 % longer than the longest run in the previous 30 days raised
// the rate of running injury (hazard rate ratio 1.64 for a 10-30 % spike, 2.28 above 100 %),
// while weekly distance and the acute:chronic ratio showed no such dose-response. The rule here
// is theirs: the run's distance against the longest earlier run that started in the 30 days
// before it; no earlier run in that window means nothing to compare with (not "no spike").
#ifndef INSOLE_ANALYSIS_TRAINING_LOAD_H_
#define INSOLE_ANALYSIS_TRAINING_LOAD_H_

#include <cstddef>
#include <optional>
#include <vector>

namespace insole::analysis {

inline constexpr double kSpikeWindowS = 30.0 * 24 * 3600;
inline constexpr double kSpikeThreshold = 0.10;  // more than 10 % longer

struct DatedDistance {
  double start_s = 0;  // when the run started (any fixed epoch, seconds)
  double km = 0;       // > 0; runs with no distance are left out by the caller
};

enum class SpikeBand { kUpTo30, kUpTo100, kOver100 };  // 10-30 %, 30-100 %, > 100 % longer

struct LoadSpike {
  double km = 0;
  double longest_before_km = 0;
  double increase = 0;            // km / longest_before_km - 1, > kSpikeThreshold
  std::size_t longest_index = 0;  // into the earlier runs given
  SpikeBand band = SpikeBand::kUpTo30;
};

// The spike run makes against `earlier` (any order; runs outside [run.start_s - 30 days,
// run.start_s) are ignored); nullopt when no earlier run is in the window or the run is at most
// 10 % longer than the longest of them.
std::optional<LoadSpike> load_spike(const DatedDistance& run,
                                    const std::vector<DatedDistance>& earlier);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_TRAINING_LOAD_H_
