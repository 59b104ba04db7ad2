#include "insole/store/schema.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>

#include <array>
#include <string_view>

namespace insole::store {
namespace {

// migrations[i] takes the schema from version i to i + 1. Never edit a released step; append.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations = {
    R"sql(
CREATE TABLE devices (
  id INTEGER PRIMARY KEY,
  serial_number TEXT NOT NULL UNIQUE,
  side TEXT NOT NULL CHECK (side IN ('L', 'R')),
  firmware_version TEXT NOT NULL,
  protocol_major INTEGER NOT NULL,
  protocol_minor INTEGER NOT NULL,
  grid_id TEXT NOT NULL,
  sensel_count INTEGER NOT NULL,
  board TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'interrupted')),
  sample_rate_hz INTEGER NOT NULL
);
CREATE TABLE run_devices (
  run_id INTEGER NOT NULL REFERENCES runs (id),
  device_id INTEGER NOT NULL REFERENCES devices (id),
  side TEXT NOT NULL CHECK (side IN ('L', 'R')),
  frames INTEGER NOT NULL DEFAULT 0,
  crc_errors INTEGER NOT NULL DEFAULT 0,
  malformed INTEGER NOT NULL DEFAULT 0,
  sequence_gaps INTEGER NOT NULL DEFAULT 0,
  frames_lost INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, device_id)
);
CREATE TABLE steps (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  side TEXT NOT NULL CHECK (side IN ('L', 'R')),
  contact_s REAL NOT NULL,
  toe_off_s REAL NOT NULL,
  peak_force_n REAL NOT NULL,
  impulse_ns REAL NOT NULL,
  loading_rate_n_per_s REAL NOT NULL
);
CREATE INDEX steps_by_run ON steps (run_id, side, contact_s);
)sql",
    // 2: the gait analysis engine's per-step results (NULL for steps recorded by version 1).
    R"sql(
ALTER TABLE steps ADD COLUMN flight_time_s REAL;
ALTER TABLE steps ADD COLUMN strike_index REAL;
ALTER TABLE steps ADD COLUMN strike TEXT CHECK (strike IN ('rearfoot', 'midfoot', 'forefoot'));
ALTER TABLE steps ADD COLUMN flat_foot INTEGER CHECK (flat_foot IN (0, 1));
ALTER TABLE steps ADD COLUMN pronation_index REAL;
ALTER TABLE steps ADD COLUMN cpei_pct REAL;
ALTER TABLE steps ADD COLUMN medial_fraction REAL;
ALTER TABLE steps ADD COLUMN pronation TEXT CHECK (pronation IN ('under', 'neutral', 'over'));
)sql",
    // 3: the raw frames of every run (lossless blocks, archive/frame_block.h) and what is needed
    // to re-analyse them: each device's scale and its clock on the run's time axis.
    R"sql(
ALTER TABLE run_devices ADD COLUMN newtons_per_count REAL;
ALTER TABLE run_devices ADD COLUMN sample_rate_hz INTEGER;
ALTER TABLE run_devices ADD COLUMN clock_offset_us INTEGER;  -- run time = device time + this
CREATE TABLE frame_blocks (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  device_id INTEGER NOT NULL REFERENCES devices (id),
  first_sequence INTEGER NOT NULL,
  frame_count INTEGER NOT NULL,
  first_device_time_us INTEGER NOT NULL,
  codec TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX frame_blocks_by_run ON frame_blocks (run_id, device_id, first_device_time_us);
)sql",
    // 4: the shoe registry and what the wear model needs of a run (docs/shoe-wear.md): the shoe
    // worn, a distance the runner measured (NULL: estimated from the steps) and the body mass
    // (NULL: estimated from the steps' impulse).
    R"sql(
CREATE TABLE shoes (
  id INTEGER PRIMARY KEY,
  brand TEXT NOT NULL,
  model TEXT NOT NULL,
  size_eu REAL CHECK (size_eu IS NULL OR (size_eu > 0 AND size_eu < 60)),
  start_date TEXT NOT NULL CHECK (date(start_date) IS start_date),
  starting_distance_km REAL NOT NULL DEFAULT 0 CHECK (starting_distance_km >= 0),
  retired_at TEXT CHECK (retired_at IS NULL OR date(retired_at) IS retired_at),
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
ALTER TABLE runs ADD COLUMN shoe_id INTEGER REFERENCES shoes (id);
ALTER TABLE runs ADD COLUMN distance_m REAL CHECK (distance_m IS NULL OR distance_m > 0);
ALTER TABLE runs ADD COLUMN body_mass_kg REAL CHECK (body_mass_kg IS NULL OR body_mass_kg > 0);
CREATE INDEX runs_by_shoe ON runs (shoe_id, started_at);
)sql",
    // 5: the findings of each run (analysis/alerts.h), as the runner was told them.
    R"sql(
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  code TEXT NOT NULL,
  side TEXT NOT NULL,
  metric TEXT NOT NULL,
  finding TEXT NOT NULL,
  advice TEXT NOT NULL
);
CREATE INDEX alerts_by_run ON alerts (run_id);
)sql",
    // 6: frames re-read from an insole's journal after a dropout; runs the insole recorded with
    // no host (firmware RecordingStore), downloaded in pieces so a cut download resumes.
    R"sql(
ALTER TABLE run_devices ADD COLUMN frames_recovered INTEGER NOT NULL DEFAULT 0;
CREATE TABLE insole_recordings (
  device_id INTEGER NOT NULL REFERENCES devices (id),
  boot_id INTEGER NOT NULL,
  recording_id INTEGER NOT NULL,
  first_sequence INTEGER NOT NULL,
  frame_count INTEGER NOT NULL,
  start_time_us INTEGER NOT NULL,
  sample_rate_hz INTEGER NOT NULL,
  sensel_count INTEGER NOT NULL,
  record_bytes INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  crc32 INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('downloading', 'imported', 'erased', 'corrupt')),
  run_id INTEGER REFERENCES runs (id),
  first_seen_at TEXT NOT NULL,
  PRIMARY KEY (device_id, boot_id, recording_id)
);
CREATE TABLE insole_recording_pieces (
  device_id INTEGER NOT NULL,
  boot_id INTEGER NOT NULL,
  recording_id INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (device_id, boot_id, recording_id, offset),
  FOREIGN KEY (device_id, boot_id, recording_id)
    REFERENCES insole_recordings (device_id, boot_id, recording_id)
);
)sql",
    // 7: store fitting (docs/fitting.md): customers (a name or nickname, optional notes; nothing
    // else personal) and their trials of candidate shoes, each with the fitting analysis as JSON.
    R"sql(
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE TABLE fitting_trials (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  shoe TEXT NOT NULL CHECK (length(trim(shoe)) > 0),
  started_at TEXT NOT NULL,
  duration_s REAL NOT NULL CHECK (duration_s >= 0),
  comfort INTEGER CHECK (comfort IS NULL OR comfort BETWEEN 1 AND 10),
  result_json TEXT NOT NULL
);
CREATE INDEX fitting_trials_by_customer ON fitting_trials (customer_id, started_at);
)sql",
    // 8: when an insole's recording began on the wall clock (µs since the Unix epoch; NULL when
    // the insole had restarted before it was synced, so the date is unknown), to pair the two
    // feet of one outing; how often an insole restarted during a run, and the frames its
    // restarts cost (part of frames_lost: the reason for that part).
    R"sql(
ALTER TABLE insole_recordings ADD COLUMN started_wall_us INTEGER;
ALTER TABLE run_devices ADD COLUMN restarts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_devices ADD COLUMN frames_lost_restart INTEGER NOT NULL DEFAULT 0;
)sql",
    // 9: where a fitting trial was recorded (the run and its stretch in run seconds), so that
    // erasing the customer erases the raw frames and steps of their trials too. NULL for trials
    // stored before: their stretch is unknown.
    R"sql(
ALTER TABLE fitting_trials ADD COLUMN run_id INTEGER;
ALTER TABLE fitting_trials ADD COLUMN run_from_s REAL;
ALTER TABLE fitting_trials ADD COLUMN run_to_s REAL;
)sql",
    // 10 (issue 13): a run recorded on an insole in a boot no host saw has no known date:
    // started_at and ended_at may be NULL (the table is rebuilt: SQLite cannot drop a NOT NULL;
    // foreign keys are off while migrating, open_migrated()). Why each insole's recording ended
    // ('foot_off', 'host', 'flash_full', 'power_loss', 'restart'; NULL for live runs and
    // firmware before protocol 1.2): 'flash_full' means the run was cut.
    R"sql(
CREATE TABLE runs_v10 (
  id INTEGER PRIMARY KEY,
  started_at TEXT,
  ended_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'interrupted')),
  sample_rate_hz INTEGER NOT NULL,
  shoe_id INTEGER REFERENCES shoes (id),
  distance_m REAL CHECK (distance_m IS NULL OR distance_m > 0),
  body_mass_kg REAL CHECK (body_mass_kg IS NULL OR body_mass_kg > 0)
);
INSERT INTO runs_v10 (id, started_at, ended_at, status, sample_rate_hz, shoe_id, distance_m,
                     body_mass_kg)
  SELECT id, started_at, ended_at, status, sample_rate_hz, shoe_id, distance_m, body_mass_kg
  FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v10 RENAME TO runs;
CREATE INDEX runs_by_shoe ON runs (shoe_id, started_at);
ALTER TABLE run_devices ADD COLUMN recording_end TEXT;
)sql",
    // 11 (issue 14): per step, the time lost inside its stance (frames bridged; NULL for steps
    // stored before) and the index of a sensel of that insole that read nothing while the other
    // insole's same sensel carried load (NULL: none), so a report read back from the database
    // withholds force asymmetry as the live one did.
    R"sql(
ALTER TABLE steps ADD COLUMN missing_s REAL CHECK (missing_s IS NULL OR missing_s >= 0);
ALTER TABLE steps ADD COLUMN silent_sensel INTEGER CHECK (silent_sensel IS NULL OR silent_sensel >= 0);
)sql",
    // 12 (issue 15): what the trends page needs of a run, computed from its steps once and kept
    // (store/run_digests.h). Any change to a run's steps, or deleting the run, drops its row, so a
    // row is never stale; rows are filled again when next asked for. Empty after migrating: the
    // first trends request fills it. A later migration that rebuilds runs or steps must create
    // their triggers again (DROP TABLE drops them).
    R"sql(
CREATE TABLE run_digests (
  run_id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  analysed_steps INTEGER NOT NULL,
  entry TEXT NOT NULL
);
CREATE TRIGGER steps_insert_drops_digest AFTER INSERT ON steps
  BEGIN DELETE FROM run_digests WHERE run_id = NEW.run_id; END;
CREATE TRIGGER steps_delete_drops_digest AFTER DELETE ON steps
  BEGIN DELETE FROM run_digests WHERE run_id = OLD.run_id; END;
CREATE TRIGGER steps_update_drops_digest AFTER UPDATE ON steps
  BEGIN DELETE FROM run_digests WHERE run_id IN (OLD.run_id, NEW.run_id); END;
CREATE TRIGGER run_delete_drops_digest AFTER DELETE ON runs
  BEGIN DELETE FROM run_digests WHERE run_id = OLD.id; END;
)sql",
    // 13 (issue 18): the surface the runner says a run was on, so trends compare like with like.
    // Never detected from pressure: published loading-rate differences between surfaces are
    // small because runners adjust their leg stiffness (docs/algorithms.md).
    R"sql(
ALTER TABLE runs ADD COLUMN surface TEXT
  CHECK (surface IS NULL OR surface IN ('road', 'track', 'trail', 'treadmill'));
)sql",
    // 13 -> 14: each step's toe share of the forefoot load at push-off (the late-run form
    // change reads its drift; NULL for steps stored before, or without toe sensels).
    R"sql(
ALTER TABLE steps ADD COLUMN toe_share REAL;
)sql",
    // 14 -> 15 (issue 17): a watch's track attached to a run (one per run; a new import replaces
    // it), resampled to whole UTC seconds over the run (UTC, so a run whose start is corrected
    // keeps its track right): distance, speed, altitude, heart rate. The run's measured distance
    // (runs.distance_m) is set from it in the same transaction.
    R"sql(
CREATE TABLE watch_tracks (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE,
  format TEXT NOT NULL CHECK (format IN ('fit', 'gpx', 'tcx')),
  file_name TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  first_unix REAL NOT NULL,
  last_unix REAL NOT NULL,
  overlap_s REAL NOT NULL CHECK (overlap_s > 0),
  start_offset_s REAL NOT NULL,
  coverage REAL NOT NULL CHECK (coverage > 0 AND coverage <= 1),
  distance_m REAL CHECK (distance_m IS NULL OR distance_m >= 0)
);
CREATE TABLE watch_samples (
  track_id INTEGER NOT NULL REFERENCES watch_tracks(id) ON DELETE CASCADE,
  unix_s INTEGER NOT NULL,
  distance_m REAL,
  speed_mps REAL,
  altitude_m REAL,
  heart_rate_bpm REAL,
  PRIMARY KEY (track_id, unix_s)
) WITHOUT ROWID;
)sql",
    // 15 -> 16 (issue 19): a customer's body mass, when the customer gives it, for loading rate
    // per body weight; NULL: not given (the trial estimates body weight from the steps).
    R"sql(
ALTER TABLE customers ADD COLUMN body_mass_kg REAL
  CHECK (body_mass_kg IS NULL OR (body_mass_kg >= 20 AND body_mass_kg <= 300));
)sql",
    // 16 -> 17 (issue 19, docs/store-chain.md): globally unique ids (UUIDv7, the time part from
    // when the record was made) and the station and store that made each customer and trial, so
    // a chain's stations can share them; a customer's email and phone, when given, to find them
    // again (phone_digits: the number's digits alone, what search compares).
    R"sql(
ALTER TABLE customers ADD COLUMN uuid TEXT;
ALTER TABLE customers ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN phone_digits TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN station TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN store TEXT NOT NULL DEFAULT '';
ALTER TABLE fitting_trials ADD COLUMN uuid TEXT;
ALTER TABLE fitting_trials ADD COLUMN station TEXT NOT NULL DEFAULT '';
ALTER TABLE fitting_trials ADD COLUMN store TEXT NOT NULL DEFAULT '';
UPDATE customers SET uuid = (SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' ||
    substr(r, 1, 3) || '-' || substr('89ab', 1 + abs(random() % 4), 1) || substr(r, 4, 3) ||
    '-' || substr(r, 7, 12) FROM (SELECT printf('%012x', CAST(round((julianday(created_at) -
    2440587.5) * 86400000) AS INTEGER)) AS h, lower(hex(randomblob(10))) AS r));
UPDATE fitting_trials SET uuid = (SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' ||
    substr(r, 1, 3) || '-' || substr('89ab', 1 + abs(random() % 4), 1) || substr(r, 4, 3) ||
    '-' || substr(r, 7, 12) FROM (SELECT printf('%012x', CAST(round((julianday(started_at) -
    2440587.5) * 86400000) AS INTEGER)) AS h, lower(hex(randomblob(10))) AS r));
CREATE UNIQUE INDEX customers_by_uuid ON customers (uuid);
CREATE UNIQUE INDEX fitting_trials_by_uuid ON fitting_trials (uuid);
-- For a station that shares a server (store/fitting_sync.h): when a record last changed (the
-- later change wins), whether the server has that change yet (synced), whether this station
-- recorded the trial (its run is in this file), what was deleted here and not yet told, and how
-- far this station has read the server's changes.
ALTER TABLE customers ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN synced INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fitting_trials ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE fitting_trials ADD COLUMN synced INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fitting_trials ADD COLUMN recorded_here INTEGER NOT NULL DEFAULT 1;
UPDATE customers SET updated_at = created_at;
UPDATE fitting_trials SET updated_at = started_at;
CREATE INDEX customers_unsynced ON customers (synced) WHERE synced = 0;
CREATE INDEX fitting_trials_unsynced ON fitting_trials (synced) WHERE synced = 0;
CREATE TABLE fitting_deletions (
  uuid TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('customer', 'trial')),
  deleted_at TEXT NOT NULL
);
CREATE TABLE fitting_sync (
  server TEXT PRIMARY KEY,
  customers_seq INTEGER NOT NULL DEFAULT 0,
  trials_seq INTEGER NOT NULL DEFAULT 0,
  deletions_seq INTEGER NOT NULL DEFAULT 0
);
)sql",
};

void require_parent_dir(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return;
  const std::string dir = path.substr(0, slash);
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw StoreError("cannot open database " + path + ": directory " + dir + " does not exist");
  }
}

void check_not_newer(Connection& db, int version) {
  if (version > kSchemaVersion) {
    throw StoreError("database " + db.path() + " has schema version " + std::to_string(version) +
                     " but this build knows only up to " + std::to_string(kSchemaVersion) +
                     "; use a newer insole release");
  }
}

std::string lock_path(const std::string& path) { return path + "-writer.lock"; }

std::unique_ptr<Connection> open_migrated(const std::string& path, bool writer) {
  require_parent_dir(path);
  auto db = std::make_unique<Connection>(path, Connection::Mode::kReadWriteCreate);
  bool only_writer = false;
  if (writer) {
    const int fd = ::open(lock_path(path).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw StoreError("cannot open " + lock_path(path) + ": " + std::strerror(errno));
    db->hold_lock(fd);
    // Alone: runs left 'recording' are a dead writer's. Then shared, like every writer.
    only_writer = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    if (::flock(fd, LOCK_SH) != 0)
      throw StoreError("cannot lock " + lock_path(path) + ": " + std::strerror(errno));
  }
  const bool close_recording_runs = writer && only_writer;
  // Off while migrating (a step may rebuild a table others refer to, SQLite's documented
  // procedure), checked before the commit, and on for every statement after.
  db->exec("PRAGMA foreign_keys = OFF");
  {
    Statement s = db->prepare("PRAGMA journal_mode = WAL");
    if (!s.step() || s.column_text(0) != "wal") {
      throw StoreError("database " + path + ": cannot switch to WAL journal mode");
    }
  }
  db->exec("PRAGMA synchronous = NORMAL");  // WAL + NORMAL: durable at checkpoint, never corrupt

  Transaction tx(*db);
  const int version = db->user_version();
  check_not_newer(*db, version);
  for (int v = version; v < kSchemaVersion; ++v) db->exec(kMigrations[static_cast<size_t>(v)]);
  if (version != kSchemaVersion) {
    db->set_user_version(kSchemaVersion);
    Statement check = db->prepare("PRAGMA foreign_key_check");
    if (check.step())
      throw StoreError("database " + path + ": migration to schema " +
                       std::to_string(kSchemaVersion) + " broke a reference in table " +
                       check.column_text(0));
  }
  if (close_recording_runs) {
    db->exec(
        "UPDATE runs SET status = 'interrupted', "
        "ended_at = COALESCE(ended_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) "
        "WHERE status = 'recording'");
  }
  tx.commit();
  db->exec("PRAGMA foreign_keys = ON");
  return db;
}

}  // namespace

std::unique_ptr<Connection> open_for_writing(const std::string& path) {
  return open_migrated(path, true);
}

std::unique_ptr<Connection> open_for_editing(const std::string& path) {
  return open_migrated(path, false);
}

bool writer_active(const std::string& path) {
  const int fd = ::open(lock_path(path).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no writer ever opened it
  const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  ::close(fd);
  return !free;
}

std::unique_ptr<WriterLock> WriterLock::try_exclusive(const std::string& path) {
  const int fd = ::open(lock_path(path).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw StoreError("cannot open " + lock_path(path) + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<WriterLock>(new WriterLock(fd));
}

WriterLock::~WriterLock() { ::close(fd_); }

std::unique_ptr<Connection> open_for_reading(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    throw StoreError("no database at " + path + " (run insoled first, or pass --db)");
  }
  auto db = std::make_unique<Connection>(path, Connection::Mode::kReadOnly);
  const int version = db->user_version();
  check_not_newer(*db, version);
  if (version < kSchemaVersion) {
    throw StoreError("database " + path + " has schema version " + std::to_string(version) +
                     "; open it once with insoled to migrate it to " +
                     std::to_string(kSchemaVersion));
  }
  return db;
}

void limit_size(Connection& db, double max_bytes) {
  if (!(max_bytes > 0)) {
    // No cap: SQLite's own default limit (SQLITE_MAX_PAGE_COUNT of Debian 12's 3.40).
    db.exec("PRAGMA max_page_count = 1073741823");
    return;
  }
  Statement page = db.prepare("PRAGMA page_size");
  page.step();
  const double page_size = static_cast<double>(page.column_int(0));
  const auto pages = static_cast<std::int64_t>(max_bytes / page_size);
  // SQLite never lowers the limit below the pages already in use.
  db.exec("PRAGMA max_page_count = " + std::to_string(std::max<std::int64_t>(pages, 1)));
}

}  // namespace insole::store
