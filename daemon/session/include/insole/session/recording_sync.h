// Brings the runs an insole recorded with no host into the daemon (protocol >= 1.1): lists the
// insole's recordings (all pages), and for each offline recording that is closed asks the sink
// what to do; downloads it from where the sink's copy ends (kPipeline read_recording requests
// in flight), hands the sink every piece in order, lets it verify and import the whole, and
// erases it on the insole only after the sink says it is safely stored. Journals (copies of
// streamed sessions) and open recordings are left alone. Error replies skip that recording;
// the insole keeps it for the next connection. Pure protocol logic: commands go out through
// the send function, replies come in through on_reply().
#ifndef INSOLE_SESSION_RECORDING_SYNC_H_
#define INSOLE_SESSION_RECORDING_SYNC_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "insole/v1/control.pb.h"

namespace insole::session {

class RecordingSink {
 public:
  enum class Plan { kDownload, kErase, kSkip };
  struct Start {
    Plan plan = Plan::kSkip;
    std::uint32_t from_offset = 0;  // kDownload: bytes already held
  };
  virtual ~RecordingSink() = default;
  virtual Start begin(const insole::v1::RecordingInfo& recording) = 0;
  // The next bytes, in order; false stops the sync (the sink could not keep them).
  virtual bool piece(const insole::v1::RecordingInfo& recording, std::uint32_t offset,
                     const std::string& data) = 0;
  // All size_bytes held: verify and import; true when it is safe to erase on the insole.
  virtual bool complete(const insole::v1::RecordingInfo& recording) = 0;
  virtual void erased(const insole::v1::RecordingInfo& recording) = 0;
  // The sync ended before this recording was complete (link lost): keep what arrived.
  virtual void interrupted(const insole::v1::RecordingInfo& recording) = 0;
};

class RecordingSync {
 public:
  static constexpr std::uint32_t kChunkBytes = 256;  // the insole's read_recording limit
  static constexpr int kPipeline = 8;

  // send: sends a command, returns its request id. log: one line for the daemon's log.
  RecordingSync(RecordingSink& sink, std::function<std::uint32_t(insole::v1::Command)> send,
                std::function<void(const std::string&)> log);

  void start();
  // True (and consumed) when the message answers one of this sync's requests.
  bool on_reply(const insole::v1::DeviceMessage& message);
  // The link is gone: tells the sink about a download in progress.
  void abandon();
  bool done() const { return done_; }
  std::uint32_t imported() const { return imported_; }

 private:
  void list(std::uint32_t skip);
  void next_recording();
  void request_more();
  void skip_current(const std::string& why);

  RecordingSink& sink_;
  std::function<std::uint32_t(insole::v1::Command)> send_;
  std::function<void(const std::string&)> log_;
  std::deque<insole::v1::RecordingInfo> queue_;
  std::optional<insole::v1::RecordingInfo> current_;
  std::uint32_t list_request_ = 0;
  std::uint32_t listed_ = 0;
  std::uint32_t next_offset_ = 0;      // next byte to request
  std::uint32_t received_offset_ = 0;  // next byte expected
  std::set<std::uint32_t> in_flight_;  // read_recording request ids
  std::uint32_t erase_request_ = 0;
  bool done_ = false;
  std::uint32_t imported_ = 0;
};

}  // namespace insole::session

#endif  // INSOLE_SESSION_RECORDING_SYNC_H_
