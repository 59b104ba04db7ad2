// Runs an insole recorded with no host (firmware RecordingStore), on their way into the
// database. A recording is noted when first listed ('downloading'); its bytes arrive in pieces,
// each committed on its own, so a download cut by an unplug or a killed daemon resumes at
// held_bytes(); once verified and turned into a run it is 'imported' (pieces deleted, run_id
// set), and 'erased' when the insole has freed it. A recording whose bytes fail their CRC is
// 'corrupt' and kept on the insole. Keyed by (device, boot, recording id): recording ids are
// unique within a boot of the insole's flash.
#ifndef INSOLE_STORE_INSOLE_RECORDINGS_H_
#define INSOLE_STORE_INSOLE_RECORDINGS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "insole/store/sqlite.h"

namespace insole::store {

struct InsoleRecordingKey {
  std::int64_t device_id = 0;
  std::uint32_t boot_id = 0;
  std::uint32_t recording_id = 0;
};

struct InsoleRecordingRecord {
  InsoleRecordingKey key;
  std::uint32_t first_sequence = 0;
  std::uint32_t frame_count = 0;
  std::uint64_t start_time_us = 0;
  std::uint32_t sample_rate_hz = 0;
  std::uint32_t sensel_count = 0;
  std::uint32_t record_bytes = 0;
  std::uint32_t size_bytes = 0;
  std::uint32_t crc32 = 0;
  std::string state;  // downloading | imported | erased | corrupt
  std::optional<std::int64_t> run_id;
  // When its first frame was recorded, µs since the Unix epoch; nullopt while unknown (not yet
  // imported, or recorded in a boot of the insole that no host gave the time).
  std::optional<std::int64_t> started_wall_us;
  // µs after started_wall_us of the end of its last frame.
  std::int64_t span_us() const {
    return sample_rate_hz == 0 ? 0
                               : static_cast<std::int64_t>(frame_count) * 1'000'000 /
                                     static_cast<std::int64_t>(sample_rate_hz);
  }
};

// What identifies the other foot of one outing (FlashImporter).
struct OutingQuery {
  std::int64_t device_id = 0;  // the foot being imported: never its own partner
  char partner_side = 'R';     // the opposite side
  std::uint32_t sample_rate_hz = 0;
  std::int64_t started_wall_us = 0;
  std::int64_t span_us = 0;
};

class InsoleRecordings {
 public:
  explicit InsoleRecordings(Connection& db) : db_(db) {}

  // Notes a recording listed by an insole (kept as it is if already known); returns the row.
  // A known recording whose size or CRC differ is the insole reusing an id: an error.
  InsoleRecordingRecord note(const InsoleRecordingRecord& listed);
  // Bytes held so far (contiguous from offset 0).
  std::uint32_t held_bytes(const InsoleRecordingKey& key);
  // Appends bytes at offset == held_bytes(key), in one transaction.
  void add_piece(const InsoleRecordingKey& key, std::uint32_t offset,
                 std::span<const std::uint8_t> data);
  std::vector<std::uint8_t> data(const InsoleRecordingKey& key);
  // Forgets the bytes held (they failed verification): the next download starts over.
  void discard_pieces(const InsoleRecordingKey& key);
  // 'imported' with its run (and its wall-clock start when known), pieces deleted, in one
  // transaction (or in the caller's).
  void set_imported(const InsoleRecordingKey& key, std::int64_t run_id,
                    std::optional<std::int64_t> started_wall_us = std::nullopt);
  // The other foot of an outing: an imported recording of another device on partner_side, at
  // the same rate, dated, whose run still has that one foot only, and whose time overlaps the
  // query's; the longest overlap wins. nullopt when there is none.
  std::optional<InsoleRecordingRecord> partner(const OutingQuery& query);
  // The start of a run the PC joined late (run/recorded_start.h): an imported recording of
  // device_id in another run, dated, that the host's arrival ended (run_devices.recording_end
  // 'host'), whose frames run on without a gap into run_id's first frame of that device
  // (first_sequence + frame_count == next_sequence), and that ended within tolerance_us of
  // run_id's start on the wall clock. nullopt when there is none.
  std::optional<InsoleRecordingRecord> recorded_start(std::int64_t run_id, std::int64_t device_id,
                                                      std::uint32_t next_sequence,
                                                      std::int64_t tolerance_us);
  void set_state(const InsoleRecordingKey& key, const std::string& state);
  std::vector<InsoleRecordingRecord> list();

 private:
  Connection& db_;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_INSOLE_RECORDINGS_H_
