#include "insole/fw/device.h"

#include <string.h>

#include "insole/protocol_version.h"
#include "insole/wire/readings.h"
#include "pb_decode.h"

namespace insole::fw {
namespace {

constexpr uint32_t kFlagZeroing = 1u << 0;

static_assert(wire::packed_readings_size(kMaxSensels) <= sizeof(insole_v1_Frame{}.readings.bytes),
              "Frame.readings max_size in frame.options must hold kMaxSensels 12-bit readings");

void copy_string(char* dst, size_t capacity, const char* src) {
  size_t n = strlen(src);
  if (n >= capacity) n = capacity - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

}  // namespace

Device::Device(const hal::BoardIdentity& identity, hal::SenselMatrix& matrix, hal::ByteLink& link,
               const hal::Clock& clock)
    : identity_(identity),
      matrix_(matrix),
      clock_(clock),
      link_(&link),
      writer_(link),
      sensel_count_(matrix.sensel_count() > kMaxSensels ? kMaxSensels : matrix.sensel_count()) {
  zero_.restart(sensel_count_);
}

void Device::boot() { writer_.log("insole firmware booted"); }

uint64_t Device::next_wakeup_us() const {
  return streaming_ ? scheduler_.next_due_us() : clock_.now_us() + 10000;
}

void Device::poll() {
  uint8_t rx[64];
  for (;;) {
    const size_t n = link_->read(rx, sizeof(rx));
    if (n == 0) break;
    handle_bytes(rx, n);
  }
  if (streaming_) {
    const uint64_t now = clock_.now_us();
    if (scheduler_.due(now)) scan_and_send(catch_up_slots_ > 0 ? scheduler_.slot_us() : now);
  }
}

void Device::handle_bytes(const uint8_t* data, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (decoder_.push(data[i]) != wire::DecodeResult::kFrame) continue;
    if (decoder_.channel() != static_cast<uint8_t>(wire::Channel::kProtocol)) continue;
    handle_payload(decoder_.payload(), decoder_.payload_size());
  }
}

void Device::handle_payload(const uint8_t* payload, size_t size) {
  insole_v1_Command command = insole_v1_Command_init_zero;
  pb_istream_t stream = pb_istream_from_buffer(payload, size);
  if (!pb_decode(&stream, insole_v1_Command_fields, &command)) {
    ++bad_commands_;
    reply_error(0, insole_v1_ErrorCode_ERROR_CODE_BAD_COMMAND, "undecodable command");
    return;
  }
  handle(command);
}

void Device::handle(const insole_v1_Command& command) {
  const uint32_t id = command.request_id;
  switch (command.which_action) {
    case insole_v1_Command_request_info_tag:
      reply_info(id);
      return;
    case insole_v1_Command_request_status_tag:
      reply_status(id);
      return;
    case insole_v1_Command_start_streaming_tag:
      if (!streaming_) {
        streaming_ = true;
        scheduler_.start(rate_hz_, clock_.now_us());
        scheduler_.set_catch_up_slots(catch_up_slots_);
        zero_.restart(sensel_count_);
      }
      reply_ack(id);
      return;
    case insole_v1_Command_stop_streaming_tag:
      streaming_ = false;
      reply_ack(id);
      return;
    case insole_v1_Command_set_rate_tag: {
      const uint32_t rate = command.action.set_rate.sample_rate_hz;
      if (rate < kMinRateHz || rate > kMaxRateHz) {
        reply_error(id, insole_v1_ErrorCode_ERROR_CODE_UNSUPPORTED_RATE,
                    "sample rate outside 50..1000 Hz");
        return;
      }
      rate_hz_ = rate;
      if (streaming_) {
        scheduler_.start(rate_hz_, clock_.now_us());
        scheduler_.set_catch_up_slots(catch_up_slots_);
      }
      reply_ack(id);
      return;
    }
    default:
      ++bad_commands_;
      reply_error(id, insole_v1_ErrorCode_ERROR_CODE_BAD_COMMAND, "command has no action");
      return;
  }
}

void Device::scan_and_send(uint64_t t_us) {
  matrix_.scan(t_us, raw_);
  const bool zeroing = zero_.apply(raw_, corrected_);

  message_ = insole_v1_DeviceMessage_init_zero;
  message_.which_body = insole_v1_DeviceMessage_frame_tag;
  insole_v1_Frame& frame = message_.body.frame;
  frame.sequence = sequence_++;
  frame.device_time_us = t_us;
  frame.flags = zeroing ? kFlagZeroing : 0;
  frame.readings.size = static_cast<pb_size_t>(wire::pack_readings(
      corrected_, sensel_count_, frame.readings.bytes, sizeof(frame.readings.bytes)));
  if (writer_.send(message_)) ++frames_sent_;
}

void Device::reply_info(uint32_t request_id) {
  message_ = insole_v1_DeviceMessage_init_zero;
  message_.in_reply_to = request_id;
  message_.which_body = insole_v1_DeviceMessage_info_tag;
  insole_v1_DeviceInfo& info = message_.body.info;
  info.protocol_major = kProtocolMajor;
  info.protocol_minor = kProtocolMinor;
  copy_string(info.firmware_version, sizeof(info.firmware_version), kFirmwareVersion);
  copy_string(info.serial_number, sizeof(info.serial_number), identity_.serial_number);
  copy_string(info.grid_id, sizeof(info.grid_id), identity_.grid_id);
  copy_string(info.board, sizeof(info.board), identity_.board);
  info.side = static_cast<insole_v1_Side>(identity_.side);
  info.sensel_count = static_cast<uint32_t>(sensel_count_);
  info.sample_rate_hz = rate_hz_;
  info.adc_bits = 12;
  info.newtons_per_count = identity_.newtons_per_count;
  info.min_sample_rate_hz = kMinRateHz;
  info.max_sample_rate_hz = kMaxRateHz;
  writer_.send(message_);
}

void Device::reply_status(uint32_t request_id) {
  message_ = insole_v1_DeviceMessage_init_zero;
  message_.in_reply_to = request_id;
  message_.which_body = insole_v1_DeviceMessage_status_tag;
  insole_v1_Status& status = message_.body.status;
  status.state = streaming_ ? insole_v1_State_STATE_STREAMING : insole_v1_State_STATE_IDLE;
  status.sample_rate_hz = rate_hz_;
  status.frames_sent = frames_sent_;
  const wire::DecodeStats& rx = decoder_.stats();
  status.rx_frames = rx.frames;
  status.rx_crc_errors = rx.crc_errors;
  status.rx_malformed = rx.malformed + rx.overflows + bad_commands_;
  status.uptime_ms = static_cast<uint32_t>(clock_.now_us() / 1000u);
  status.battery_mv = identity_.battery_mv;
  writer_.send(message_);
}

void Device::reply_ack(uint32_t request_id) {
  message_ = insole_v1_DeviceMessage_init_zero;
  message_.in_reply_to = request_id;
  message_.which_body = insole_v1_DeviceMessage_ack_tag;
  writer_.send(message_);
}

void Device::reply_error(uint32_t request_id, insole_v1_ErrorCode code, const char* text) {
  message_ = insole_v1_DeviceMessage_init_zero;
  message_.in_reply_to = request_id;
  message_.which_body = insole_v1_DeviceMessage_error_tag;
  message_.body.error.code = code;
  copy_string(message_.body.error.message, sizeof(message_.body.error.message), text);
  writer_.send(message_);
}

}  // namespace insole::fw
