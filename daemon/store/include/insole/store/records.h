// Plain records exchanged with the database.
#ifndef INSOLE_STORE_RECORDS_H_
#define INSOLE_STORE_RECORDS_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace insole::store {

struct DeviceRecord {
  std::string serial_number;
  char side = 'L';  // 'L' or 'R'
  std::string firmware_version;
  std::uint32_t protocol_major = 0;
  std::uint32_t protocol_minor = 0;
  std::string grid_id;
  std::uint32_t sensel_count = 0;
  std::string board;
};

struct StepRecord {
  char side = 'L';
  double contact_s = 0;  // seconds since the run started (host clock)
  double toe_off_s = 0;
  double peak_force_n = 0;
  double impulse_ns = 0;
  double loading_rate_n_per_s = 0;
  // Analysis results (schema 2). Unknown values are NaN / empty; stored as NULL.
  double flight_time_s = std::numeric_limits<double>::quiet_NaN();
  double strike_index = std::numeric_limits<double>::quiet_NaN();
  std::string strike;  // rearfoot | midfoot | forefoot
  int flat_foot = -1;  // 0, 1, or -1 unknown
  double pronation_index = std::numeric_limits<double>::quiet_NaN();
  double cpei_pct = std::numeric_limits<double>::quiet_NaN();
  double medial_fraction = std::numeric_limits<double>::quiet_NaN();
  std::string pronation;  // under | neutral | over
  // Schema 11: time lost inside the stance (0 when complete; NaN: not recorded, before 11) and
  // the insole's silent sensel (analysis::Step::silent_sensel; -1: none or not recorded).
  double missing_s = std::numeric_limits<double>::quiet_NaN();
  int silent_sensel = -1;
  // Schema 14: analysis::Step::toe_share (NaN: no toe sensel, or not recorded).
  double toe_share = std::numeric_limits<double>::quiet_NaN();
};

// One archived block of raw frames of one device (archive/frame_block.h).
struct FrameBlockRecord {
  std::int64_t id = 0;  // filled by readers
  std::int64_t device_id = 0;
  char side = 'L';  // filled by readers
  std::uint32_t first_sequence = 0;
  std::uint32_t frame_count = 0;
  std::uint64_t first_device_time_us = 0;
  std::string codec;
  std::vector<std::uint8_t> data;
};

// What re-analysis needs to know of a device in a run.
struct RunDeviceRecord {
  std::int64_t device_id = 0;
  char side = 'L';
  std::string serial_number;
  std::string grid_id;
  std::uint32_t sensel_count = 0;
  double newtons_per_count = 0;  // 0 when unknown (runs recorded before schema 3)
  std::uint32_t sample_rate_hz = 0;
  std::int64_t clock_offset_us = 0;  // run time (µs since the run began) = device µs + this
  bool has_clock = false;
};

// A finding of a run, in the runner's words (analysis/alerts.h).
struct AlertRecord {
  std::string code;
  std::string side;
  std::string metric;
  std::string finding;
  std::string advice;
};

struct LinkCounters {
  std::uint64_t frames = 0;
  std::uint64_t crc_errors = 0;
  std::uint64_t malformed = 0;
  std::uint64_t sequence_gaps = 0;
  std::uint64_t frames_lost = 0;       // lost for good
  std::uint64_t frames_recovered = 0;  // re-read from the insole after a dropout
  // The insole restarted mid-run (its clock and sequence numbers began again): how often, and
  // the frames that should have been scanned between its last frame and its first after the
  // restart (included in frames_lost; the rest of frames_lost is link loss).
  std::uint64_t restarts = 0;
  std::uint64_t frames_lost_restart = 0;
};

struct RunRecord {
  std::int64_t id = 0;
  // ISO 8601 UTC; nullopt when the date is unknown: recorded on an insole in a boot no host saw
  // (docs/protocol.md#dating-recordings-the-insole-has-no-real-time-clock-12). Never a guess.
  std::optional<std::string> started_at;
  std::string ended_at;  // empty while recording, or when the date is unknown
  std::string status;    // recording | complete | interrupted
  std::int64_t sample_rate_hz = 0;
  std::int64_t steps_left = 0;
  std::int64_t steps_right = 0;
  std::int64_t shoe_id = 0;  // 0: no shoe (schema 4)
  // How long the runner ran: first contact to last toe-off of any foot (0 without steps).
  double duration_s = 0;
  // The raw span the run was recorded over, ended_at - started_at: it includes the wait for the
  // first step and the idle wait after the last one. nullopt while recording. For an undated
  // run, the longest of its insoles' recordings (frames / rate).
  std::optional<double> recording_span_s;
  // An insole's recording of it was cut because its flash was full (SideSummary::recording_end).
  bool truncated = false;
  // What the runner said the run was on (schema 13): road | track | trail | treadmill; empty when
  // not said.
  std::string surface;
};

struct SideSummary {
  char side = 'L';
  std::string serial_number;
  std::int64_t steps = 0;
  // Why the insole's own recording of this foot ended ("foot_off", "host", "flash_full",
  // "power_loss", "restart"); empty for a streamed foot or a firmware that does not say.
  std::string recording_end;
  // Seconds of this foot recorded (frames / rate).
  double recorded_s = 0;
  double mean_contact_time_s = 0;
  double mean_peak_force_n = 0;
  double mean_impulse_ns = 0;
  double mean_loading_rate_n_per_s = 0;
  LinkCounters link;
};

struct RunSummary {
  RunRecord run;
  double duration_s = 0;  // first contact to last toe-off
  std::vector<SideSummary> sides;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_RECORDS_H_
