#include "insole/hw/sim/scenario.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "insole/hw/sensel_layout.h"

namespace insole::hw::sim {
namespace {

void check(bool ok, const std::string& field, const std::string& range) {
  if (!ok) throw std::invalid_argument("scenario: " + field + " must be " + range);
}

void check_range(double value, double lo, double hi, const std::string& field) {
  check(
      std::isfinite(value) && value >= lo && value <= hi, field,
      "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(value));
}

}  // namespace

std::string_view name(Foot foot) { return foot == Foot::kLeft ? "L" : "R"; }

std::string_view name(Gait gait) { return gait == Gait::kRun ? "run" : "walk"; }

std::string_view name(StrikeClass strike) {
  switch (strike) {
    case StrikeClass::kRearfoot:
      return "rearfoot";
    case StrikeClass::kMidfoot:
      return "midfoot";
    case StrikeClass::kForefoot:
      return "forefoot";
  }
  return "unknown";
}

std::string_view name(PronationClass pronation) {
  switch (pronation) {
    case PronationClass::kUnder:
      return "under";
    case PronationClass::kNeutral:
      return "neutral";
    case PronationClass::kOver:
      return "over";
  }
  return "unknown";
}

std::optional<Gait> parse_gait(std::string_view text) {
  if (text == "run") return Gait::kRun;
  if (text == "walk") return Gait::kWalk;
  return std::nullopt;
}

std::optional<StrikeClass> parse_strike_class(std::string_view text) {
  if (text == "rearfoot") return StrikeClass::kRearfoot;
  if (text == "midfoot") return StrikeClass::kMidfoot;
  if (text == "forefoot") return StrikeClass::kForefoot;
  return std::nullopt;
}

std::optional<PronationClass> parse_pronation_class(std::string_view text) {
  if (text == "under") return PronationClass::kUnder;
  if (text == "neutral") return PronationClass::kNeutral;
  if (text == "over") return PronationClass::kOver;
  return std::nullopt;
}

StrikeClass classify_strike_index(double strike_index) {
  if (strike_index < 1.0 / 3.0) return StrikeClass::kRearfoot;
  if (strike_index > 2.0 / 3.0) return StrikeClass::kForefoot;
  return StrikeClass::kMidfoot;
}

void validate(const Scenario& s) {
  if (s.gait == Gait::kRun) {
    check_range(s.speed_mps, 1.5, 7.0, "speed_mps (running)");
    check_range(s.cadence_spm, 120, 220, "cadence_spm (running)");
  } else {
    check_range(s.speed_mps, 0.4, 2.2, "speed_mps (walking)");
    check_range(s.cadence_spm, 70, 140, "cadence_spm (walking)");
  }
  check_range(s.body_mass_kg, 30, 150, "body_mass_kg");
  check(s.eu_size >= kMinEuSize && s.eu_size <= kMaxEuSize, "eu_size",
        "in [" + std::to_string(kMinEuSize) + ", " + std::to_string(kMaxEuSize) + "], got " +
            std::to_string(s.eu_size));
  const double step_s = 60.0 / s.cadence_spm;
  if (s.contact_time_s) {
    // Running needs a flight phase; walking needs double support and a swing phase.
    if (s.gait == Gait::kRun) {
      check_range(*s.contact_time_s, 0.12, 0.95 * step_s, "contact_time_s (running, < step)");
    } else {
      check_range(*s.contact_time_s, 1.05 * step_s, 1.6 * step_s,
                  "contact_time_s (walking, between 1.05 and 1.6 step periods)");
    }
  }
  if (s.strike_index) {
    switch (s.strike) {
      case StrikeClass::kRearfoot:
        check_range(*s.strike_index, 0.10, 0.22, "strike_index (rearfoot)");
        break;
      case StrikeClass::kMidfoot:
        check_range(*s.strike_index, 0.40, 0.58, "strike_index (midfoot)");
        break;
      case StrikeClass::kForefoot:
        check_range(*s.strike_index, 0.72, 0.85, "strike_index (forefoot)");
        break;
    }
  }
  check_range(s.asymmetry.peak_force_pct, -40, 40, "asymmetry.peak_force_pct");
  check_range(s.asymmetry.contact_time_pct, -40, 40, "asymmetry.contact_time_pct");
  check_range(s.asymmetry.loading_rate_pct, -40, 40, "asymmetry.loading_rate_pct");
  check_range(s.asymmetry.impulse_pct, -40, 40, "asymmetry.impulse_pct");
  check_range(s.shoe_wear, 0, 1, "shoe_wear");
  check_range(s.variability.stride_time_cv, 0, 0.1, "variability.stride_time_cv");
  check_range(s.variability.contact_time_cv, 0, 0.15, "variability.contact_time_cv");
  check_range(s.variability.peak_force_cv, 0, 0.15, "variability.peak_force_cv");
  check_range(s.variability.loading_rate_cv, 0, 0.25, "variability.loading_rate_cv");
  check_range(s.variability.strike_index_sd, 0, 0.05, "variability.strike_index_sd");
  check_range(s.variability.cpei_sd_pct, 0, 5, "variability.cpei_sd_pct");
  check_range(s.fatigue.rate_per_hour, 0, 2, "fatigue.rate_per_hour");
  check_range(s.sample_rate_hz, 10, 2000, "sample_rate_hz");
}

}  // namespace insole::hw::sim
