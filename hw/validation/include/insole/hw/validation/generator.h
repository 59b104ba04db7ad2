// The second validation source: a runner on the independent foot model, read through a sensel
// grid and the sensor artefacts, as timestamped frames per foot with their truth (pure,
// seeded, deterministic).
//
// Truth comes from the model's continuous force, never from the frames: contact / toe-off are
// the instants the true total vertical force crosses 20 N (bisection on the analytic force,
// 1 us), the strike and pronation classes are the runner's parameters, the strike index is the
// true CoP y at contact / foot length, the CPEI that of the exact CoP path of the pressure
// field, impulse and peak are the true step's.
#ifndef INSOLE_HW_VALIDATION_GENERATOR_H_
#define INSOLE_HW_VALIDATION_GENERATOR_H_

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "insole/analysis/step.h"
#include "insole/hw/validation/foot_model.h"
#include "insole/hw/validation/sensel_grid.h"
#include "insole/hw/validation/sensor_model.h"

namespace insole::hw::validation {

inline constexpr double kTruthThresholdN = 20.0;

struct TruthStep {
  analysis::Side side = analysis::Side::kLeft;
  double contact_s = 0;
  double toe_off_s = 0;
  StrikeType strike = StrikeType::kRearfoot;
  PronationType pronation = PronationType::kNeutral;
  double strike_index = 0;
  // CPEI of the exact centre-of-pressure path of the pressure field between the 20 N
  // crossings (sampled at 0.5 ms), over the grid's declared foot width; NaN where CPEI is
  // undefined (the path does not pass 2/3 of foot length from behind).
  double cpei_pct = 0;
  double impulse_ns = 0;
  double peak_n = 0;
};

struct TimeInterval {
  analysis::Side side = analysis::Side::kLeft;
  double from_s = 0, to_s = 0;
};

using FrameSink = std::function<void(analysis::Side, double t_s, std::span<const float>)>;

class Generator {
 public:
  // `grid` is referenced, not copied: it must outlive the generator.
  Generator(const Runner& runner, const SenselGrid& grid, const SensorArtefacts& artefacts,
            double seconds, std::uint64_t seed);

  const std::vector<TruthStep>& truth() const { return truth_; }
  // Where a foot sent no frames for longer than a dropped burst (a missing foot): truth steps
  // overlapping these cannot be found and are not scored.
  const std::vector<TimeInterval>& absent() const { return absent_; }
  const std::vector<StancePlan>& stances(analysis::Side side) const {
    return plans_[side == analysis::Side::kLeft ? 0 : 1];
  }
  const SenselGrid& grid() const { return grid_; }

  double true_total_n(analysis::Side side, double t_s) const;

  // Every frame of both feet in time order (left then right within a frame period).
  void run(const FrameSink& sink);

 private:
  Runner runner_;
  const SenselGrid& grid_;
  SensorArtefacts artefacts_;
  double seconds_;
  std::uint64_t seed_;
  std::array<std::vector<StancePlan>, 2> plans_;
  std::array<std::vector<TimeInterval>, 2> dropped_;
  std::vector<TruthStep> truth_;
  std::vector<TimeInterval> absent_;
};

}  // namespace insole::hw::validation

#endif  // INSOLE_HW_VALIDATION_GENERATOR_H_
