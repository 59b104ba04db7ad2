#include "insole/replay/scripted_run.h"

#include "insole/v1/control.nanopb.h"
#include "insole/wire/frame.h"
#include "pb_encode.h"

namespace insole::replay {
namespace {

// Frames one command as a host would send it (leading 0x00 included); returns its length.
size_t frame_command(const insole_v1_Command& command, uint8_t* out, size_t capacity) {
  uint8_t payload[insole_v1_Command_size];
  pb_ostream_t stream = pb_ostream_from_buffer(payload, sizeof(payload));
  if (capacity < 1 || !pb_encode(&stream, insole_v1_Command_fields, &command)) return 0;
  out[0] = wire::kDelimiter;
  const size_t n = wire::encode_frame(static_cast<uint8_t>(wire::Channel::kProtocol), payload,
                                      stream.bytes_written, out + 1, capacity - 1);
  return n == 0 ? 0 : n + 1;
}

}  // namespace

ScriptedRun::ScriptedRun(ByteSink& sink, uint32_t rate_hz, uint32_t frames)
    : sink_(sink), rate_hz_(rate_hz), frames_(frames) {}

size_t ScriptedRun::read(uint8_t* buf, size_t capacity) {
  if (state_ != State::kRunning) return 0;
  insole_v1_Command command = insole_v1_Command_init_zero;
  Step next = step_;
  switch (step_) {
    case Step::kStart:  // first set_rate, then start_streaming, one per read
      command.request_id = 1;
      command.which_action = insole_v1_Command_set_rate_tag;
      command.action.set_rate.sample_rate_hz = rate_hz_;
      next = Step::kRateSent;
      break;
    case Step::kRateSent:
      command.request_id = 2;
      command.which_action = insole_v1_Command_start_streaming_tag;
      next = Step::kStreaming;
      break;
    case Step::kStop:
      command.request_id = 3;
      command.which_action = insole_v1_Command_stop_streaming_tag;
      next = Step::kStopSent;
      break;
    default:
      return 0;
  }
  const size_t n = frame_command(command, buf, capacity);
  if (n == 0) {
    fail("a scripted command does not fit the device's read buffer");
    return 0;
  }
  step_ = next;
  return n;
}

bool ScriptedRun::write(const uint8_t* data, size_t n) {
  if (state_ == State::kFailed) return false;
  if (!sink_.write(data, n)) {
    fail("cannot write the output");
    return false;
  }
  bytes_ += n;
  if (streaming_ && n > largest_frame_) largest_frame_ = static_cast<uint32_t>(n);
  return true;
}

void ScriptedRun::after_poll(uint32_t frames_sent, bool streaming, uint64_t now_us) {
  if (state_ != State::kRunning) return;
  switch (step_) {
    case Step::kStart:
    case Step::kRateSent:
      fail("the device did not read the scripted commands");
      return;
    case Step::kStreaming:
      if (!streaming) {
        fail("the device did not start streaming");
        return;
      }
      if (!streaming_) {
        streaming_ = true;
        deadline_us_ = now_us + (static_cast<uint64_t>(frames_) * 1000000u) / rate_hz_ + 1000000u;
      }
      if (frames_sent >= frames_) step_ = Step::kStop;
      break;
    case Step::kStop:
      break;
    case Step::kStopSent:
      if (streaming) {
        fail("the device did not stop streaming");
      } else {
        state_ = State::kDone;
      }
      return;
  }
  if (now_us > deadline_us_) fail("the device fell behind its schedule (deadline passed)");
}

void ScriptedRun::fail(const char* why) {
  state_ = State::kFailed;
  failure_ = why;
}

}  // namespace insole::replay
