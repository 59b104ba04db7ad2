// The insole's recordings in NOR flash (hal::Flash): a circular log of recordings, each a
// 64-byte header at the start of a sector followed by fixed-size frame records
// (wire/recording_record.h) that run on across the following sectors.
//
// Layout and rules (docs/firmware.md#on-insole-recording):
//  - sector 0 holds the boot counter (one programmed u32 slot per boot); sectors 1..N-1 are the
//    log, used in circular order; a recording starts at a sector boundary;
//  - a header is written once when a recording begins; its closing fields (frame count, CRC of
//    the data) and its "freed" mark are programmed later, bits only going 1 -> 0;
//  - the sector after the one being written is always erased ahead, so after a power loss
//    mount() finds the end of an unclosed recording at its first erased record slot, and closes
//    it;
//  - space is reused oldest first: a journal (copy of a streamed session) or a recording the
//    host has freed may be overwritten; an offline recording the host has not freed never is.
//    When one is in the way, the recording is closed as ended by kFlashFull and state() is
//    kFull. A flash error stops recording with kError. Neither touches data already written;
//  - sector 0 is also the boot log: besides one u32 per boot, 32-byte entries keep the wall
//    clock a host gave in a boot (set_clock) and the offline recording rate, so that recordings
//    of earlier boots can be dated after power cycles and the rate survives them. When it is
//    full it is erased and rewritten with what is still needed (the current boot, the clocks of
//    boots that have recordings, the rate).
// Not thread-safe; the core calls it from its main loop only.
#ifndef INSOLE_FW_RECORDING_STORE_H_
#define INSOLE_FW_RECORDING_STORE_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/hal/flash.h"

namespace insole::fw {

enum class RecordingKind : uint8_t { kOffline = 1, kJournal = 2 };  // = insole.v1.RecordingKind
// Why a recording ended (= insole.v1.RecordingEnd); kUnspecified while open, or written by a
// firmware before protocol 1.2.
enum class RecordingEnd : uint8_t {
  kUnspecified = 0,
  kFootOff = 1,
  kHost = 2,
  kFlashFull = 3,
  kPowerLoss = 4,
  kRestart = 5,
};

struct RecordingEntry {
  uint32_t id = 0;
  uint32_t boot_id = 0;
  RecordingKind kind = RecordingKind::kOffline;
  uint32_t first_sequence = 0;
  uint32_t frame_count = 0;
  uint64_t start_time_us = 0;
  uint32_t sample_rate_hz = 0;
  uint16_t sensel_count = 0;
  uint16_t record_bytes = 0;
  uint32_t crc32 = 0;  // of frame_count * record_bytes data bytes
  uint32_t start_sector = 0;
  bool open = false;
  bool freed = false;
  RecordingEnd end = RecordingEnd::kUnspecified;
  // Wall clock (µs since the Unix epoch) at device time 0 of its boot, as a host gave it during
  // that boot, and the device time it was given at; 0 when no host did.
  uint64_t boot_wall_clock_us = 0;
  uint64_t clock_set_at_us = 0;

  uint32_t size_bytes() const { return frame_count * record_bytes; }
};

class RecordingStore {
 public:
  enum class State : uint8_t { kNoFlash, kOk, kFull, kError };
  static constexpr size_t kMaxRecordings = 32;
  static constexpr uint32_t kHeaderBytes = 64;
  static constexpr uint32_t kMaxRecordBytes = 256;

  // Reads the flash: boot counter (incremented and written back) and the recordings. A board
  // without flash passes nullptr: state() stays kNoFlash and every call fails.
  void mount(hal::Flash* flash);

  State state() const { return state_; }
  uint32_t boot_id() const { return boot_id_; }
  uint32_t capacity_bytes() const;
  uint32_t used_bytes() const;  // by recordings not yet freed
  uint32_t unsynced() const;    // offline recordings not freed
  // Frames of record_bytes an offline recording begun now could hold: on an empty flash, and
  // in the space not held by unsynced recordings.
  uint32_t capacity_records(uint16_t record_bytes) const;
  uint32_t free_records(uint16_t record_bytes) const;

  // The host's wall clock (µs since the Unix epoch) at device time now_us of this boot: kept in
  // the boot log (once per boot, again only when it moved by more than kClockRewriteUs) and
  // given to this boot's recordings. False when it could not be written.
  static constexpr uint64_t kClockRewriteUs = 20000;
  bool set_clock(uint64_t unix_us, uint64_t now_us);
  bool clock_set() const { return clock_wall_us_ != 0; }
  // The offline recording rate kept in the boot log; 0 when none was ever set.
  uint32_t recording_rate_hz() const { return recording_rate_hz_; }
  bool set_recording_rate(uint32_t rate_hz);
  // Starts a recording whose first record will have first_sequence. False (state() says why)
  // when there is no room. Any open recording is ended first.
  bool begin(RecordingKind kind, uint32_t first_sequence, uint64_t start_time_us,
             uint32_t sample_rate_hz, uint16_t sensel_count, uint16_t record_bytes);
  // Appends one record of the open recording's record_bytes; false when it cannot (no open
  // recording, full, flash error); the recording stays valid up to the last record appended.
  bool append(const uint8_t* record);
  // Closes the open recording (programs its count, CRC and why it ended); no-op without one.
  void end(RecordingEnd why);
  const RecordingEntry* open_recording() const;

  // Recordings not freed, oldest first.
  size_t count() const;
  const RecordingEntry* at(size_t index) const;
  const RecordingEntry* find(uint32_t id) const;
  // Copies data bytes [offset, offset + n) of a recording; false if out of range or on error.
  bool read(uint32_t id, uint32_t offset, uint8_t* out, size_t n);
  // Finds the record with this sequence in this boot's recordings; false if none has it.
  bool read_frame(uint32_t sequence, uint8_t* record, size_t record_capacity);
  // Marks a recording freed (its space becomes reusable). False if there is no such recording.
  bool free(uint32_t id);

 private:
  uint32_t log_sectors() const { return sector_count_ - 1; }
  uint32_t sector_address(uint32_t log_sector) const;
  uint32_t sectors_spanned(const RecordingEntry& e, uint32_t extra_bytes) const;
  // Reads into `in` (out == nullptr) or programs `out`.
  bool data_io(const RecordingEntry& e, uint32_t offset, uint8_t* in, const uint8_t* out, size_t n);
  bool claim_sector(uint32_t log_sector);
  void drop_oldest();
  bool program_u32(uint32_t address, uint32_t value);
  void fail(State state);
  void mount_boot_log();
  bool append_boot_log(const uint32_t* words, uint32_t n);
  bool write_clock_entry(uint32_t boot, uint64_t wall_us, uint64_t set_at_us);
  bool write_rate_entry(uint32_t rate_hz);
  bool compact_boot_log();
  uint32_t room_sectors() const;
  void mount_recordings();
  void close_after_power_loss(RecordingEntry& e);

  hal::Flash* flash_ = nullptr;
  State state_ = State::kNoFlash;
  uint32_t sector_count_ = 0;
  uint32_t boot_id_ = 0;
  uint32_t next_id_ = 1;
  uint32_t head_sector_ = 0;   // log sector where the next recording starts
  uint32_t erased_ahead_ = 0;  // log sector known erased after the open recording's last
  RecordingEntry entries_[kMaxRecordings];  // oldest first, including freed ones not yet reused
  size_t entry_count_ = 0;
  int open_index_ = -1;
  uint32_t boot_log_used_ = 0;  // u32 slots of sector 0 in use
  uint64_t clock_wall_us_ = 0;  // this boot's clock (0: no host gave it yet)
  uint64_t clock_set_at_us_ = 0;
  uint32_t recording_rate_hz_ = 0;
};

}  // namespace insole::fw

#endif  // INSOLE_FW_RECORDING_STORE_H_
