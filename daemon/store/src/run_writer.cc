#include "insole/store/run_writer.h"

#include <cmath>
#include <optional>
#include <string>

#include "insole/store/shoes.h"

namespace insole::store {
namespace {
constexpr std::string_view kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
}

std::int64_t RunWriter::upsert_device(const DeviceRecord& d) {
  Statement s = db_.prepare(
      "INSERT INTO devices (serial_number, side, firmware_version, protocol_major, "
      "protocol_minor, grid_id, sensel_count, board, first_seen, last_seen) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " +
      std::string(kNow) + ", " + std::string(kNow) +
      ") ON CONFLICT (serial_number) DO UPDATE SET side = ?2, firmware_version = ?3, "
      "protocol_major = ?4, protocol_minor = ?5, grid_id = ?6, sensel_count = ?7, board = ?8, "
      "last_seen = " +
      std::string(kNow) + " RETURNING id");
  s.bind(1, d.serial_number)
      .bind(2, std::string_view(&d.side, 1))
      .bind(3, d.firmware_version)
      .bind(4, static_cast<std::int64_t>(d.protocol_major))
      .bind(5, static_cast<std::int64_t>(d.protocol_minor))
      .bind(6, d.grid_id)
      .bind(7, static_cast<std::int64_t>(d.sensel_count))
      .bind(8, d.board);
  if (!s.step()) db_.fail("upsert device");
  return s.column_int(0);
}

std::int64_t RunWriter::begin_run(std::uint32_t sample_rate_hz) {
  const std::optional<std::int64_t> shoe = ShoeStore(db_).default_shoe();
  Statement s =
      db_.prepare("INSERT INTO runs (started_at, status, sample_rate_hz, shoe_id) VALUES (" +
                  std::string(kNow) + ", 'recording', ?1, ?2)");
  s.bind(1, static_cast<std::int64_t>(sample_rate_hz));
  if (shoe) {
    s.bind(2, *shoe);
  } else {
    s.bind_null(2);
  }
  s.run();
  return db_.last_insert_rowid();
}

void RunWriter::attach_device(std::int64_t run_id, std::int64_t device_id, char side) {
  db_.prepare("INSERT OR IGNORE INTO run_devices (run_id, device_id, side) VALUES (?1, ?2, ?3)")
      .bind(1, run_id)
      .bind(2, device_id)
      .bind(3, std::string_view(&side, 1))
      .run();
}

void RunWriter::append(std::int64_t run_id, std::span<const StepRecord> steps,
                       std::span<const FrameBlockRecord> blocks) {
  if (steps.empty() && blocks.empty()) return;
  Transaction tx(db_);
  insert_steps(run_id, steps);
  if (!blocks.empty()) {
    Statement b = db_.prepare(
        "INSERT INTO frame_blocks (run_id, device_id, first_sequence, frame_count, "
        "first_device_time_us, codec, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const FrameBlockRecord& block : blocks) {
      b.bind(1, run_id)
          .bind(2, block.device_id)
          .bind(3, static_cast<std::int64_t>(block.first_sequence))
          .bind(4, static_cast<std::int64_t>(block.frame_count))
          .bind(5, static_cast<std::int64_t>(block.first_device_time_us))
          .bind(6, std::string_view(block.codec))
          .bind_blob(7, block.data)
          .run();
    }
  }
  tx.commit();
}

void RunWriter::replace_steps(std::int64_t run_id, std::span<const StepRecord> steps) {
  Transaction tx(db_);
  db_.prepare("DELETE FROM steps WHERE run_id = ?1").bind(1, run_id).run();
  insert_steps(run_id, steps);
  tx.commit();
}

void RunWriter::replace_alerts(std::int64_t run_id, std::span<const AlertRecord> alerts) {
  Transaction tx(db_);
  db_.prepare("DELETE FROM alerts WHERE run_id = ?1").bind(1, run_id).run();
  Statement s = db_.prepare(
      "INSERT INTO alerts (run_id, code, side, metric, finding, advice) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const AlertRecord& a : alerts) {
    s.bind(1, run_id)
        .bind(2, std::string_view(a.code))
        .bind(3, std::string_view(a.side))
        .bind(4, std::string_view(a.metric))
        .bind(5, std::string_view(a.finding))
        .bind(6, std::string_view(a.advice))
        .run();
  }
  tx.commit();
}

void RunWriter::set_device_clock(std::int64_t run_id, std::int64_t device_id,
                                 double newtons_per_count, std::uint32_t sample_rate_hz,
                                 std::int64_t clock_offset_us) {
  db_.prepare(
         "UPDATE run_devices SET newtons_per_count = ?3, sample_rate_hz = ?4, "
         "clock_offset_us = ?5 WHERE run_id = ?1 AND device_id = ?2")
      .bind(1, run_id)
      .bind(2, device_id)
      .bind(3, newtons_per_count)
      .bind(4, static_cast<std::int64_t>(sample_rate_hz))
      .bind(5, clock_offset_us)
      .run();
}

void RunWriter::insert_steps(std::int64_t run_id, std::span<const StepRecord> steps) {
  if (steps.empty()) return;
  Statement s = db_.prepare(
      "INSERT INTO steps (run_id, side, contact_s, toe_off_s, peak_force_n, impulse_ns, "
      "loading_rate_n_per_s, flight_time_s, strike_index, strike, flat_foot, pronation_index, "
      "cpei_pct, medial_fraction, pronation, missing_s, silent_sensel, toe_share) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
  auto real_or_null = [&s](int i, double v) {
    if (std::isfinite(v)) {
      s.bind(i, v);
    } else {
      s.bind_null(i);
    }
  };
  auto text_or_null = [&s](int i, const std::string& v) {
    if (v.empty()) {
      s.bind_null(i);
    } else {
      s.bind(i, std::string_view(v));
    }
  };
  for (const StepRecord& step : steps) {
    s.bind(1, run_id)
        .bind(2, std::string_view(&step.side, 1))
        .bind(3, step.contact_s)
        .bind(4, step.toe_off_s)
        .bind(5, step.peak_force_n)
        .bind(6, step.impulse_ns)
        .bind(7, step.loading_rate_n_per_s);
    real_or_null(8, step.flight_time_s);
    real_or_null(9, step.strike_index);
    text_or_null(10, step.strike);
    if (step.flat_foot < 0) {
      s.bind_null(11);
    } else {
      s.bind(11, static_cast<std::int64_t>(step.flat_foot));
    }
    real_or_null(12, step.pronation_index);
    real_or_null(13, step.cpei_pct);
    real_or_null(14, step.medial_fraction);
    text_or_null(15, step.pronation);
    real_or_null(16, step.missing_s);
    if (step.silent_sensel < 0) {
      s.bind_null(17);
    } else {
      s.bind(17, static_cast<std::int64_t>(step.silent_sensel));
    }
    real_or_null(18, step.toe_share);
    s.run();
  }
}

void RunWriter::update_link(std::int64_t run_id, std::int64_t device_id, const LinkCounters& c) {
  db_.prepare(
         "UPDATE run_devices SET frames = ?3, crc_errors = ?4, malformed = ?5, "
         "sequence_gaps = ?6, frames_lost = ?7, frames_recovered = ?8, restarts = ?9, "
         "frames_lost_restart = ?10 WHERE run_id = ?1 AND device_id = ?2")
      .bind(1, run_id)
      .bind(2, device_id)
      .bind(3, static_cast<std::int64_t>(c.frames))
      .bind(4, static_cast<std::int64_t>(c.crc_errors))
      .bind(5, static_cast<std::int64_t>(c.malformed))
      .bind(6, static_cast<std::int64_t>(c.sequence_gaps))
      .bind(7, static_cast<std::int64_t>(c.frames_lost))
      .bind(8, static_cast<std::int64_t>(c.frames_recovered))
      .bind(9, static_cast<std::int64_t>(c.restarts))
      .bind(10, static_cast<std::int64_t>(c.frames_lost_restart))
      .run();
}

void RunWriter::set_started_at(std::int64_t run_id, std::string_view started_at) {
  db_.prepare("UPDATE runs SET started_at = ?2 WHERE id = ?1")
      .bind(1, run_id)
      .bind(2, started_at)
      .run();
}

void RunWriter::set_ended_at(std::int64_t run_id, std::string_view ended_at) {
  db_.prepare("UPDATE runs SET ended_at = ?2 WHERE id = ?1")
      .bind(1, run_id)
      .bind(2, ended_at)
      .run();
}

void RunWriter::set_date_unknown(std::int64_t run_id) {
  db_.prepare("UPDATE runs SET started_at = NULL, ended_at = NULL WHERE id = ?1")
      .bind(1, run_id)
      .run();
}

void RunWriter::set_recording_end(std::int64_t run_id, std::int64_t device_id,
                                  std::string_view why) {
  db_.prepare("UPDATE run_devices SET recording_end = ?3 WHERE run_id = ?1 AND device_id = ?2")
      .bind(1, run_id)
      .bind(2, device_id)
      .bind(3, why)
      .run();
}

void RunWriter::finish(std::int64_t run_id, std::string_view status) {
  db_.prepare("UPDATE runs SET status = ?2, ended_at = " + std::string(kNow) + " WHERE id = ?1")
      .bind(1, run_id)
      .bind(2, status)
      .run();
}

void RunWriter::delete_run(std::int64_t run_id) {
  {
    Statement s = db_.prepare("SELECT status FROM runs WHERE id = ?1");
    s.bind(1, run_id);
    if (!s.step()) throw StoreError("no run " + std::to_string(run_id));
    if (s.column_text(0) == "recording") {
      throw StoreError("run " + std::to_string(run_id) +
                       " is still being recorded; end it (stop insoled or unplug the insoles) "
                       "before deleting it");
    }
  }
  erase_for_good(db_, [&] {
    for (const char* sql :
         {"DELETE FROM steps WHERE run_id = ?1", "DELETE FROM frame_blocks WHERE run_id = ?1",
          "DELETE FROM watch_samples WHERE track_id IN "
          "(SELECT id FROM watch_tracks WHERE run_id = ?1)",
          "DELETE FROM watch_tracks WHERE run_id = ?1", "DELETE FROM alerts WHERE run_id = ?1",
          "DELETE FROM run_devices WHERE run_id = ?1",
          "UPDATE insole_recordings SET run_id = NULL WHERE run_id = ?1",
          "DELETE FROM runs WHERE id = ?1"}) {
      db_.prepare(sql).bind(1, run_id).run();
    }
  });
}

void RunWriter::fold_into(std::int64_t from_run, std::int64_t into_run) {
  for (const char* sql : {"UPDATE frame_blocks SET run_id = ?2 WHERE run_id = ?1",
                          "UPDATE insole_recordings SET run_id = ?2 WHERE run_id = ?1",
                          "UPDATE fitting_trials SET run_id = ?2 WHERE run_id = ?1",
                          // A watch track follows the run unless the run kept has its own.
                          "UPDATE OR IGNORE watch_tracks SET run_id = ?2 WHERE run_id = ?1",
                          "UPDATE runs SET shoe_id = (SELECT shoe_id FROM runs WHERE id = ?1) "
                          "  WHERE id = ?2 AND shoe_id IS NULL"}) {
    db_.prepare(sql).bind(1, from_run).bind(2, into_run).run();
  }
  for (const char* sql :
       {"DELETE FROM steps WHERE run_id = ?1", "DELETE FROM alerts WHERE run_id = ?1",
        "DELETE FROM watch_samples WHERE track_id IN (SELECT id FROM watch_tracks WHERE run_id = "
        "?1)",
        "DELETE FROM watch_tracks WHERE run_id = ?1", "DELETE FROM run_devices WHERE run_id = ?1",
        "DELETE FROM runs WHERE id = ?1"}) {
    db_.prepare(sql).bind(1, from_run).run();
  }
}

void RunWriter::move_start_earlier(std::int64_t run_id, std::int64_t by_us) {
  db_.prepare(
         "UPDATE runs SET started_at = strftime('%Y-%m-%dT%H:%M:%fZ', "
         "  julianday(started_at) - ?2 / 86400000000.0) WHERE id = ?1 AND started_at IS NOT NULL")
      .bind(1, run_id)
      .bind(2, by_us)
      .run();
}

void RunWriter::replace_frame_block(std::int64_t run_id, std::int64_t block_id,
                                    const FrameBlockRecord* replacement) {
  db_.prepare("DELETE FROM frame_blocks WHERE run_id = ?1 AND id = ?2")
      .bind(1, run_id)
      .bind(2, block_id)
      .run();
  if (!replacement) return;
  db_.prepare(
         "INSERT INTO frame_blocks (run_id, device_id, first_sequence, frame_count, "
         "first_device_time_us, codec, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bind(1, run_id)
      .bind(2, replacement->device_id)
      .bind(3, static_cast<std::int64_t>(replacement->first_sequence))
      .bind(4, static_cast<std::int64_t>(replacement->frame_count))
      .bind(5, static_cast<std::int64_t>(replacement->first_device_time_us))
      .bind(6, std::string_view(replacement->codec))
      .bind_blob(7, replacement->data)
      .run();
}

void RunWriter::delete_steps_between(std::int64_t run_id, double from_s, double to_s) {
  db_.prepare("DELETE FROM steps WHERE run_id = ?1 AND toe_off_s >= ?2 AND contact_s <= ?3")
      .bind(1, run_id)
      .bind(2, from_s)
      .bind(3, to_s)
      .run();
}

}  // namespace insole::store
