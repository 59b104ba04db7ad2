// A run with no host, for deterministic runs: the board gives the Device this object as its
// link. Its read() hands the device a fixed script through the real command path (set_rate
// R, start_streaming), its write() passes every framed byte the device sends to a sink, and
// once `frames` frames have gone out it sends stop_streaming; the run is done after the device
// has read that. Request ids are 1, 2 and 3, in that order.
//
// The board calls after_poll() after every Device::poll() and stops when state() is no
// longer kRunning. A sink error, a device that does not start, or a deadline passed (the
// device's time beyond the expected end plus one second) fail the run.
#ifndef INSOLE_REPLAY_SCRIPTED_RUN_H_
#define INSOLE_REPLAY_SCRIPTED_RUN_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/hal/byte_link.h"
#include "insole/replay/byte_sink.h"

namespace insole::replay {

class ScriptedRun final : public hal::ByteLink {
 public:
  enum class State : uint8_t { kRunning, kDone, kFailed };

  ScriptedRun(ByteSink& sink, uint32_t rate_hz, uint32_t frames);

  size_t read(uint8_t* buf, size_t capacity) override;
  bool write(const uint8_t* data, size_t n) override;

  // frames_sent and streaming: the Device's; now_us: the board's clock.
  void after_poll(uint32_t frames_sent, bool streaming, uint64_t now_us);

  State state() const { return state_; }
  const char* failure() const { return failure_; }  // why kFailed, else ""
  uint32_t frames() const { return frames_; }
  uint32_t rate_hz() const { return rate_hz_; }
  uint64_t bytes_written() const { return bytes_; }
  // The longest single write while streaming: one Frame on the line, leading 0x00 included.
  uint32_t largest_frame_bytes() const { return largest_frame_; }

 private:
  enum class Step : uint8_t { kStart, kRateSent, kStreaming, kStop, kStopSent };
  void fail(const char* why);

  ByteSink& sink_;
  uint32_t rate_hz_;
  uint32_t frames_;
  Step step_ = Step::kStart;
  State state_ = State::kRunning;
  const char* failure_ = "";
  bool streaming_ = false;
  uint64_t bytes_ = 0;
  uint32_t largest_frame_ = 0;
  uint64_t deadline_us_ = 0;
};

}  // namespace insole::replay

#endif  // INSOLE_REPLAY_SCRIPTED_RUN_H_
