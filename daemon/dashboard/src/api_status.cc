#include "insole/dashboard/api_status.h"

#include "insole/api/live_metrics.h"
#include "insole/store/iso_time.h"
#include "insole/store/step_rows.h"

namespace insole::dashboard {

namespace {

api::LinkQuality link_quality(const session::LinkStats& s) {
  api::LinkQuality q;
  q.frames = s.frames;
  q.crc_errors = s.crc_errors;
  q.malformed = s.malformed;
  q.sequence_gaps = s.sequence_gaps;
  q.frames_lost = s.frames_lost;
  q.frames_recovered = s.frames_recovered;
  return q;
}

static_assert(run::RunSnapshot::kRecentSteps >= api::kLiveWindowSteps,
              "the status snapshot must hold the live window's steps");

double seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

api::Status api_status(const run::DaemonStatus& daemon,
                       const std::map<std::string, SeenDevice>& seen, const ApiIdentity& identity,
                       ApiClocks now) {
  api::Status out;
  out.daemon_version = identity.version;
  out.pid = identity.pid;
  out.uptime_s = seconds(now.steady - identity.started);
  out.database = identity.database;
  for (const run::DeviceStatus& d : daemon.devices) {
    api::DeviceStatus a;
    a.uri = d.uri;
    a.serial_number = d.serial_number;
    a.side = d.side ? store::side_letter(*d.side) : '?';
    a.firmware_version = d.firmware_version;
    a.state = d.streaming ? api::DeviceState::kStreaming : api::DeviceState::kHandshake;
    a.link = link_quality(d.stats);
    if (d.recording) {
      a.recording_rate_hz = d.recording->rate_hz;
      a.recording_capacity_s = d.recording->capacity_s;
      a.recording_free_s = d.recording->free_s;
    }
    out.devices.push_back(std::move(a));
  }
  if (!daemon.run) return out;
  const run::RunSnapshot& run = *daemon.run;

  for (const run::DeviceTotals& t : run.devices) {
    bool open = false;
    for (const run::DeviceStatus& d : daemon.devices)
      open = open || d.serial_number == t.serial_number;
    if (open) continue;
    api::DeviceStatus a;
    a.serial_number = t.serial_number;
    a.side = store::side_letter(t.side);
    if (const auto it = seen.find(t.serial_number); it != seen.end()) {
      a.uri = it->second.uri;
      a.firmware_version = it->second.firmware_version;
    }
    a.state = identity.one_run ? api::DeviceState::kGone : api::DeviceState::kReconnecting;
    a.link = link_quality(t.link);
    out.devices.push_back(std::move(a));
  }

  api::RunStatus r;
  r.id = run.run_id;
  const auto elapsed = now.steady - run.started;
  r.started_at = store::iso_utc(
      now.wall - std::chrono::duration_cast<std::chrono::system_clock::duration>(elapsed));
  r.duration_s = seconds(elapsed);
  r.steps_left = run.steps_left;
  r.steps_right = run.steps_right;
  r.live = api::live_metrics(run.recent_steps, r.duration_s);
  out.run = std::move(r);
  return out;
}

}  // namespace insole::dashboard
