// A run as a FIT Activity file (pure): file_id, developer_data_id and field_description,
// device_info, timer events, one record per second (activity_records.h), one lap, one session,
// activity; CRCs. What FIT has a field for goes in it (cadence, stance time, stance time
// balance; distance and speed only when measured, per second only from an attached watch
// track, with its heart rate and altitude); the rest goes in developer fields, named and with
// units (docs/interop.md lists them).
#ifndef INSOLE_FIT_ACTIVITY_FILE_H_
#define INSOLE_FIT_ACTIVITY_FILE_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "insole/analysis/step.h"

namespace insole::fit {

// One second of a watch's track attached to the run (reports/watch_import.h).
struct WatchSecond {
  std::int64_t unix_s = 0;
  double distance_m = std::numeric_limits<double>::quiet_NaN();  // cumulative on the watch
  double speed_mps = std::numeric_limits<double>::quiet_NaN();
  double altitude_m = std::numeric_limits<double>::quiet_NaN();
  double heart_rate_bpm = std::numeric_limits<double>::quiet_NaN();
};

struct Activity {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  // UTC seconds since 1970 of the run clock's zero (Step::contact_s counts from it).
  double clock_zero_unix_s = 0;
  std::vector<analysis::Step> steps;  // both feet, ordered by contact
  double cadence_spm = kNaN;          // the run's cadence as its report gives it
  double body_mass_kg = kNaN;         // loading rate per body weight only when known
  // A distance the runner measured (watch, track) and the moving time it was run in: FIT's own
  // distance and speed. NaN: not measured, and FIT's distance stays empty.
  double measured_distance_m = kNaN;
  double moving_time_s = kNaN;
  // The insole's own estimate, as a developer field ("model" or "calibrated model").
  double estimated_distance_m = kNaN;
  std::string estimate_source;
  std::string surface;  // road | track | trail | treadmill | empty
  // A watch's track over the run, by time (empty: none): each record's distance (from the run's
  // first second), speed, altitude and heart rate.
  std::vector<WatchSecond> watch;
  // Session figures FIT has no field for; NaN / empty / 0 when unknown.
  double flat_share_pct = kNaN;
  double impulse_asymmetry_pct = kNaN;  // SI, + when the right foot's impulse is larger
  std::string strike_left, strike_right, pronation_left, pronation_right;
  std::int64_t shoe_id = 0;
  double shoe_km = kNaN;
  std::string shoe_verdict;
  std::uint16_t software_version_x100 = 0;
};

// The developer fields the file describes, by name, for docs and tests.
struct DeveloperFieldInfo {
  std::uint8_t number;
  const char* name;
  const char* units;
  std::uint16_t message;  // native message: record or session
};
const std::vector<DeveloperFieldInfo>& developer_fields();

// Throws std::invalid_argument for a run with no steps (there is nothing to write).
std::vector<std::uint8_t> activity_file(const Activity& activity);

}  // namespace insole::fit

#endif  // INSOLE_FIT_ACTIVITY_FILE_H_
