// Sensor artefacts of a worn FSR insole, written for the validation source independently of
// hw/electrical (pure, seeded, deterministic). Sources of each magnitude: docs/accuracy.md.
//
// Per foot, in this order:
//  1. first-order lag of the true force (time constant lag_s), applied to the continuous load;
//  2. creep (the reading rises toward (1 + creep) x load with a 5 s time constant under load,
//     and recovers as slowly after it) and hysteresis (on unloading the reading stays above the
//     load by hysteresis x min(load, peak - load), peak being the sensel's peak since it was
//     last unloaded);
//  3. slow baseline drift per sensel: a raised cosine of amplitude drawn in
//     [0.3, 1] x drift_n and period in 20-60 s, random phase;
//  4. read-out noise (Gaussian, noise_n RMS), then the ADC clips at zero and quantises;
//  5. a dead sensel reads 0, a stuck one a constant stuck_n.
// Frames are then dropped (bursts inside stances) or withheld (a foot missing) by the
// generator.
#ifndef INSOLE_HW_VALIDATION_SENSOR_MODEL_H_
#define INSOLE_HW_VALIDATION_SENSOR_MODEL_H_

#include <cstdint>
#include <random>
#include <span>
#include <string_view>
#include <vector>

namespace insole::hw::validation {

struct SensorArtefacts {
  double rate_hz = 200;
  double lag_s = 0;
  // The right insole's lag when it differs from the left's (lag_s); < 0: the same.
  double right_lag_s = -1;
  // The time constant the insoles declare in their layout (Layout::sensor_time_constant_s):
  // < 0: the true one of each insole; 0: none declared.
  double declared_lag_s = -1;
  double creep = 0;                    // fraction
  double hysteresis = 0;               // fraction
  double drift_n = 0;                  // per-sensel amplitude bound
  double noise_n = 0;                  // RMS per sensel, before clipping
  double quantum_n = 0;                // ADC step (0: none)
  double dropout_stance_fraction = 0;  // share of stances holding a dropped burst of 2-12 frames
  bool dead_sensel = false;
  bool stuck_sensel = false;
  double stuck_n = 30;
  bool foot_missing = false;  // the right foot sends nothing from 35 % to 60 % of the run
};

enum class Condition {
  kClean,
  kDrift,
  kCreepHysteresis,
  kClippedNoise,
  kLag,             // 3.5 ms, declared by the insole
  kLagUndeclared,   // 3.5 ms, not declared (a third-party insole)
  kLagMisdeclared,  // 2 ms left, 5 ms right, both declared 3.5 ms (a batch unlike its sheet)
  kDropouts,
  kRate100,
  kRate1000,
  kDeadSensel,
  kStuckSensel,
  kFootMissing,
  kWorn,  // drift + creep/hysteresis + clipped noise + lag together
};
inline constexpr Condition kAllConditions[] = {
    Condition::kClean,          Condition::kDrift,      Condition::kCreepHysteresis,
    Condition::kClippedNoise,   Condition::kLag,        Condition::kLagUndeclared,
    Condition::kLagMisdeclared, Condition::kDropouts,   Condition::kRate100,
    Condition::kRate1000,       Condition::kDeadSensel, Condition::kStuckSensel,
    Condition::kFootMissing,    Condition::kWorn};
// The time constant a foot's insole declares in its layout (0: none).
double declared_lag_s(const SensorArtefacts& a, bool right);
std::string_view name(Condition condition);
SensorArtefacts artefacts(Condition condition);

// First-order low-pass, exact for an input linear between updates.
class FirstOrderLag {
 public:
  FirstOrderLag(std::size_t channels, double tau_s) : tau_(tau_s), y_(channels), x_(channels) {}
  // Advance by dt to the new input; out = filtered value.
  void step(double dt, std::span<const double> input, std::span<double> out);

 private:
  double tau_;
  std::vector<double> y_, x_;
};

// Steps 2-5 for one foot.
class SensorModel {
 public:
  SensorModel(std::size_t sensels, const SensorArtefacts& artefacts, std::uint64_t seed);
  // load_n: the (lagged) true force per sensel at t; out: what the read-out reports.
  void read(double t_s, std::span<const float> load_n, std::span<float> out);

 private:
  SensorArtefacts a_;
  std::mt19937_64 rng_;
  std::normal_distribution<double> noise_{0.0, 1.0};
  double last_t_ = -1;
  std::vector<double> creep_state_, peak_, drift_amp_, drift_period_, drift_phase_;
  std::size_t dead_ = 0, stuck_ = 0;
};

}  // namespace insole::hw::validation

#endif  // INSOLE_HW_VALIDATION_SENSOR_MODEL_H_
