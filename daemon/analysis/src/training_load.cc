#include "insole/analysis/training_load.h"

namespace insole::analysis {
namespace {

// Ratios of distances are compared a hair generously: 11 km against 10 km is 10 % longer
// exactly, whatever the last bit of 11 / 10 - 1 says.
constexpr double kTolerance = 1e-9;

}  // namespace

std::optional<LoadSpike> load_spike(const DatedDistance& run,
                                    const std::vector<DatedDistance>& earlier) {
  std::optional<std::size_t> longest;
  for (std::size_t i = 0; i < earlier.size(); ++i) {
    const DatedDistance& e = earlier[i];
    if (e.start_s >= run.start_s || e.start_s < run.start_s - kSpikeWindowS || !(e.km > 0))
      continue;
    if (!longest || e.km > earlier[*longest].km) longest = i;
  }
  if (!longest || !(run.km > 0)) return std::nullopt;
  LoadSpike spike;
  spike.km = run.km;
  spike.longest_before_km = earlier[*longest].km;
  spike.increase = run.km / spike.longest_before_km - 1.0;
  spike.longest_index = *longest;
  if (!(spike.increase > kSpikeThreshold + kTolerance)) return std::nullopt;
  spike.band = spike.increase <= 0.30 + kTolerance   ? SpikeBand::kUpTo30
               : spike.increase <= 1.00 + kTolerance ? SpikeBand::kUpTo100
                                                     : SpikeBand::kOver100;
  return spike;
}

}  // namespace insole::analysis
