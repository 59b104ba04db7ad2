#include "insole/fw/device.h"

#include <string.h>

#include "insole/protocol_version.h"
#include "insole/wire/readings.h"
#include "insole/wire/recording_record.h"
#include "pb_decode.h"

namespace insole::fw {
namespace {

constexpr uint32_t kFlagZeroing = 1u << 0;

static_assert(wire::packed_readings_size(kMaxSensels) <= sizeof(insole_v1_Frame{}.readings.bytes),
              "Frame.readings max_size in frame.options must hold kMaxSensels 12-bit readings");
static_assert(wire::recording_record_size(kMaxSensels) <= RecordingStore::kMaxRecordBytes,
              "a record of kMaxSensels readings must fit the store's record limit");
static_assert(Device::kMaxChunkBytes <= sizeof(insole_v1_RecordingChunk{}.data.bytes),
              "RecordingChunk.data max_size in control.options must hold kMaxChunkBytes");

void copy_string(char* dst, size_t capacity, const char* src) {
  size_t n = strlen(src);
  if (n >= capacity) n = capacity - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

}  // namespace

Device::Device(const hal::BoardIdentity& identity, hal::SenselMatrix& matrix, hal::ByteLink& link,
               const hal::Clock& clock, hal::Flash* flash)
    : identity_(identity),
      matrix_(matrix),
      clock_(clock),
      link_(&link),
      flash_(flash),
      writer_(link),
      sensel_count_(matrix.sensel_count() > kMaxSensels ? kMaxSensels : matrix.sensel_count()) {
  zero_.restart(sensel_count_);
}

void Device::boot() {
  restart();
  writer_.log("insole firmware booted");
  if (store_.state() == RecordingStore::State::kError) writer_.log("recording flash failed");
}

void Device::restart() {
  if (recording_ || streaming_) end_recording(RecordingEnd::kRestart);
  streaming_ = false;
  recording_ = false;
  backfill_count_ = 0;
  sequence_ = 0;
  rate_hz_ = kDefaultRateHz;
  trigger_ = RecordingTrigger{};
  zero_.restart(sensel_count_);
  store_.mount(flash_);
  watch_.start(RecordingTrigger::kWatchRateHz, clock_.now_us());
}

void Device::host_disconnected() {
  if (!streaming_) return;
  streaming_ = false;
  backfill_count_ = 0;
  if (store_.state() == RecordingStore::State::kNoFlash) return;
  // Same schedule, same sequence numbers: the host finds the rest in the offline recording.
  store_.end(RecordingEnd::kHost);
  recording_ = true;
  trigger_.reset();
  begin_recording(RecordingKind::kOffline, sequence_, rate_hz_);
}

uint64_t Device::next_wakeup_us() const {
  if (streaming_ || recording_) return scheduler_.next_due_us();
  if (backfill_count_ > 0) return clock_.now_us();
  if (store_.state() != RecordingStore::State::kNoFlash) return watch_.next_due_us();
  return clock_.now_us() + 10000;
}

void Device::poll() {
  uint8_t rx[64];
  for (;;) {
    const size_t n = link_->read(rx, sizeof(rx));
    if (n == 0) break;
    handle_bytes(rx, n);
  }
  const uint64_t now = clock_.now_us();
  if (streaming_ || recording_) {
    if (scheduler_.due(now)) scan_and_send(catch_up_slots_ > 0 ? scheduler_.slot_us() : now);
  } else if (store_.state() != RecordingStore::State::kNoFlash && trigger_.host_quiet(now)) {
    if (watch_.due(now)) watch_scan(now);
  }
  if (backfill_count_ > 0) send_backfill();
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
  trigger_.host_command(clock_.now_us());
  if (recording_) {  // a host is here: it takes over from the offline recording
    recording_ = false;
    end_recording(RecordingEnd::kHost);
    trigger_.reset();
  }
  switch (command.which_action) {
    case insole_v1_Command_request_info_tag:
      // A host (re)connecting starts with this: re-read requests of an earlier connection would
      // only be answered into the void and hold up the new ones.
      backfill_count_ = 0;
      reply_info(id);
      return;
    case insole_v1_Command_request_status_tag:
      reply_status(id);
      return;
    case insole_v1_Command_start_streaming_tag:
      if (!streaming_) start_streaming();
      reply_ack(id);
      return;
    case insole_v1_Command_stop_streaming_tag:
      if (streaming_) end_recording(RecordingEnd::kHost);
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
        start_schedule(rate_hz_);
        begin_recording(RecordingKind::kJournal, sequence_, rate_hz_);  // a journal has one rate
      }
      reply_ack(id);
      return;
    }
    case insole_v1_Command_set_clock_tag:
      if (store_.state() == RecordingStore::State::kNoFlash) {
        reply_ack(id);  // nothing recorded here needs a date
      } else if (!store_.set_clock(command.action.set_clock.unix_time_us, clock_.now_us())) {
        reply_error(id, insole_v1_ErrorCode_ERROR_CODE_INTERNAL, "cannot keep the clock");
      } else {
        reply_ack(id);
      }
      return;
    case insole_v1_Command_set_recording_rate_tag: {
      const uint32_t rate = command.action.set_recording_rate.sample_rate_hz;
      if (rate < kMinRateHz || rate > kMaxRateHz) {
        reply_error(id, insole_v1_ErrorCode_ERROR_CODE_UNSUPPORTED_RATE,
                    "recording rate outside 50..1000 Hz");
      } else if (store_.state() == RecordingStore::State::kNoFlash) {
        reply_error(id, insole_v1_ErrorCode_ERROR_CODE_INTERNAL, "no recording flash");
      } else if (!store_.set_recording_rate(rate)) {
        reply_error(id, insole_v1_ErrorCode_ERROR_CODE_INTERNAL, "cannot keep the rate");
      } else {
        reply_ack(id);
      }
      return;
    }
    case insole_v1_Command_read_frames_tag: {
      const insole_v1_ReadFrames& r = command.action.read_frames;
      if (r.count > kMaxReadFrames) {
        reply_error(id, insole_v1_ErrorCode_ERROR_CODE_OUT_OF_RANGE, "read_frames count over 1000");
        return;
      }
      if (backfill_count_ == kMaxReadRequests) {
        reply_error(id, insole_v1_ErrorCode_ERROR_CODE_OUT_OF_RANGE,
                    "read_frames: 4 requests already queued");
        return;
      }
      backfill_[(backfill_head_ + backfill_count_++) % kMaxReadRequests] =
          Backfill{id, r.first_sequence, r.first_sequence, r.first_sequence + r.count, 0};
      return;
    }
    case insole_v1_Command_list_recordings_tag:
      reply_recording_list(id, command.action.list_recordings.skip);
      return;
    case insole_v1_Command_read_recording_tag:
      reply_chunk(id, command.action.read_recording);
      return;
    case insole_v1_Command_erase_recording_tag: {
      const uint32_t rid = command.action.erase_recording.recording_id;
      const RecordingEntry* e = store_.find(rid);
      if (e == nullptr) {
        reply_error(id, insole_v1_ErrorCode_ERROR_CODE_NO_SUCH_RECORDING, "no such recording");
      } else if (e->open) {
        reply_error(id, insole_v1_ErrorCode_ERROR_CODE_OUT_OF_RANGE, "recording still open");
      } else if (!store_.free(rid)) {
        reply_error(id, insole_v1_ErrorCode_ERROR_CODE_INTERNAL, "flash error");
      } else {
        reply_ack(id);
      }
      return;
    }
    case insole_v1_Command_reboot_tag:
      reply_ack(id);
      restart();
      return;
    default:
      ++bad_commands_;
      reply_error(id, insole_v1_ErrorCode_ERROR_CODE_BAD_COMMAND, "command has no action");
      return;
  }
}

void Device::start_schedule(uint32_t rate_hz) {
  scheduler_.start(rate_hz, clock_.now_us());
  scheduler_.set_catch_up_slots(catch_up_slots_);
}

void Device::start_streaming() {
  streaming_ = true;
  start_schedule(rate_hz_);
  zero_.restart(sensel_count_);
  begin_recording(RecordingKind::kJournal, sequence_, rate_hz_);
}

uint32_t Device::offline_rate_hz() const {
  const uint32_t rate = store_.recording_rate_hz();
  return rate == 0 ? kDefaultRateHz : rate;
}

void Device::begin_recording(RecordingKind kind, uint32_t first_sequence, uint32_t rate_hz) {
  store_.begin(kind, first_sequence, clock_.now_us(), rate_hz, static_cast<uint16_t>(sensel_count_),
               static_cast<uint16_t>(wire::recording_record_size(sensel_count_)));
}

void Device::end_recording(RecordingEnd why) { store_.end(why); }

void Device::stop_offline_recording(RecordingEnd why) {
  recording_ = false;
  end_recording(why);
  trigger_.reset();
  watch_.start(RecordingTrigger::kWatchRateHz, clock_.now_us());
}

uint32_t Device::scan(uint64_t t_us, bool* zeroing) {
  matrix_.scan(t_us, raw_);
  *zeroing = zero_.apply(raw_, corrected_);
  uint32_t total = 0;
  for (size_t i = 0; i < sensel_count_; ++i) total += corrected_[i];
  return total;
}

void Device::watch_scan(uint64_t t_us) {
  bool zeroing = false;
  const uint32_t total = scan(t_us, &zeroing);
  if (zeroing || !trigger_.watch(total)) return;
  recording_ = true;
  start_schedule(offline_rate_hz());
  begin_recording(RecordingKind::kOffline, sequence_, offline_rate_hz());
  if (store_.open_recording() == nullptr) recording_ = false;  // full or failed: watch on
}

// Appends the scan in corrected_ to the open recording, if any (full or failed: not stored).
// A journal is cut into segments of 1/kJournalSegments of the flash, so when the flash is
// full only the oldest segment's space is reused, never the whole journal at once.
void Device::store_record(uint32_t sequence, uint64_t t_us, uint8_t flags) {
  const RecordingEntry* open = store_.open_recording();
  if (open == nullptr) return;
  if (open->kind == RecordingKind::kJournal &&
      open->size_bytes() >= store_.capacity_bytes() / kJournalSegments) {
    begin_recording(RecordingKind::kJournal, sequence, rate_hz_);
    if (store_.open_recording() == nullptr) return;
  }
  uint8_t packed[wire::packed_readings_size(kMaxSensels)];
  const size_t n = wire::pack_readings(corrected_, sensel_count_, packed, sizeof(packed));
  if (wire::encode_record(t_us, flags, packed, n, record_, sizeof(record_)) > 0)
    store_.append(record_);
}

void Device::scan_and_send(uint64_t t_us) {
  bool zeroing = false;
  const uint32_t total = scan(t_us, &zeroing);
  const uint8_t flags = zeroing ? kFlagZeroing : 0;
  const uint32_t sequence = sequence_++;
  store_record(sequence, t_us, flags);
  if (recording_) {
    if (store_.open_recording() == nullptr) {
      // The store closed it (flash full, kFlashFull) or failed: back to watching.
      stop_offline_recording(RecordingEnd::kFlashFull);
    } else if (trigger_.recording(total, t_us)) {
      stop_offline_recording(RecordingEnd::kFootOff);
    }
    return;
  }

  message_ = insole_v1_DeviceMessage_init_zero;
  message_.which_body = insole_v1_DeviceMessage_frame_tag;
  insole_v1_Frame& frame = message_.body.frame;
  frame.sequence = sequence;
  frame.device_time_us = t_us;
  frame.flags = flags;
  frame.readings.size = static_cast<pb_size_t>(wire::pack_readings(
      corrected_, sensel_count_, frame.readings.bytes, sizeof(frame.readings.bytes)));
  if (writer_.send(message_)) ++frames_sent_;
}

// Answers a read_frames request a few frames per poll, so live frames keep their pace; a frame
// the link cannot take now is tried again next poll.
void Device::send_backfill() {
  Backfill& backfill = backfill_[backfill_head_];
  for (uint32_t i = 0; i < kBackfillPerPoll && backfill.next != backfill.end; ++i) {
    wire::RecordView view{};
    const size_t record_bytes = wire::recording_record_size(sensel_count_);
    if (!store_.read_frame(backfill.next, record_, sizeof(record_)) ||
        !wire::decode_record(record_, record_bytes, &view)) {
      ++backfill.next;  // not in the journal: missing
      continue;
    }
    message_ = insole_v1_DeviceMessage_init_zero;
    message_.in_reply_to = backfill.request_id;
    message_.which_body = insole_v1_DeviceMessage_frame_tag;
    insole_v1_Frame& frame = message_.body.frame;
    frame.sequence = backfill.next;
    frame.device_time_us = view.device_time_us;
    frame.flags = view.flags;
    frame.readings.size = static_cast<pb_size_t>(view.packed_size);
    memcpy(frame.readings.bytes, view.packed, view.packed_size);
    if (!writer_.send(message_)) return;
    ++backfill.next;
    ++backfill.sent;
  }
  if (backfill.next == backfill.end) end_backfill();
}

void Device::end_backfill() {
  message_ = insole_v1_DeviceMessage_init_zero;
  const Backfill& backfill = backfill_[backfill_head_];
  message_.in_reply_to = backfill.request_id;
  message_.which_body = insole_v1_DeviceMessage_frames_end_tag;
  message_.body.frames_end.first_sequence = backfill.first;
  message_.body.frames_end.sent = backfill.sent;
  message_.body.frames_end.missing = (backfill.end - backfill.first) - backfill.sent;
  if (!writer_.send(message_)) return;  // retried next poll
  backfill_head_ = (backfill_head_ + 1) % kMaxReadRequests;
  --backfill_count_;
}

void Device::reply_recording_list(uint32_t request_id, uint32_t skip) {
  message_ = insole_v1_DeviceMessage_init_zero;
  message_.in_reply_to = request_id;
  message_.which_body = insole_v1_DeviceMessage_recording_list_tag;
  insole_v1_RecordingList& list = message_.body.recording_list;
  list.total = static_cast<uint32_t>(store_.count());
  const size_t capacity = sizeof(list.recordings) / sizeof(list.recordings[0]);
  for (size_t i = skip; i < store_.count() && list.recordings_count < capacity; ++i) {
    const RecordingEntry& e = *store_.at(i);
    insole_v1_RecordingInfo& r = list.recordings[list.recordings_count++];
    r.recording_id = e.id;
    r.boot_id = e.boot_id;
    r.kind = static_cast<insole_v1_RecordingKind>(e.kind);
    r.first_sequence = e.first_sequence;
    r.frame_count = e.frame_count;
    r.start_time_us = e.start_time_us;
    r.sample_rate_hz = e.sample_rate_hz;
    r.sensel_count = e.sensel_count;
    r.record_bytes = e.record_bytes;
    r.size_bytes = e.size_bytes();
    r.crc32 = e.crc32;
    r.open = e.open;
    r.boot_wall_clock_us = e.boot_wall_clock_us;
    r.clock_set_at_us = e.clock_set_at_us;
    r.end = static_cast<insole_v1_RecordingEnd>(e.end);
  }
  writer_.send(message_);
}

void Device::reply_chunk(uint32_t request_id, const insole_v1_ReadRecording& request) {
  const RecordingEntry* e = store_.find(request.recording_id);
  if (e == nullptr) {
    reply_error(request_id, insole_v1_ErrorCode_ERROR_CODE_NO_SUCH_RECORDING, "no such recording");
    return;
  }
  if (request.offset > e->size_bytes() || request.length > kMaxChunkBytes) {
    reply_error(request_id, insole_v1_ErrorCode_ERROR_CODE_OUT_OF_RANGE,
                "offset beyond the recording or length over 256");
    return;
  }
  uint32_t length = e->size_bytes() - request.offset;
  if (length > request.length) length = request.length;
  message_ = insole_v1_DeviceMessage_init_zero;
  message_.in_reply_to = request_id;
  message_.which_body = insole_v1_DeviceMessage_recording_chunk_tag;
  insole_v1_RecordingChunk& chunk = message_.body.recording_chunk;
  chunk.recording_id = request.recording_id;
  chunk.offset = request.offset;
  if (!store_.read(request.recording_id, request.offset, chunk.data.bytes, length)) {
    reply_error(request_id, insole_v1_ErrorCode_ERROR_CODE_INTERNAL, "flash read failed");
    return;
  }
  chunk.data.size = static_cast<pb_size_t>(length);
  writer_.send(message_);
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
  info.boot_id = store_.boot_id();
  writer_.send(message_);
}

void Device::reply_status(uint32_t request_id) {
  message_ = insole_v1_DeviceMessage_init_zero;
  message_.in_reply_to = request_id;
  message_.which_body = insole_v1_DeviceMessage_status_tag;
  insole_v1_Status& status = message_.body.status;
  status.state = streaming_   ? insole_v1_State_STATE_STREAMING
                 : recording_ ? insole_v1_State_STATE_RECORDING
                              : insole_v1_State_STATE_IDLE;
  status.sample_rate_hz = rate_hz_;
  status.frames_sent = frames_sent_;
  const wire::DecodeStats& rx = decoder_.stats();
  status.rx_frames = rx.frames;
  status.rx_crc_errors = rx.crc_errors;
  status.rx_malformed = rx.malformed + rx.overflows + bad_commands_;
  status.uptime_ms = static_cast<uint32_t>(clock_.now_us() / 1000u);
  status.battery_mv = identity_.battery_mv;
  switch (store_.state()) {
    case RecordingStore::State::kNoFlash:
      status.flash_state = insole_v1_FlashState_FLASH_STATE_UNSPECIFIED;
      break;
    case RecordingStore::State::kOk:
      status.flash_state = insole_v1_FlashState_FLASH_STATE_OK;
      break;
    case RecordingStore::State::kFull:
      status.flash_state = insole_v1_FlashState_FLASH_STATE_FULL;
      break;
    case RecordingStore::State::kError:
      status.flash_state = insole_v1_FlashState_FLASH_STATE_ERROR;
      break;
  }
  status.flash_capacity_kib = store_.capacity_bytes() / 1024u;
  status.flash_used_kib = store_.used_bytes() / 1024u;
  status.unsynced_recordings = store_.unsynced();
  status.next_sequence = sequence_;
  if (store_.state() != RecordingStore::State::kNoFlash) {  // 0 on the wire: nothing recorded
    const uint32_t rate = offline_rate_hz();
    const auto record_bytes = static_cast<uint16_t>(wire::recording_record_size(sensel_count_));
    status.recording_rate_hz = rate;
    status.recording_capacity_s = store_.capacity_records(record_bytes) / rate;
    status.recording_free_s = store_.free_records(record_bytes) / rate;
    status.clock_set = store_.clock_set();
  }
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
