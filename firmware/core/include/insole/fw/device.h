// The insole device application: the portable core that every board runs unchanged.
//
// Boards construct one Device with their HAL implementations and call poll() from their main
// loop (or after each interrupt); poll() never blocks. It
//  - reads bytes from the link, deframes them and executes host commands, replying to each;
//  - while streaming, scans the sensel matrix when the ScanScheduler says so, removes zero
//    offsets and sends one Frame per scan with a sequence number and the scan's µs timestamp,
//    and (with a flash) keeps a journal of the frames it sent, so a host can ask again for the
//    ones a dropout lost (read_frames, answered a few frames per poll between live frames);
//  - with a flash and no host, records the run by itself (RecordingTrigger) at the recording
//    rate a host set (set_recording_rate, kept in flash; 200 Hz until then) for the host to
//    list, download and erase later; a command from a host ends such a recording;
//  - keeps the wall clock a host gives (set_clock) for this boot in flash, so the host can date
//    every recording of a boot it saw, across power cycles (RecordingStore's boot log).
// Sequence numbers count every scan of this boot, streamed or recorded, so (boot_id, sequence)
// names one frame. next_wakeup_us() tells the board how long it may sleep.
#ifndef INSOLE_FW_DEVICE_H_
#define INSOLE_FW_DEVICE_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/fw/limits.h"
#include "insole/fw/message_writer.h"
#include "insole/fw/recording_store.h"
#include "insole/fw/recording_trigger.h"
#include "insole/fw/scan_scheduler.h"
#include "insole/fw/zero_calibration.h"
#include "insole/hal/board_identity.h"
#include "insole/hal/byte_link.h"
#include "insole/hal/clock.h"
#include "insole/hal/flash.h"
#include "insole/hal/sensel_matrix.h"
#include "insole/v1/control.nanopb.h"
#include "insole/wire/frame.h"

namespace insole::fw {

class Device {
 public:
  static constexpr uint32_t kMaxReadFrames = 1000;  // per read_frames request
  static constexpr uint32_t kBackfillPerPoll = 4;   // frames answered per poll()
  static constexpr uint32_t kMaxReadRequests = 4;   // read_frames requests queued
  static constexpr uint32_t kMaxChunkBytes = 256;   // per read_recording
  static constexpr uint32_t kJournalSegments = 8;   // a journal is cut in 1/8 of the flash

  // flash: the recording flash, or nullptr for a board without one (no journal, no recordings).
  Device(const hal::BoardIdentity& identity, hal::SenselMatrix& matrix, hal::ByteLink& link,
         const hal::Clock& clock, hal::Flash* flash = nullptr);

  // Mounts the flash and announces the boot on the log channel. Call once before poll().
  void boot();
  // The "reboot" command and a board's reset both end here: streaming and recording stop, the
  // flash is mounted again (a new boot id), sequence numbers and rate start over.
  void restart();
  // For boards that can tell the host has gone (USB VBUS lost, bus suspended): a streamed
  // session continues as an offline recording, so its frames are kept for the host.
  void host_disconnected();
  // Does all work that is due now; returns quickly.
  void poll();
  // Earliest time poll() has scheduled work (the next scan while streaming).
  uint64_t next_wakeup_us() const;

  // For boards whose sensels can be sampled at a past instant (simulations): serve up to this
  // many late scan slots, each stamped with its own scheduled time (ScanScheduler).
  void set_catch_up_slots(uint32_t slots) { catch_up_slots_ = slots; }

  bool streaming() const { return streaming_; }
  bool recording() const { return recording_; }
  const RecordingStore& recordings() const { return store_; }
  uint32_t sample_rate_hz() const { return rate_hz_; }
  uint32_t frames_sent() const { return frames_sent_; }
  const wire::DecodeStats& rx_stats() const { return decoder_.stats(); }

  // Executes one decoded command and sends its reply (public for host tests of the handler).
  void handle(const insole_v1_Command& command);

 private:
  void handle_bytes(const uint8_t* data, size_t n);
  void handle_payload(const uint8_t* payload, size_t size);
  void scan_and_send(uint64_t t_us);
  void watch_scan(uint64_t t_us);
  uint32_t scan(uint64_t t_us, bool* zeroing);  // returns the corrected total
  void store_record(uint32_t sequence, uint64_t t_us, uint8_t flags);
  void start_schedule(uint32_t rate_hz);
  void begin_recording(RecordingKind kind, uint32_t first_sequence, uint32_t rate_hz);
  void end_recording(RecordingEnd why);
  void stop_offline_recording(RecordingEnd why);
  uint32_t offline_rate_hz() const;
  void start_streaming();
  void send_backfill();
  void end_backfill();
  void reply_info(uint32_t request_id);
  void reply_status(uint32_t request_id);
  void reply_recording_list(uint32_t request_id, uint32_t skip);
  void reply_chunk(uint32_t request_id, const insole_v1_ReadRecording& request);
  void reply_ack(uint32_t request_id);
  void reply_error(uint32_t request_id, insole_v1_ErrorCode code, const char* text);

  const hal::BoardIdentity& identity_;
  hal::SenselMatrix& matrix_;
  const hal::Clock& clock_;
  hal::ByteLink* link_;
  hal::Flash* flash_;
  MessageWriter writer_;
  wire::StaticFrameDecoder<insole_v1_Command_size> decoder_;
  ScanScheduler scheduler_;
  ScanScheduler watch_;
  ZeroCalibration zero_;
  RecordingStore store_;
  RecordingTrigger trigger_;
  size_t sensel_count_;
  bool streaming_ = false;
  bool recording_ = false;  // offline recording (no host)
  struct Backfill {
    uint32_t request_id = 0;
    uint32_t first = 0;
    uint32_t next = 0;
    uint32_t end = 0;
    uint32_t sent = 0;
  };
  // read_frames requests, answered in order (a long gap comes as several requests).
  Backfill backfill_[kMaxReadRequests] = {};
  uint32_t backfill_head_ = 0;
  uint32_t backfill_count_ = 0;
  uint32_t rate_hz_ = kDefaultRateHz;
  uint32_t sequence_ = 0;
  uint32_t frames_sent_ = 0;
  uint32_t bad_commands_ = 0;
  uint32_t catch_up_slots_ = 0;
  uint16_t raw_[kMaxSensels] = {};
  uint16_t corrected_[kMaxSensels] = {};
  uint8_t record_[RecordingStore::kMaxRecordBytes] = {};
  insole_v1_DeviceMessage message_ = insole_v1_DeviceMessage_init_zero;
};

}  // namespace insole::fw

#endif  // INSOLE_FW_DEVICE_H_
