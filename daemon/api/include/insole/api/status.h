// What insoled reports about itself through its local API (pure data, no I/O).
//
// The daemon fills one Status when a client asks (it stays the only owner of its state); the
// server serialises it with to_json (status_json.h). Unknown values are std::nullopt and appear
// as JSON null: a battery without a gauge, a cadence before two strides, a symmetry index with
// fewer than two steps on a side.
#ifndef INSOLE_API_STATUS_H_
#define INSOLE_API_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace insole::api {

// Version of the JSON schema ("api": 1). Keys may be added within a version, never removed or
// retyped; anything else bumps it.
inline constexpr int kApiVersion = 1;

enum class DeviceState { kHandshake, kStreaming, kReconnecting, kGone };
std::string_view name(DeviceState state);  // "handshake" | "streaming" | "reconnecting" | "gone"

struct LinkQuality {
  std::uint64_t frames = 0;  // sensor frames delivered, live or recovered
  std::uint64_t crc_errors = 0;
  std::uint64_t malformed = 0;
  std::uint64_t sequence_gaps = 0;     // dropouts seen in the live stream
  std::uint64_t frames_lost = 0;       // lost for good (not recoverable from the insole)
  std::uint64_t frames_recovered = 0;  // re-read from the insole's journal after a dropout
  // Share of the frames the device scanned that are lost for good: lost / (frames + lost); 0
  // before the first frame.
  double loss_ratio() const;
};

struct DeviceStatus {
  std::string uri;
  std::string serial_number;  // empty until the handshake answered
  char side = '?';            // 'L' | 'R' | '?'
  std::string firmware_version;
  DeviceState state = DeviceState::kHandshake;
  std::optional<std::uint32_t> battery_mv;  // nullopt: not reported, or no gauge (0 on the wire)
  LinkQuality link;
  // Runs recorded with no PC: the insole's recording rate and how long a run its flash holds
  // at it, empty and now (seconds); nullopt for an insole that does not say (protocol < 1.2).
  std::optional<std::uint32_t> recording_rate_hz;
  std::optional<std::uint32_t> recording_capacity_s;
  std::optional<std::uint32_t> recording_free_s;
};

// The analysis of the most recent steps (a sliding window), so it describes how the runner runs
// now rather than since the start.
struct FootLive {
  std::uint64_t steps = 0;                 // in the window
  std::optional<std::string> last_strike;  // "rearfoot" | "midfoot" | "forefoot"
  std::optional<double> flat_foot_pct;
  std::optional<std::string> pronation;  // "under" | "neutral" | "over" (median index's class)
  std::optional<double> pronation_index;
};

struct AsymmetryLive {
  std::string metric;            // "peak_force" | "impulse" | "contact_time" | "loading_rate"
  std::optional<double> si_pct;  // (R - L) / mean, %
  bool flagged = false;
  bool withheld = false;  // a silent sensor: not computed (analysis::Asymmetry::withheld)
};

struct AlertLive {
  std::string code;  // "flat_landing" | "overpronation" | "imbalance"
  std::string side;  // "L" | "R" | ""
  std::string metric;
  std::string finding;
};

struct LiveMetrics {
  std::uint64_t window_steps = 0;
  std::optional<double> cadence_spm;
  std::optional<double> since_last_step_s;  // run time now minus the last step's toe-off
  FootLive left, right;
  std::vector<AsymmetryLive> asymmetry;
  std::vector<AlertLive> alerts;
  std::string sensor_note;  // reports::sensor_note of the window; "" when every sensor works
};

// The shoe the run counts towards, as it stands (its stored runs; reports/shoe_wear.h).
struct ShoeLive {
  std::int64_t id = 0;
  std::string name;        // "Asics Novablast"
  double distance_km = 0;  // the shoe's distance so far, its starting distance included
  std::string verdict;     // wear::name(verdict), e.g. "no_change", "likely_worn"
  std::string message;     // the verdict in plain words
};

struct RunStatus {
  std::int64_t id = 0;
  std::string started_at;  // ISO 8601 UTC, as the store writes it
  double duration_s = 0;
  std::uint64_t steps_left = 0;
  std::uint64_t steps_right = 0;
  std::optional<ShoeLive> shoe;  // nullopt: the run counts towards no shoe
  LiveMetrics live;
};

struct Status {
  std::string daemon_version;
  std::int64_t pid = 0;
  double uptime_s = 0;
  std::string database;
  std::vector<DeviceStatus> devices;
  std::optional<RunStatus> run;  // nullopt until a device has joined a run
};

}  // namespace insole::api

#endif  // INSOLE_API_STATUS_H_
