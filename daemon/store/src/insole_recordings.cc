#include "insole/store/insole_recordings.h"

#include <algorithm>

namespace insole::store {
namespace {

constexpr std::string_view kColumns =
    "device_id, boot_id, recording_id, first_sequence, frame_count, start_time_us, "
    "sample_rate_hz, sensel_count, record_bytes, size_bytes, crc32, state, run_id, started_wall_us";
constexpr std::string_view kKey = "device_id = ?1 AND boot_id = ?2 AND recording_id = ?3";

void bind_key(Statement& s, const InsoleRecordingKey& k) {
  s.bind(1, k.device_id)
      .bind(2, static_cast<std::int64_t>(k.boot_id))
      .bind(3, static_cast<std::int64_t>(k.recording_id));
}

InsoleRecordingRecord read_row(const Statement& s) {
  InsoleRecordingRecord r;
  r.key.device_id = s.column_int(0);
  r.key.boot_id = static_cast<std::uint32_t>(s.column_int(1));
  r.key.recording_id = static_cast<std::uint32_t>(s.column_int(2));
  r.first_sequence = static_cast<std::uint32_t>(s.column_int(3));
  r.frame_count = static_cast<std::uint32_t>(s.column_int(4));
  r.start_time_us = static_cast<std::uint64_t>(s.column_int(5));
  r.sample_rate_hz = static_cast<std::uint32_t>(s.column_int(6));
  r.sensel_count = static_cast<std::uint32_t>(s.column_int(7));
  r.record_bytes = static_cast<std::uint32_t>(s.column_int(8));
  r.size_bytes = static_cast<std::uint32_t>(s.column_int(9));
  r.crc32 = static_cast<std::uint32_t>(s.column_int(10));
  r.state = s.column_text(11);
  if (!s.column_is_null(12)) r.run_id = s.column_int(12);
  if (!s.column_is_null(13)) r.started_wall_us = s.column_int(13);
  return r;
}

std::string describe(const InsoleRecordingKey& k) {
  return "recording " + std::to_string(k.recording_id) + " (boot " + std::to_string(k.boot_id) +
         ") of device " + std::to_string(k.device_id);
}

// kColumns, each with a table alias in front ("r.first_sequence, ...").
std::string prefixed_columns(std::string_view prefix) {
  std::string columns;
  for (std::size_t at = 0; at < kColumns.size();) {
    const std::size_t comma = std::min(kColumns.find(',', at), kColumns.size());
    columns += (columns.empty() ? "" : ", ") + std::string(prefix) +
               std::string(kColumns.substr(at, comma - at));
    at = kColumns.find_first_not_of(", ", comma);
  }
  return columns;
}

}  // namespace

InsoleRecordingRecord InsoleRecordings::note(const InsoleRecordingRecord& listed) {
  {
    Statement q = db_.prepare("SELECT " + std::string(kColumns) + " FROM insole_recordings WHERE " +
                              std::string(kKey));
    bind_key(q, listed.key);
    if (q.step()) {
      InsoleRecordingRecord known = read_row(q);
      if (known.size_bytes != listed.size_bytes || known.crc32 != listed.crc32) {
        throw StoreError(
            describe(listed.key) + " is listed with " + std::to_string(listed.size_bytes) +
            " bytes (CRC " + std::to_string(listed.crc32) + ") but was noted with " +
            std::to_string(known.size_bytes) + " bytes (CRC " + std::to_string(known.crc32) + ")");
      }
      return known;
    }
  }
  Statement s = db_.prepare(
      "INSERT INTO insole_recordings (" + std::string(kColumns) +
      ", first_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'downloading', NULL, "
      "NULL, "
      "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
  bind_key(s, listed.key);
  s.bind(4, static_cast<std::int64_t>(listed.first_sequence))
      .bind(5, static_cast<std::int64_t>(listed.frame_count))
      .bind(6, static_cast<std::int64_t>(listed.start_time_us))
      .bind(7, static_cast<std::int64_t>(listed.sample_rate_hz))
      .bind(8, static_cast<std::int64_t>(listed.sensel_count))
      .bind(9, static_cast<std::int64_t>(listed.record_bytes))
      .bind(10, static_cast<std::int64_t>(listed.size_bytes))
      .bind(11, static_cast<std::int64_t>(listed.crc32));
  s.run();
  InsoleRecordingRecord r = listed;
  r.state = "downloading";
  r.run_id.reset();
  return r;
}

std::uint32_t InsoleRecordings::held_bytes(const InsoleRecordingKey& key) {
  Statement q =
      db_.prepare("SELECT COALESCE(SUM(length(data)), 0) FROM insole_recording_pieces WHERE " +
                  std::string(kKey));
  bind_key(q, key);
  q.step();
  return static_cast<std::uint32_t>(q.column_int(0));
}

void InsoleRecordings::add_piece(const InsoleRecordingKey& key, std::uint32_t offset,
                                 std::span<const std::uint8_t> data) {
  Transaction t(db_);
  const std::uint32_t held = held_bytes(key);
  if (offset != held) {
    throw StoreError("piece of " + describe(key) + " at byte " + std::to_string(offset) +
                     " does not follow the " + std::to_string(held) + " bytes held");
  }
  Statement s = db_.prepare(
      "INSERT INTO insole_recording_pieces (device_id, boot_id, recording_id, offset, data) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  bind_key(s, key);
  s.bind(4, static_cast<std::int64_t>(offset)).bind_blob(5, data);
  s.run();
  t.commit();
}

std::vector<std::uint8_t> InsoleRecordings::data(const InsoleRecordingKey& key) {
  Statement q = db_.prepare("SELECT data FROM insole_recording_pieces WHERE " + std::string(kKey) +
                            " ORDER BY offset");
  bind_key(q, key);
  std::vector<std::uint8_t> out;
  while (q.step()) {
    const std::vector<std::uint8_t> piece = q.column_blob(0);
    out.insert(out.end(), piece.begin(), piece.end());
  }
  return out;
}

void InsoleRecordings::set_imported(const InsoleRecordingKey& key, std::int64_t run_id,
                                    std::optional<std::int64_t> started_wall_us) {
  Transaction t(db_);
  Statement u = db_.prepare(
      "UPDATE insole_recordings SET state = 'imported', run_id = ?4, started_wall_us = ?5 WHERE " +
      std::string(kKey));
  bind_key(u, key);
  u.bind(4, run_id);
  if (started_wall_us) {
    u.bind(5, *started_wall_us);
  } else {
    u.bind_null(5);
  }
  u.run();
  Statement d = db_.prepare("DELETE FROM insole_recording_pieces WHERE " + std::string(kKey));
  bind_key(d, key);
  d.run();
  t.commit();
}

void InsoleRecordings::discard_pieces(const InsoleRecordingKey& key) {
  Statement d = db_.prepare("DELETE FROM insole_recording_pieces WHERE " + std::string(kKey));
  bind_key(d, key);
  d.run();
}

void InsoleRecordings::set_state(const InsoleRecordingKey& key, const std::string& state) {
  Statement u = db_.prepare("UPDATE insole_recordings SET state = ?4 WHERE " + std::string(kKey));
  bind_key(u, key);
  u.bind(4, state);
  u.run();
}

std::optional<InsoleRecordingRecord> InsoleRecordings::partner(const OutingQuery& q) {
  // Spans are [started_wall_us, started_wall_us + frames / rate) on the wall clock.
  Statement s = db_.prepare(
      "SELECT " + prefixed_columns("r.") +
      ", MIN(r.started_wall_us + r.frame_count * 1000000 / r.sample_rate_hz, ?5 + ?6) "
      "  - MAX(r.started_wall_us, ?5) AS overlap "
      "FROM insole_recordings r JOIN devices d ON d.id = r.device_id "
      "WHERE r.state IN ('imported', 'erased') AND r.run_id IS NOT NULL "
      "  AND r.started_wall_us IS NOT NULL AND r.sample_rate_hz = ?3 AND r.sample_rate_hz > 0 "
      "  AND r.device_id != ?1 AND d.side = ?2 "
      "  AND (SELECT COUNT(*) FROM run_devices rd WHERE rd.run_id = r.run_id) = 1 "
      "  AND EXISTS (SELECT 1 FROM run_devices rd WHERE rd.run_id = r.run_id "
      "              AND rd.device_id = r.device_id) "
      "  AND overlap > 0 "
      "ORDER BY overlap DESC LIMIT 1");
  s.bind(1, q.device_id)
      .bind(2, std::string_view(&q.partner_side, 1))
      .bind(3, static_cast<std::int64_t>(q.sample_rate_hz))
      .bind(5, q.started_wall_us)
      .bind(6, q.span_us);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::optional<InsoleRecordingRecord> InsoleRecordings::recorded_start(std::int64_t run_id,
                                                                      std::int64_t device_id,
                                                                      std::uint32_t next_sequence,
                                                                      std::int64_t tolerance_us) {
  Statement s =
      db_.prepare("SELECT " + prefixed_columns("r.") +
                  " FROM insole_recordings r "
                  "JOIN run_devices rd ON rd.run_id = r.run_id AND rd.device_id = r.device_id "
                  "JOIN runs head ON head.id = r.run_id JOIN runs live ON live.id = ?1 "
                  "WHERE r.device_id = ?2 AND r.state IN ('imported', 'erased') AND r.run_id != ?1 "
                  "  AND head.status = 'complete' AND rd.recording_end = 'host' "
                  "  AND r.first_sequence + r.frame_count = ?3 "
                  "  AND r.started_wall_us IS NOT NULL AND r.sample_rate_hz > 0 "
                  "  AND live.started_at IS NOT NULL "
                  "  AND ABS(r.started_wall_us + r.frame_count * 1000000 / r.sample_rate_hz "
                  "          - (julianday(live.started_at) - 2440587.5) * 86400000000.0) <= ?4 "
                  "ORDER BY r.run_id DESC LIMIT 1");
  s.bind(1, run_id)
      .bind(2, device_id)
      .bind(3, static_cast<std::int64_t>(next_sequence))
      .bind(4, tolerance_us);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::vector<InsoleRecordingRecord> InsoleRecordings::list() {
  Statement q = db_.prepare("SELECT " + std::string(kColumns) +
                            " FROM insole_recordings ORDER BY device_id, boot_id, recording_id");
  std::vector<InsoleRecordingRecord> out;
  while (q.step()) out.push_back(read_row(q));
  return out;
}

}  // namespace insole::store
