#include "insole/api/status_json.h"

#include <string>

namespace insole::api {

using nlohmann::json;

namespace {

template <typename T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json link_json(const LinkQuality& l) {
  return {{"frames", l.frames},           {"crc_errors", l.crc_errors},
          {"malformed", l.malformed},     {"sequence_gaps", l.sequence_gaps},
          {"frames_lost", l.frames_lost}, {"frames_recovered", l.frames_recovered},
          {"loss_ratio", l.loss_ratio()}};
}

json device_json(const DeviceStatus& d) {
  return {{"uri", d.uri},
          {"serial_number", d.serial_number},
          {"side", std::string(1, d.side)},
          {"firmware_version", d.firmware_version},
          {"state", std::string(name(d.state))},
          {"battery_mv", or_null(d.battery_mv)},
          {"recording", d.recording_rate_hz ? json{{"rate_hz", *d.recording_rate_hz},
                                                   {"capacity_s", or_null(d.recording_capacity_s)},
                                                   {"free_s", or_null(d.recording_free_s)}}
                                            : json(nullptr)},
          {"link", link_json(d.link)}};
}

json foot_json(const FootLive& f) {
  return {{"steps", f.steps},
          {"last_strike", or_null(f.last_strike)},
          {"flat_foot_pct", or_null(f.flat_foot_pct)},
          {"pronation", or_null(f.pronation)},
          {"pronation_index", or_null(f.pronation_index)}};
}

json live_json(const LiveMetrics& m) {
  json asymmetry = json::object();
  for (const AsymmetryLive& a : m.asymmetry)
    asymmetry[a.metric] = {
        {"si_pct", or_null(a.si_pct)}, {"flagged", a.flagged}, {"withheld", a.withheld}};
  json alerts = json::array();
  for (const AlertLive& a : m.alerts) {
    alerts.push_back(
        {{"code", a.code}, {"side", a.side}, {"metric", a.metric}, {"finding", a.finding}});
  }
  return {{"window_steps", m.window_steps},
          {"cadence_spm", or_null(m.cadence_spm)},
          {"since_last_step_s", or_null(m.since_last_step_s)},
          {"feet", {{"L", foot_json(m.left)}, {"R", foot_json(m.right)}}},
          {"asymmetry", asymmetry},
          {"alerts", alerts},
          {"sensor_note", m.sensor_note.empty() ? json(nullptr) : json(m.sensor_note)}};
}

json shoe_json(const std::optional<ShoeLive>& s) {
  if (!s) return nullptr;
  return {{"id", s->id},
          {"name", s->name},
          {"distance_km", s->distance_km},
          {"verdict", s->verdict},
          {"message", s->message}};
}

json run_json(const RunStatus& r) {
  return {{"id", r.id},
          {"started_at", r.started_at},
          {"duration_s", r.duration_s},
          {"steps", {{"L", r.steps_left}, {"R", r.steps_right}}},
          {"shoe", shoe_json(r.shoe)},
          {"live", live_json(r.live)}};
}

}  // namespace

json to_json(const Status& s, std::string_view type, std::uint64_t seq) {
  json devices = json::array();
  for (const DeviceStatus& d : s.devices) devices.push_back(device_json(d));
  json out = {{"api", kApiVersion},
              {"type", std::string(type)},
              {"daemon",
               {{"version", s.daemon_version},
                {"pid", s.pid},
                {"uptime_s", s.uptime_s},
                {"database", s.database}}},
              {"devices", devices},
              {"run", s.run ? run_json(*s.run) : json(nullptr)}};
  if (type == "live") out["seq"] = seq;
  return out;
}

json error_json(std::string_view message) {
  return {{"api", kApiVersion}, {"error", std::string(message)}};
}

}  // namespace insole::api
