#include "insole/fit/activity_file.h"

#include <array>
#include <cmath>
#include <stdexcept>

#include "insole/fit/activity_records.h"
#include "insole/fit/fit_encoder.h"
#include "insole/fit/fit_profile.h"
#include "insole_fields.h"

namespace insole::fit {

namespace {

namespace p = profile;
using enum BaseType;

constexpr std::uint16_t kProduct = 1;  // insole's product number under "development"

// Local message types.
enum Local : std::uint8_t {
  kFileIdLocal,
  kDeveloperIdLocal,  // and the field descriptions
  kDeviceInfoLocal,
  kEventLocal,
  kRecordLocal,
  kLapLocal,
  kSessionLocal,
  kActivityLocal,
};

Value num(double v) { return v; }

std::uint8_t sub_sport(const std::string& surface) {
  if (surface == "road") return p::session::kSubSportStreet;
  if (surface == "track") return p::session::kSubSportTrack;
  if (surface == "trail") return p::session::kSubSportTrail;
  if (surface == "treadmill") return p::session::kSubSportTreadmill;
  return p::session::kSubSportGeneric;
}

// FIT cadence for running counts one foot's steps (strides) per minute: whole rpm plus 1/128s.
std::pair<Value, Value> strides_per_min(double steps_per_min) {
  if (!(steps_per_min > 0)) return {std::monostate{}, std::monostate{}};
  const double rpm = steps_per_min / 2.0;
  const double whole = std::floor(rpm);
  return {whole, rpm - whole};
}

}  // namespace

const std::vector<DeveloperFieldInfo>& developer_fields() {
  static const std::vector<DeveloperFieldInfo> fields = detail::infos(detail::kExport);
  return fields;
}

std::vector<std::uint8_t> activity_file(const Activity& a) {
  if (a.steps.empty()) throw std::invalid_argument("the run has no steps: nothing to export");
  const std::vector<SecondRecord> records = second_records(a.steps, a.body_mass_kg);
  double last_toe_off = a.steps.front().toe_off_s;
  for (const auto& s : a.steps) last_toe_off = std::max(last_toe_off, s.toe_off_s);
  const double first_contact = a.steps.front().contact_s;
  const double elapsed_s = last_toe_off - first_contact;
  auto fit_time = [&](double run_clock_s) -> Value {
    return std::floor(a.clock_zero_unix_s + run_clock_s) - static_cast<double>(p::kUnixOfFitEpoch);
  };
  const Value start = fit_time(first_contact);
  const Value end = fit_time(std::ceil(last_toe_off));

  // Run-wide means FIT has fields for.
  double ct_sum[2] = {0, 0};
  int ct_n[2] = {0, 0};
  for (const auto& s : a.steps) {
    const int i = s.side == analysis::Side::kLeft ? 0 : 1;
    ct_sum[i] += s.contact_time_s();
    ++ct_n[i];
  }
  const double mean_ct_ms = (ct_sum[0] + ct_sum[1]) / (ct_n[0] + ct_n[1]) * 1000.0;
  double balance = Activity::kNaN;
  if (ct_n[0] > 0 && ct_n[1] > 0) {
    const double l = ct_sum[0] / ct_n[0], r = ct_sum[1] / ct_n[1];
    balance = 100.0 * l / (l + r);
  }
  const bool measured = a.measured_distance_m > 0;
  const double speed =
      measured && a.moving_time_s > 0 ? a.measured_distance_m / a.moving_time_s : Activity::kNaN;
  const double distance = measured ? a.measured_distance_m : Activity::kNaN;
  const auto [avg_rpm, avg_fraction] = strides_per_min(a.cadence_spm);

  Encoder e;
  {
    const FieldSpec f[] = {p::file_id::kType, p::file_id::kManufacturer, p::file_id::kProduct,
                           p::file_id::kTimeCreated};
    e.define(kFileIdLocal, p::mesg::kFileId, f);
    const Value v[] = {num(p::file_id::kTypeActivity), num(p::kManufacturerDevelopment),
                       num(kProduct), start};
    e.write(kFileIdLocal, v);
  }
  detail::describe(e, kDeveloperIdLocal, 0, a.software_version_x100, detail::kExport);
  {
    const FieldSpec f[] = {p::device_info::kTimestamp,       p::device_info::kDeviceIndex,
                           p::device_info::kManufacturer,    p::device_info::kProduct,
                           p::device_info::kSoftwareVersion, p::device_info::kSourceType};
    e.define(kDeviceInfoLocal, p::mesg::kDeviceInfo, f);
    const Value v[] = {start,
                       num(0),  // the creator
                       num(p::kManufacturerDevelopment),
                       num(kProduct),
                       num(a.software_version_x100 / 100.0),
                       num(p::device_info::kSourceLocal)};
    e.write(kDeviceInfoLocal, v);
  }
  const FieldSpec event_fields[] = {p::event::kTimestamp, p::event::kEvent, p::event::kEventType};
  e.define(kEventLocal, p::mesg::kEvent, event_fields);
  {
    const Value v[] = {start, num(p::event::kTimer), num(p::event::kStart)};
    e.write(kEventLocal, v);
  }
  {
    const FieldSpec f[] = {
        p::record::kTimestamp,     p::record::kCadence,           p::record::kFractionalCadence,
        p::record::kStanceTime,    p::record::kStanceTimeBalance, p::record::kDistance,
        p::record::kEnhancedSpeed, p::record::kHeartRate,         p::record::kEnhancedAltitude};
    const auto dev = detail::specs(p::mesg::kRecord, detail::kExport, 0);
    e.define(kRecordLocal, p::mesg::kRecord, f, dev);
    // The watch's seconds by UTC second; distance counted from the run's first record.
    std::size_t w = 0;
    double distance_zero = Activity::kNaN;
    for (const SecondRecord& r : records) {
      const auto [rpm, fraction] = strides_per_min(r.cadence_spm);
      const Value when = fit_time(static_cast<double>(r.t_s));
      const auto unix_s = static_cast<std::int64_t>(std::get<double>(when)) + p::kUnixOfFitEpoch;
      while (w < a.watch.size() && a.watch[w].unix_s < unix_s) ++w;
      WatchSecond watch;
      if (w < a.watch.size() && a.watch[w].unix_s == unix_s) watch = a.watch[w];
      if (std::isnan(distance_zero)) distance_zero = watch.distance_m;
      std::vector<Value> v = {when,
                              rpm,
                              fraction,
                              num(r.stance_time_ms),
                              num(r.stance_balance_left_pct),
                              num(watch.distance_m - distance_zero),
                              num(watch.speed_mps),
                              num(watch.heart_rate_bpm),
                              num(watch.altitude_m)};
      const auto dev_values = detail::record_values(r, detail::kExport);
      v.insert(v.end(), dev_values.begin(), dev_values.end());
      e.write(kRecordLocal, v);
    }
  }
  {
    const Value v[] = {end, num(p::event::kTimer), num(p::event::kStopAll)};
    e.write(kEventLocal, v);
  }
  {
    const FieldSpec f[] = {p::lap::kMessageIndex,
                           p::lap::kTimestamp,
                           p::lap::kEvent,
                           p::lap::kEventType,
                           p::lap::kStartTime,
                           p::lap::kTotalElapsedTime,
                           p::lap::kTotalTimerTime,
                           p::lap::kTotalDistance,
                           p::lap::kEnhancedAvgSpeed,
                           p::lap::kAvgCadence,
                           p::lap::kAvgFractionalCadence,
                           p::lap::kAvgStanceTime,
                           p::lap::kAvgStanceTimeBalance,
                           p::lap::kLapTrigger,
                           p::lap::kSport};
    e.define(kLapLocal, p::mesg::kLap, f);
    const Value v[] = {num(0),
                       end,
                       num(p::event::kTimer),
                       num(p::event::kStopAll),
                       start,
                       num(elapsed_s),
                       num(elapsed_s),
                       num(distance),
                       num(speed),
                       avg_rpm,
                       avg_fraction,
                       num(mean_ct_ms),
                       num(balance),
                       num(p::lap::kLapTriggerSessionEnd),
                       num(p::session::kSportRunning)};
    e.write(kLapLocal, v);
  }
  {
    const FieldSpec f[] = {p::session::kMessageIndex,
                           p::session::kTimestamp,
                           p::session::kEvent,
                           p::session::kEventType,
                           p::session::kStartTime,
                           p::session::kSport,
                           p::session::kSubSport,
                           p::session::kTotalElapsedTime,
                           p::session::kTotalTimerTime,
                           p::session::kTotalDistance,
                           p::session::kEnhancedAvgSpeed,
                           p::session::kAvgCadence,
                           p::session::kAvgFractionalCadence,
                           p::session::kAvgStanceTime,
                           p::session::kAvgStanceTimeBalance,
                           p::session::kFirstLapIndex,
                           p::session::kNumLaps,
                           p::session::kTrigger};
    const auto dev = detail::specs(p::mesg::kSession, detail::kExport, 0);
    e.define(kSessionLocal, p::mesg::kSession, f, dev);
    const Value v[] = {num(0),
                       end,
                       num(p::event::kTimer),
                       num(p::event::kStopAll),
                       start,
                       num(p::session::kSportRunning),
                       num(sub_sport(a.surface)),
                       num(elapsed_s),
                       num(elapsed_s),
                       num(distance),
                       num(speed),
                       avg_rpm,
                       avg_fraction,
                       num(mean_ct_ms),
                       num(balance),
                       num(0),
                       num(1),
                       num(p::session::kTriggerActivityEnd)};
    std::vector<Value> values(std::begin(v), std::end(v));
    const auto dev_values = detail::session_values(a, detail::kExport);
    values.insert(values.end(), dev_values.begin(), dev_values.end());
    e.write(kSessionLocal, values);
  }
  {
    const FieldSpec f[] = {p::activity::kTimestamp,   p::activity::kTotalTimerTime,
                           p::activity::kNumSessions, p::activity::kType,
                           p::activity::kEvent,       p::activity::kEventType};
    e.define(kActivityLocal, p::mesg::kActivity, f);
    const Value v[] = {end,
                       num(elapsed_s),
                       num(1),
                       num(p::activity::kTypeManual),
                       num(p::activity::kEventActivity),
                       num(p::event::kStopAll)};
    e.write(kActivityLocal, v);
  }
  return e.finish(p::kVersion);
}

}  // namespace insole::fit
