// The insole device application: the portable core that every board runs unchanged.
//
// Boards construct one Device with their HAL implementations and call poll() from their main
// loop (or after each interrupt); poll() never blocks. It
//  - reads bytes from the link, deframes them and executes host commands
//    (request_info, request_status, start/stop streaming, set_rate), replying to each;
//  - while streaming, scans the sensel matrix when the ScanScheduler says so, removes zero
//    offsets and sends one Frame per scan with a sequence number and the scan's µs timestamp.
// next_wakeup_us() tells the board how long it may sleep.
#ifndef INSOLE_FW_DEVICE_H_
#define INSOLE_FW_DEVICE_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/fw/limits.h"
#include "insole/fw/message_writer.h"
#include "insole/fw/scan_scheduler.h"
#include "insole/fw/zero_calibration.h"
#include "insole/hal/board_identity.h"
#include "insole/hal/byte_link.h"
#include "insole/hal/clock.h"
#include "insole/hal/sensel_matrix.h"
#include "insole/v1/control.nanopb.h"
#include "insole/wire/frame.h"

namespace insole::fw {

class Device {
 public:
  Device(const hal::BoardIdentity& identity, hal::SenselMatrix& matrix, hal::ByteLink& link,
         const hal::Clock& clock);

  // Announces the boot on the log channel. Call once before the first poll().
  void boot();
  // Does all work that is due now; returns quickly.
  void poll();
  // Earliest time poll() has scheduled work (the next scan while streaming).
  uint64_t next_wakeup_us() const;

  // For boards whose sensels can be sampled at a past instant (simulations): serve up to this
  // many late scan slots, each stamped with its own scheduled time (ScanScheduler).
  void set_catch_up_slots(uint32_t slots) { catch_up_slots_ = slots; }

  bool streaming() const { return streaming_; }
  uint32_t sample_rate_hz() const { return rate_hz_; }
  uint32_t frames_sent() const { return frames_sent_; }
  const wire::DecodeStats& rx_stats() const { return decoder_.stats(); }

  // Executes one decoded command and sends its reply (public for host tests of the handler).
  void handle(const insole_v1_Command& command);

 private:
  void handle_bytes(const uint8_t* data, size_t n);
  void handle_payload(const uint8_t* payload, size_t size);
  void scan_and_send(uint64_t t_us);
  void reply_info(uint32_t request_id);
  void reply_status(uint32_t request_id);
  void reply_ack(uint32_t request_id);
  void reply_error(uint32_t request_id, insole_v1_ErrorCode code, const char* text);

  const hal::BoardIdentity& identity_;
  hal::SenselMatrix& matrix_;
  const hal::Clock& clock_;
  hal::ByteLink* link_;
  MessageWriter writer_;
  wire::StaticFrameDecoder<insole_v1_Command_size> decoder_;
  ScanScheduler scheduler_;
  ZeroCalibration zero_;
  size_t sensel_count_;
  bool streaming_ = false;
  uint32_t rate_hz_ = kDefaultRateHz;
  uint32_t sequence_ = 0;
  uint32_t frames_sent_ = 0;
  uint32_t bad_commands_ = 0;
  uint32_t catch_up_slots_ = 0;
  uint16_t raw_[kMaxSensels] = {};
  uint16_t corrected_[kMaxSensels] = {};
  insole_v1_DeviceMessage message_ = insole_v1_DeviceMessage_init_zero;
};

}  // namespace insole::fw

#endif  // INSOLE_FW_DEVICE_H_
