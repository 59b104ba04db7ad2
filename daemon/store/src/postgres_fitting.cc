#include "insole/store/postgres_fitting.h"

#include <array>
#include <string>
#include <string_view>

#include "insole/store/iso_time.h"
#include "insole/store/uuid.h"

namespace insole::store {
namespace {

// migrations[i] takes the server's schema from version i to i + 1. Never edit a released step.
constexpr std::array<std::string_view, kPostgresSchemaVersion> kMigrations = {
    R"sql(
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- Every insert and change takes the next number: a station asks for what changed since the
-- last number it saw (store/fitting_sync.h).
CREATE SEQUENCE change_seq;
CREATE TABLE stores (
  name TEXT PRIMARY KEY,
  first_seen TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE stations (
  name TEXT PRIMARY KEY,
  store TEXT NOT NULL REFERENCES stores (name),
  first_seen TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_seen TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE customers (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid UUID NOT NULL UNIQUE,
  name TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  body_mass_kg DOUBLE PRECISION
    CHECK (body_mass_kg IS NULL OR (body_mass_kg >= 20 AND body_mass_kg <= 300)),
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_digits TEXT NOT NULL DEFAULT '',
  station TEXT NOT NULL,
  store TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  seq BIGINT NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX customers_by_seq ON customers (seq);
CREATE INDEX customers_by_name ON customers USING gin (lower(name) gin_trgm_ops);
CREATE INDEX customers_by_email ON customers USING gin (lower(email) gin_trgm_ops);
CREATE INDEX customers_by_phone ON customers USING gin (phone_digits gin_trgm_ops);
CREATE TABLE fitting_trials (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid UUID NOT NULL UNIQUE,
  customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  customer_uuid UUID NOT NULL,
  shoe TEXT NOT NULL,
  started_at TEXT NOT NULL,
  duration_s DOUBLE PRECISION NOT NULL CHECK (duration_s >= 0),
  comfort INTEGER CHECK (comfort IS NULL OR (comfort >= 1 AND comfort <= 10)),
  result_json TEXT NOT NULL,
  run_id BIGINT,
  run_from_s DOUBLE PRECISION,
  run_to_s DOUBLE PRECISION,
  station TEXT NOT NULL,
  store TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  seq BIGINT NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX fitting_trials_by_customer ON fitting_trials (customer_id, started_at);
CREATE INDEX fitting_trials_by_seq ON fitting_trials (seq);
-- What was deleted (a uuid, never a name), so every station deletes its copy too.
CREATE TABLE deletions (
  uuid UUID PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('customer', 'trial')),
  station TEXT NOT NULL,
  deleted_at TEXT NOT NULL,
  seq BIGINT NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX deletions_by_seq ON deletions (seq);
CREATE INDEX fitting_trials_by_station ON fitting_trials (station, run_id);
CREATE TABLE pending_erasures (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  station TEXT NOT NULL,
  trial_uuid UUID NOT NULL,
  run_id BIGINT NOT NULL,
  run_from_s DOUBLE PRECISION NOT NULL,
  run_to_s DOUBLE PRECISION NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX pending_erasures_by_station ON pending_erasures (station);
-- One writer at a time takes change numbers, so they become visible in the order taken and a
-- station reading "what changed after N" never passes one still being written.
CREATE FUNCTION insole_next_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7270302);
  NEW.seq := nextval('change_seq');
  RETURN NEW;
END $$;
CREATE TRIGGER customers_change BEFORE INSERT OR UPDATE ON customers
  FOR EACH ROW EXECUTE FUNCTION insole_next_change();
CREATE TRIGGER fitting_trials_change BEFORE INSERT OR UPDATE ON fitting_trials
  FOR EACH ROW EXECUTE FUNCTION insole_next_change();
CREATE TRIGGER deletions_change BEFORE INSERT OR UPDATE ON deletions
  FOR EACH ROW EXECUTE FUNCTION insole_next_change();
)sql",
};

// An arbitrary key for pg_advisory_xact_lock: stations starting together migrate one at a time.
constexpr const char* kMigrationLock = "7270301";

constexpr const char* kTrialColumns =
    "SELECT id, customer_id, shoe, started_at, duration_s, comfort, result_json, run_id, "
    "run_from_s, run_to_s, uuid, station, store FROM fitting_trials ";

FittingTrialRecord read_trial(const PgResult& r, int row) {
  FittingTrialRecord t;
  t.id = r.int64(row, 0);
  t.customer_id = r.int64(row, 1);
  t.shoe = r.text(row, 2);
  t.started_at = r.text(row, 3);
  t.duration_s = r.real(row, 4);
  if (!r.is_null(row, 5)) t.comfort = static_cast<int>(r.int64(row, 5));
  t.result_json = r.text(row, 6);
  if (!r.is_null(row, 7)) {
    t.run_id = r.int64(row, 7);
    t.run_from_s = r.real(row, 8);
    t.run_to_s = r.real(row, 9);
  }
  t.uuid = r.text(row, 10);
  t.station = r.text(row, 11);
  t.store = r.text(row, 12);
  return t;
}

constexpr const char* kCustomerColumns =
    "SELECT c.id, c.name, c.notes, c.created_at, "
    "(SELECT COUNT(*) FROM fitting_trials t WHERE t.customer_id = c.id), c.body_mass_kg, c.uuid, "
    "c.email, c.phone, c.station, c.store FROM customers c ";

CustomerRecord read_customer(const PgResult& r, int row) {
  CustomerRecord c;
  c.id = r.int64(row, 0);
  c.name = r.text(row, 1);
  c.notes = r.text(row, 2);
  c.created_at = r.text(row, 3);
  c.trials = r.int64(row, 4);
  c.body_mass_kg = r.optional_real(row, 5);
  c.uuid = r.text(row, 6);
  c.email = r.text(row, 7);
  c.phone = r.text(row, 8);
  c.station = r.text(row, 9);
  c.store = r.text(row, 10);
  return c;
}

std::vector<CustomerRecord> read_customers(const PgResult& r) {
  std::vector<CustomerRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_customer(r, i));
  return out;
}

// `text` as a LIKE pattern that matches it anywhere, its own % _ and \ taken literally.
std::string contains_pattern(std::string_view text) {
  std::string p = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  return p + "%";
}

}  // namespace

PostgresFittingStore::PostgresFittingStore(const std::string& conninfo, StationIdentity station,
                                           Connection* local_recordings)
    : conninfo_(conninfo), station_(std::move(station)), local_(local_recordings) {
  if (station_.station.empty()) {
    throw StoreError("a station that shares " + describe_postgres(conninfo) +
                     " needs a name (station = ... in the configuration)");
  }
  db_ = std::make_unique<PgConnection>(conninfo_);
  migrate_fitting_server(*db_);
  register_station(*db_, station_);
}

void lock_changes(PgConnection& db) { db.exec("SELECT pg_advisory_xact_lock(7270302)"); }

void register_station(PgConnection& db, const StationIdentity& station) {
  PgTransaction tx(db);
  db.query("INSERT INTO stores (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
           {pg_param(station.store)});
  db.query(
      "INSERT INTO stations (name, store) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET "
      "store = EXCLUDED.store, last_seen = now()",
      {pg_param(station.station), pg_param(station.store)});
  tx.commit();
}

void migrate_fitting_server(PgConnection& db) {
  PgTransaction tx(db);
  db.exec(std::string("SELECT pg_advisory_xact_lock(") + kMigrationLock + ")");
  db.exec("CREATE TABLE IF NOT EXISTS insole_schema (version INTEGER NOT NULL)");
  PgResult v = db.query("SELECT version FROM insole_schema");
  int version = 0;
  if (v.rows() == 0) {
    db.exec("INSERT INTO insole_schema (version) VALUES (0)");
  } else {
    version = static_cast<int>(v.int64(0, 0));
  }
  if (version > kPostgresSchemaVersion) {
    throw StoreError(db.describe() + " has insole schema version " + std::to_string(version) +
                     " but this build knows only up to " + std::to_string(kPostgresSchemaVersion) +
                     "; use a newer insole release");
  }
  for (int i = version; i < kPostgresSchemaVersion; ++i)
    db.exec(kMigrations[static_cast<std::size_t>(i)]);
  db.query("UPDATE insole_schema SET version = $1",
           {pg_param(std::int64_t{kPostgresSchemaVersion})});
  tx.commit();
}

PgConnection& PostgresFittingStore::connection() {
  if (db_->unreachable()) db_ = std::make_unique<PgConnection>(conninfo_);
  return *db_;
}

std::int64_t PostgresFittingStore::add_customer(const NewCustomer& c) {
  check_customer(c);
  const std::string uuid = new_uuid_v7();
  PgResult r = connection().query(
      "INSERT INTO customers (uuid, name, notes, created_at, body_mass_kg, email, phone, "
      "phone_digits, station, store, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10, $4) RETURNING id",
      {pg_param(uuid), pg_param(c.name), pg_param(c.notes), pg_param(iso_utc_now()),
       pg_param(c.body_mass_kg), pg_param(c.email), pg_param(c.phone),
       pg_param(phone_digits(c.phone)), pg_param(station_.station), pg_param(station_.store)});
  return r.int64(0, 0);
}

void PostgresFittingStore::require_customer(std::int64_t customer_id) {
  if (connection().query("SELECT 1 FROM customers WHERE id = $1", {pg_param(customer_id)}).rows() ==
      0)
    throw StoreError(no_customer(customer_id));
}

void PostgresFittingStore::set_body_mass(std::int64_t customer_id,
                                         std::optional<double> body_mass_kg) {
  check_body_mass(body_mass_kg);
  if (connection()
          .query("UPDATE customers SET body_mass_kg = $2, updated_at = $3, "
                 "seq = nextval('change_seq') WHERE id = $1",
                 {pg_param(customer_id), pg_param(body_mass_kg), pg_param(iso_utc_now())})
          .affected() == 0)
    throw StoreError(no_customer(customer_id));
}

std::vector<CustomerRecord> PostgresFittingStore::customers() {
  return read_customers(connection().query(std::string(kCustomerColumns) + "ORDER BY c.id"));
}

std::optional<CustomerRecord> PostgresFittingStore::customer(std::int64_t customer_id) {
  PgResult r = connection().query(std::string(kCustomerColumns) + "WHERE c.id = $1",
                                  {pg_param(customer_id)});
  if (r.rows() == 0) return std::nullopt;
  return read_customer(r, 0);
}

std::optional<CustomerRecord> PostgresFittingStore::customer_by_uuid(std::string_view uuid) {
  if (!is_uuid(uuid)) return std::nullopt;
  PgResult r =
      connection().query(std::string(kCustomerColumns) + "WHERE c.uuid = $1", {pg_param(uuid)});
  if (r.rows() == 0) return std::nullopt;
  return read_customer(r, 0);
}

std::vector<CustomerRecord> PostgresFittingStore::find_customers(std::string_view text,
                                                                 std::size_t limit) {
  std::string digits = phone_digits(text);
  digits.erase(0, digits.find_first_not_of('0'));  // "0171..." is "+49 171..." too
  // LIKE on lower(...): the trigram indexes answer it without reading every customer.
  return read_customers(connection().query(
      std::string(kCustomerColumns) +
          "WHERE lower(c.name) LIKE lower($1) OR lower(c.email) LIKE lower($1) "
          "OR (length($2) >= 4 AND c.phone_digits LIKE $3) "
          "ORDER BY CASE WHEN lower(c.name) = lower($4) THEN 0 "
          "WHEN starts_with(lower(c.name), lower($4)) THEN 1 ELSE 2 END, c.id DESC LIMIT $5",
      {pg_param(contains_pattern(text)), pg_param(digits), pg_param(contains_pattern(digits)),
       pg_param(text), pg_param(static_cast<std::int64_t>(limit))}));
}

void PostgresFittingStore::erase_locally(const EraseRecordings& erase,
                                         const std::vector<FittingTrialRecord>& here) {
  if (!erase) return;
  if (local_) {
    erase_for_good(*local_, [&] { erase(here); });
  } else {
    erase(here);
  }
}

void PostgresFittingStore::delete_customer(std::int64_t customer_id,
                                           const EraseRecordings& erase_recordings) {
  PgConnection& db = connection();
  PgTransaction tx(db);
  lock_changes(db);  // first, as every writer of several rows does: no deadlock
  if (db.query("SELECT 1 FROM customers WHERE id = $1 FOR UPDATE", {pg_param(customer_id)})
          .rows() == 0)
    throw StoreError(no_customer(customer_id));
  PgResult r = db.query(std::string(kTrialColumns) + "WHERE customer_id = $1 ORDER BY id",
                        {pg_param(customer_id)});
  std::vector<FittingTrialRecord> here;
  for (int i = 0; i < r.rows(); ++i) {
    FittingTrialRecord t = read_trial(r, i);
    if (t.station == station_.station) {
      here.push_back(std::move(t));
    } else if (t.run_id) {
      // Another station holds this trial's frames: it erases them when it next asks.
      db.query(
          "INSERT INTO pending_erasures (station, trial_uuid, run_id, run_from_s, run_to_s) "
          "VALUES ($1, $2, $3, $4, $5)",
          {pg_param(t.station), pg_param(t.uuid), pg_param(*t.run_id), pg_param(t.run_from_s),
           pg_param(t.run_to_s)});
    }
  }
  db.query("DELETE FROM fitting_trials WHERE customer_id = $1", {pg_param(customer_id)});
  db.query(
      "WITH gone AS (DELETE FROM customers WHERE id = $1 RETURNING uuid) "
      "INSERT INTO deletions (uuid, kind, station, deleted_at) "
      "SELECT uuid, 'customer', $2, $3 FROM gone ON CONFLICT (uuid) DO NOTHING",
      {pg_param(customer_id), pg_param(station_.station), pg_param(iso_utc_now())});
  erase_locally(erase_recordings, here);  // throws: the server rolls back too
  tx.commit();
}

std::size_t PostgresFittingStore::erase_pending(const EraseRecordings& erase_recordings) {
  PgConnection& db = connection();
  PgTransaction tx(db);
  PgResult r = db.query(
      "SELECT id, trial_uuid, run_id, run_from_s, run_to_s FROM pending_erasures "
      "WHERE station = $1 ORDER BY id FOR UPDATE SKIP LOCKED",
      {pg_param(station_.station)});
  if (r.rows() == 0) return 0;
  std::vector<FittingTrialRecord> here;
  for (int i = 0; i < r.rows(); ++i) {
    FittingTrialRecord t;
    t.uuid = r.text(i, 1);
    t.run_id = r.int64(i, 2);
    t.run_from_s = r.real(i, 3);
    t.run_to_s = r.real(i, 4);
    t.station = station_.station;
    here.push_back(std::move(t));
    db.query("DELETE FROM pending_erasures WHERE id = $1", {pg_param(r.int64(i, 0))});
  }
  erase_locally(erase_recordings, here);
  tx.commit();
  return here.size();
}

std::vector<std::int64_t> PostgresFittingStore::idle_customers(std::string_view store,
                                                               std::string_view before) {
  PgResult r = connection().query(
      "SELECT c.id FROM customers c WHERE c.store = $1 AND c.created_at < $2 AND "
      "c.updated_at < $2 AND NOT EXISTS (SELECT 1 FROM fitting_trials t WHERE t.customer_id = "
      "c.id AND (t.started_at >= $2 OR t.updated_at >= $2)) ORDER BY c.id",
      {pg_param(store), pg_param(before)});
  std::vector<std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
  return out;
}

std::int64_t PostgresFittingStore::add_trial(const FittingTrialRecord& t) {
  check_trial(t);
  const std::string uuid = t.uuid.empty() ? new_uuid_v7() : t.uuid;
  // Sent again after a lost answer, the same uuid finds the row already there.
  PgResult r = connection().query(
      "WITH c AS (SELECT id, uuid FROM customers WHERE id = $1::bigint), ins AS ("
      "INSERT INTO fitting_trials (uuid, customer_id, customer_uuid, shoe, started_at, "
      "duration_s, comfort, result_json, run_id, run_from_s, run_to_s, station, store, "
      "updated_at) SELECT $2::uuid, c.id, c.uuid, $3::text, $4::text, $5::float8, $6::integer, "
      "$7::text, $8::bigint, $9::float8, $10::float8, $11::text, $12::text, $13::text FROM c "
      "ON CONFLICT (uuid) DO NOTHING RETURNING id) "
      "SELECT id FROM ins UNION ALL SELECT id FROM fitting_trials WHERE uuid = $2::uuid "
      "AND EXISTS (SELECT 1 FROM c)",
      {pg_param(t.customer_id), pg_param(uuid), pg_param(t.shoe),
       pg_param(t.started_at.empty() ? iso_utc_now() : t.started_at), pg_param(t.duration_s),
       t.comfort ? pg_param(std::int64_t{*t.comfort}) : PgParam{}, pg_param(t.result_json),
       pg_param(t.run_id), t.run_id ? pg_param(t.run_from_s) : PgParam{},
       t.run_id ? pg_param(t.run_to_s) : PgParam{}, pg_param(station_.station),
       pg_param(station_.store), pg_param(iso_utc_now())});
  if (r.rows() == 0) throw StoreError(no_customer(t.customer_id));
  return r.int64(0, 0);
}

std::optional<FittingTrialRecord> PostgresFittingStore::trial(std::int64_t trial_id) {
  PgResult r =
      connection().query(std::string(kTrialColumns) + "WHERE id = $1", {pg_param(trial_id)});
  if (r.rows() == 0) return std::nullopt;
  return read_trial(r, 0);
}

std::vector<FittingTrialRecord> PostgresFittingStore::trials_of(std::int64_t customer_id) {
  require_customer(customer_id);
  PgResult r = connection().query(
      std::string(kTrialColumns) + "WHERE customer_id = $1 ORDER BY started_at, id",
      {pg_param(customer_id)});
  std::vector<FittingTrialRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_trial(r, i));
  return out;
}

void PostgresFittingStore::set_comfort(std::int64_t trial_id, std::optional<int> comfort) {
  check_comfort(comfort);
  if (connection()
          .query("UPDATE fitting_trials SET comfort = $2, updated_at = $3, "
                 "seq = nextval('change_seq') WHERE id = $1",
                 {pg_param(trial_id), comfort ? pg_param(std::int64_t{*comfort}) : PgParam{},
                  pg_param(iso_utc_now())})
          .affected() == 0)
    throw StoreError(no_trial(trial_id));
}

void PostgresFittingStore::delete_trial(std::int64_t trial_id) {
  // Deleted, and said so: stations that keep a copy delete theirs (fitting_sync.h).
  if (connection()
          .query("WITH gone AS (DELETE FROM fitting_trials WHERE id = $1 RETURNING uuid) "
                 "INSERT INTO deletions (uuid, kind, station, deleted_at) "
                 "SELECT uuid, 'trial', $2, $3 FROM gone ON CONFLICT (uuid) DO NOTHING",
                 {pg_param(trial_id), pg_param(station_.station), pg_param(iso_utc_now())})
          .affected() == 0)
    throw StoreError(no_trial(trial_id));
}

std::vector<std::int64_t> PostgresFittingStore::trial_runs() {
  PgResult r = connection().query(
      "SELECT DISTINCT run_id FROM fitting_trials WHERE station = $1 AND run_id IS NOT NULL "
      "ORDER BY run_id",
      {pg_param(station_.station)});
  std::vector<std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
  return out;
}

}  // namespace insole::store
