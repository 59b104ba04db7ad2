// One insole on one link: handshake, version check, streaming, link statistics.
//
// start() sends request_info (repeated every handshake_retry until an answer, up to
// handshake_attempts), checks the DeviceInfo (protocol_check.h), gives an insole with protocol
// >= 1.2 the wall clock and the recording rate (so it can date what it records alone, across
// power cycles), sets the sample rate and starts streaming. Every frame is checked (CRC by the
// framing layer), converted to forces and handed to on_frame strictly in sequence order: when
// sequence numbers skip, the session asks the device to send the missing range again from its
// journal (read_frames, protocol >= 1.1) and holds newer frames until they are back or given up
// (gap_recovery.h). A session resuming a device that was unplugged (SessionConfig::resume, same
// boot) recovers the frames recorded while it was away the same way. The session ends through
// on_closed exactly once: after stop(), when the device is refused, when it never answers, or when
// the link fails; frames still held are delivered before.
#ifndef INSOLE_SESSION_DEVICE_SESSION_H_
#define INSOLE_SESSION_DEVICE_SESSION_H_

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "insole/link/link.h"
#include "insole/session/gap_recovery.h"
#include "insole/session/recording_sync.h"
#include "insole/session/sensor_frame.h"
#include "insole/v1/control.pb.h"
#include "insole/wire/frame.h"

namespace insole::session {

// Where a reconnecting device's run left off.
struct ResumePoint {
  std::uint32_t boot_id = 0;        // DeviceInfo.boot_id when it was last seen (0: unknown)
  std::uint32_t next_sequence = 0;  // first sequence the run does not have
};

struct SessionConfig {
  std::uint32_t sample_rate_hz = 200;
  // The rate of the recordings the insole makes with no host (set_recording_rate, protocol
  // >= 1.2; kept by the insole); nullopt leaves the insole's own.
  std::optional<std::uint32_t> recording_rate_hz;
  std::chrono::milliseconds handshake_retry{500};
  int handshake_attempts = 6;
  std::optional<ResumePoint> resume;
  std::chrono::milliseconds recovery_give_up{10000};  // per read_frames request
};

struct LinkStats {
  std::uint64_t frames = 0;            // sensor frames delivered (live and recovered)
  std::uint64_t crc_errors = 0;        // packets dropped for a bad CRC
  std::uint64_t malformed = 0;         // bad framing, oversize packets, undecodable messages
  std::uint64_t sequence_gaps = 0;     // dropouts seen in the live stream
  std::uint64_t frames_lost = 0;       // frames lost for good (not recoverable from the device)
  std::uint64_t frames_recovered = 0;  // frames re-read from the device's journal
};

struct SessionCallbacks {
  std::function<void(const insole::v1::DeviceInfo&)> on_ready;
  std::function<void(const SensorFrame&, std::chrono::steady_clock::time_point received)> on_frame;
  std::function<void(const std::string&)> on_device_log;
  std::function<void(const std::string& reason, bool error)> on_closed;
  // After on_ready: where runs the insole recorded with no host go (recording_sync.h), owned by
  // the caller and alive until on_closed; nullptr (or no callback) leaves them on the insole.
  std::function<RecordingSink*(const insole::v1::DeviceInfo&)> recording_sink;
  // The device's status, asked once after the handshake (battery, recording flash).
  std::function<void(const insole::v1::Status&)> on_status;
};

class DeviceSession {
 public:
  static constexpr std::chrono::milliseconds kStopWaitForRecovery{3000};
  static constexpr int kMaxReadsInFlight = 4;  // the firmware's read_frames queue
  enum class State { kIdle, kHandshake, kStreaming, kStopping, kClosed };

  DeviceSession(boost::asio::io_context& io, std::unique_ptr<link::Link> link, SessionConfig config,
                SessionCallbacks callbacks);
  ~DeviceSession();
  DeviceSession(const DeviceSession&) = delete;
  DeviceSession& operator=(const DeviceSession&) = delete;

  void start();
  // Asks the device to stop streaming, then closes (on_closed with error = false).
  void stop();

  State state() const { return state_; }
  const insole::v1::DeviceInfo& info() const { return info_; }
  LinkStats stats() const;
  // When the bytes of the last read arrived (Link::last_read_arrival(): now for a live link, the
  // recorded instant for a replay).
  std::chrono::steady_clock::time_point last_read_arrival() const { return read_arrival_; }
  const std::string& uri() const { return link_->uri(); }
  // Where this session's delivered frames end, for a later session to resume from.
  std::optional<ResumePoint> resume_point() const;

 private:
  void read_more();
  void on_bytes(std::size_t n);
  void on_message(const insole::v1::DeviceMessage& message);
  void on_info(const insole::v1::DeviceInfo& info);
  std::uint32_t send(insole::v1::Command command);  // returns its request id
  void send_request_info();
  void send_stop();
  void send_reads();
  void on_frame(const insole::v1::DeviceMessage& message);
  void deliver();
  void arm_recovery_timer();
  void close(const std::string& reason, bool error);

  std::unique_ptr<link::Link> link_;
  SessionConfig config_;
  SessionCallbacks callbacks_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer recovery_timer_;
  State state_ = State::kIdle;
  int attempts_ = 0;
  std::uint32_t next_request_id_ = 1;
  std::uint32_t info_request_id_ = 0;
  std::uint32_t stop_request_id_ = 0;
  std::chrono::steady_clock::time_point stop_deadline_{};
  insole::v1::DeviceInfo info_;
  std::array<std::uint8_t, 4096> rx_{};
  std::chrono::steady_clock::time_point read_arrival_{};  // of the bytes in rx_ (link.h)
  wire::StaticFrameDecoder<wire::kMaxPayload> decoder_;
  std::optional<GapRecovery> recovery_;  // from the handshake on
  std::optional<RecordingSync> sync_;
  std::deque<GapRecovery::Request> queued_reads_;
  int reads_in_flight_ = 0;
  std::uint64_t recovered_reported_ = 0;
  std::map<std::uint32_t, GapRecovery::Request> reads_by_id_;  // read_frames in flight
  bool recovery_timer_armed_ = false;
  std::optional<std::uint32_t> last_delivered_;
  std::uint64_t frames_ = 0;
  std::uint64_t bad_messages_ = 0;
  std::shared_ptr<bool> alive_;  // guards handlers that outlive the session
};

}  // namespace insole::session

#endif  // INSOLE_SESSION_DEVICE_SESSION_H_
