#include "insole/store/fitting_sync.h"

#include <algorithm>
#include <string>
#include <vector>

#include "insole/store/postgres_fitting.h"

namespace insole::store {
namespace {

constexpr int kBatch = 500;

PgParam text_param(const Statement& s, int column) {
  return s.column_is_null(column) ? PgParam{} : PgParam{s.column_text(column)};
}

void bind_text_or_null(Statement& s, int index, const PgResult& r, int row, int column) {
  if (r.is_null(row, column))
    s.bind_null(index);
  else
    s.bind(index, std::string_view(r.text(row, column)));
}

struct Sent {
  std::string uuid;
  std::string updated_at;
};

// ---- push ----------------------------------------------------------------------------------

std::size_t push(Connection& local, PgConnection& server, const StationIdentity& station) {
  std::vector<Sent> customers, trials;
  std::vector<std::string> deletions;
  PgTransaction tx(server);
  lock_changes(server);
  {
    Statement s = local.prepare(
        "SELECT uuid, name, notes, created_at, body_mass_kg, email, phone, phone_digits, station, "
        "store, updated_at FROM customers WHERE synced = 0 ORDER BY id");
    while (s.step()) {
      server.query(
          "INSERT INTO customers (uuid, name, notes, created_at, body_mass_kg, email, phone, "
          "phone_digits, station, store, updated_at) SELECT $1::uuid, $2, $3, $4, $5::float8, $6, "
          "$7, $8, $9, $10, $11 WHERE NOT EXISTS (SELECT 1 FROM deletions WHERE uuid = $1::uuid) "
          "ON CONFLICT (uuid) DO UPDATE SET name = EXCLUDED.name, notes = EXCLUDED.notes, "
          "body_mass_kg = EXCLUDED.body_mass_kg, email = EXCLUDED.email, phone = EXCLUDED.phone, "
          "phone_digits = EXCLUDED.phone_digits, updated_at = EXCLUDED.updated_at, "
          "seq = nextval('change_seq') WHERE customers.updated_at < EXCLUDED.updated_at",
          {text_param(s, 0), text_param(s, 1), text_param(s, 2), text_param(s, 3), text_param(s, 4),
           text_param(s, 5), text_param(s, 6), text_param(s, 7), text_param(s, 8), text_param(s, 9),
           text_param(s, 10)});
      customers.push_back({s.column_text(0), s.column_text(10)});
    }
  }
  {
    Statement s = local.prepare(
        "SELECT t.uuid, c.uuid, t.shoe, t.started_at, t.duration_s, t.comfort, t.result_json, "
        "t.run_id, t.run_from_s, t.run_to_s, t.station, t.store, t.updated_at "
        "FROM fitting_trials t JOIN customers c ON c.id = t.customer_id WHERE t.synced = 0 "
        "ORDER BY t.id");
    while (s.step()) {
      // A trial of a customer deleted on the server meanwhile is not brought back.
      server.query(
          "INSERT INTO fitting_trials (uuid, customer_id, customer_uuid, shoe, started_at, "
          "duration_s, comfort, result_json, run_id, run_from_s, run_to_s, station, store, "
          "updated_at) SELECT $1::uuid, c.id, c.uuid, $3, $4, $5::float8, $6::integer, $7, "
          "$8::bigint, $9::float8, $10::float8, $11, $12, $13 FROM customers c WHERE c.uuid = "
          "$2::uuid AND NOT EXISTS (SELECT 1 FROM deletions WHERE uuid = $1::uuid) "
          "ON CONFLICT (uuid) DO UPDATE SET comfort = EXCLUDED.comfort, "
          "updated_at = EXCLUDED.updated_at, seq = nextval('change_seq') "
          "WHERE fitting_trials.updated_at < EXCLUDED.updated_at",
          {text_param(s, 0), text_param(s, 1), text_param(s, 2), text_param(s, 3), text_param(s, 4),
           text_param(s, 5), text_param(s, 6), text_param(s, 7), text_param(s, 8), text_param(s, 9),
           text_param(s, 10), text_param(s, 11), text_param(s, 12)});
      trials.push_back({s.column_text(0), s.column_text(12)});
    }
  }
  {
    Statement s = local.prepare("SELECT uuid, kind, deleted_at FROM fitting_deletions");
    while (s.step()) {
      const std::string uuid = s.column_text(0), kind = s.column_text(1);
      if (kind == "customer") {
        // Trials other stations recorded: their frames are theirs to erase.
        server.query(
            "INSERT INTO pending_erasures (station, trial_uuid, run_id, run_from_s, run_to_s) "
            "SELECT t.station, t.uuid, t.run_id, t.run_from_s, t.run_to_s FROM fitting_trials t "
            "WHERE t.customer_uuid = $1::uuid AND t.station <> $2 AND t.run_id IS NOT NULL",
            {PgParam{uuid}, PgParam{station.station}});
        server.query("DELETE FROM fitting_trials WHERE customer_uuid = $1::uuid", {PgParam{uuid}});
        server.query("DELETE FROM customers WHERE uuid = $1::uuid", {PgParam{uuid}});
      } else {
        server.query("DELETE FROM fitting_trials WHERE uuid = $1::uuid", {PgParam{uuid}});
      }
      server.query(
          "INSERT INTO deletions (uuid, kind, station, deleted_at) VALUES ($1::uuid, $2, $3, $4) "
          "ON CONFLICT (uuid) DO NOTHING",
          {PgParam{uuid}, PgParam{kind}, PgParam{station.station}, text_param(s, 2)});
      deletions.push_back(uuid);
    }
  }
  tx.commit();
  // The server has them: marked sent, each only if it did not change meanwhile.
  Transaction done(local);
  for (const auto& c : customers) {
    local.prepare("UPDATE customers SET synced = 1 WHERE uuid = ?1 AND updated_at = ?2")
        .bind(1, std::string_view(c.uuid))
        .bind(2, std::string_view(c.updated_at))
        .run();
  }
  for (const auto& t : trials) {
    local.prepare("UPDATE fitting_trials SET synced = 1 WHERE uuid = ?1 AND updated_at = ?2")
        .bind(1, std::string_view(t.uuid))
        .bind(2, std::string_view(t.updated_at))
        .run();
  }
  for (const auto& uuid : deletions) {
    local.prepare("DELETE FROM fitting_deletions WHERE uuid = ?1")
        .bind(1, std::string_view(uuid))
        .run();
  }
  done.commit();
  return customers.size() + trials.size() + deletions.size();
}

// ---- pull ----------------------------------------------------------------------------------

struct Progress {
  std::int64_t customers = 0, trials = 0, deletions = 0;
};

Progress load_progress(Connection& local, const std::string& server) {
  local.prepare("INSERT OR IGNORE INTO fitting_sync (server) VALUES (?1)")
      .bind(1, std::string_view(server))
      .run();
  Statement s = local.prepare(
      "SELECT customers_seq, trials_seq, deletions_seq FROM fitting_sync WHERE server = ?1");
  s.bind(1, std::string_view(server));
  s.step();
  return {s.column_int(0), s.column_int(1), s.column_int(2)};
}

void save_progress(Connection& local, const std::string& server, const Progress& p) {
  local
      .prepare(
          "UPDATE fitting_sync SET customers_seq = ?2, trials_seq = ?3, deletions_seq = ?4 "
          "WHERE server = ?1")
      .bind(1, std::string_view(server))
      .bind(2, p.customers)
      .bind(3, p.trials)
      .bind(4, p.deletions)
      .run();
}

// A change made here, not yet sent, that is later than the server's: kept (it goes up next).
bool local_wins(Connection& local, const char* table, const std::string& uuid,
                const std::string& server_updated_at, std::int64_t* id) {
  Statement s = local.prepare(std::string("SELECT id, synced, updated_at FROM ") + table +
                              " WHERE uuid = ?1");
  s.bind(1, std::string_view(uuid));
  if (!s.step()) {
    *id = 0;
    return false;
  }
  *id = s.column_int(0);
  return s.column_int(1) == 0 && s.column_text(2) >= server_updated_at;
}

std::size_t pull_customers(Connection& local, PgConnection& server, const std::string& key,
                           Progress& p) {
  std::size_t pulled = 0;
  for (;;) {
    PgResult r = server.query(
        "SELECT uuid, name, notes, created_at, body_mass_kg, email, phone, phone_digits, "
        "station, store, updated_at, seq FROM customers WHERE seq > $1 ORDER BY seq LIMIT " +
            std::to_string(kBatch),
        {pg_param(p.customers)});
    if (r.rows() == 0) return pulled;
    Transaction tx(local);
    for (int i = 0; i < r.rows(); ++i) {
      std::int64_t id = 0;
      p.customers = r.int64(i, 11);
      if (local_wins(local, "customers", r.text(i, 0), r.text(i, 10), &id)) continue;
      Statement s = local.prepare(
          id != 0 ? "UPDATE customers SET name = ?2, notes = ?3, created_at = ?4, "
                    "body_mass_kg = ?5, email = ?6, phone = ?7, phone_digits = ?8, station = ?9, "
                    "store = ?10, updated_at = ?11, synced = 1 WHERE uuid = ?1"
                  : "INSERT INTO customers (uuid, name, notes, created_at, body_mass_kg, email, "
                    "phone, phone_digits, station, store, updated_at, synced) VALUES (?1, ?2, ?3, "
                    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1)");
      for (int c = 0; c <= 10; ++c) {
        if (c == 4) {
          if (r.is_null(i, 4))
            s.bind_null(5);
          else
            s.bind(5, r.real(i, 4));
        } else {
          bind_text_or_null(s, c + 1, r, i, c);
        }
      }
      s.run();
      ++pulled;
    }
    save_progress(local, key, p);
    tx.commit();
  }
}

std::size_t pull_trials(Connection& local, PgConnection& server, const std::string& key,
                        Progress& p) {
  std::size_t pulled = 0;
  for (;;) {
    PgResult r = server.query(
        "SELECT uuid, customer_uuid, shoe, started_at, duration_s, comfort, result_json, run_id, "
        "run_from_s, run_to_s, station, store, updated_at, seq FROM fitting_trials "
        "WHERE seq > $1 ORDER BY seq LIMIT " +
            std::to_string(kBatch),
        {pg_param(p.trials)});
    if (r.rows() == 0) return pulled;
    Transaction tx(local);
    for (int i = 0; i < r.rows(); ++i) {
      p.trials = r.int64(i, 13);
      std::int64_t id = 0;
      if (local_wins(local, "fitting_trials", r.text(i, 0), r.text(i, 12), &id)) continue;
      Statement owner = local.prepare("SELECT id FROM customers WHERE uuid = ?1");
      owner.bind(1, std::string_view(r.text(i, 1)));
      if (!owner.step()) continue;  // deleted here; the server hears of it next push
      const std::int64_t customer_id = owner.column_int(0);
      // A trial this station recorded keeps recorded_here; one from elsewhere is not ours.
      Statement s = local.prepare(
          id != 0 ? "UPDATE fitting_trials SET comfort = ?6, updated_at = ?13, synced = 1 "
                    "WHERE uuid = ?1"
                  : "INSERT INTO fitting_trials (uuid, customer_id, shoe, started_at, "
                    "duration_s, comfort, result_json, run_id, run_from_s, run_to_s, station, "
                    "store, updated_at, synced, recorded_here) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                    "?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, 0)");
      s.bind(1, std::string_view(r.text(i, 0))).bind(2, customer_id);
      bind_text_or_null(s, 3, r, i, 2);
      bind_text_or_null(s, 4, r, i, 3);
      s.bind(5, r.real(i, 4));
      if (r.is_null(i, 5))
        s.bind_null(6);
      else
        s.bind(6, r.int64(i, 5));
      bind_text_or_null(s, 7, r, i, 6);
      if (r.is_null(i, 7)) {
        s.bind_null(8).bind_null(9).bind_null(10);
      } else {
        s.bind(8, r.int64(i, 7)).bind(9, r.real(i, 8)).bind(10, r.real(i, 9));
      }
      bind_text_or_null(s, 11, r, i, 10);
      bind_text_or_null(s, 12, r, i, 11);
      bind_text_or_null(s, 13, r, i, 12);
      s.run();
      ++pulled;
    }
    save_progress(local, key, p);
    tx.commit();
  }
}

// This station's recordings of a trial, for the erase.
std::vector<FittingTrialRecord> recorded_here(Connection& local, const std::string& where,
                                              const std::string& uuid) {
  std::vector<FittingTrialRecord> out;
  Statement s =
      local.prepare("SELECT t.uuid, t.run_id, t.run_from_s, t.run_to_s FROM fitting_trials t " +
                    where + " AND t.recorded_here = 1 AND t.run_id IS NOT NULL");
  s.bind(1, std::string_view(uuid));
  while (s.step()) {
    FittingTrialRecord t;
    t.uuid = s.column_text(0);
    t.run_id = s.column_int(1);
    t.run_from_s = s.column_double(2);
    t.run_to_s = s.column_double(3);
    out.push_back(std::move(t));
  }
  return out;
}

std::size_t pull_deletions(Connection& local, PgConnection& server, const std::string& key,
                           const StationIdentity& station, Progress& p,
                           const FittingStore::EraseRecordings& erase) {
  std::size_t deleted = 0;
  for (;;) {
    PgResult r =
        server.query("SELECT uuid, kind, seq FROM deletions WHERE seq > $1 ORDER BY seq LIMIT " +
                         std::to_string(kBatch),
                     {pg_param(p.deletions)});
    // Stretches other stations asked this one to erase (a customer deleted at a station that
    // writes to the server directly: postgres_fitting.h).
    PgResult asked = server.query(
        "SELECT id, trial_uuid, run_id, run_from_s, run_to_s FROM pending_erasures "
        "WHERE station = $1 ORDER BY id LIMIT " +
            std::to_string(kBatch),
        {pg_param(station.station)});
    if (r.rows() == 0 && asked.rows() == 0) return deleted;
    erase_for_good(local, [&] {
      std::vector<FittingTrialRecord> frames;
      for (int i = 0; i < r.rows(); ++i) {
        p.deletions = r.int64(i, 2);
        const std::string uuid = r.text(i, 0);
        const bool customer = r.text(i, 1) == "customer";
        const std::string where = customer
                                      ? "JOIN customers c ON c.id = t.customer_id WHERE c.uuid = ?1"
                                      : "WHERE t.uuid = ?1";
        for (auto& t : recorded_here(local, where, uuid)) frames.push_back(std::move(t));
        if (customer) {
          Statement c = local.prepare("SELECT id FROM customers WHERE uuid = ?1");
          c.bind(1, std::string_view(uuid));
          if (c.step()) {
            const std::int64_t id = c.column_int(0);
            local.prepare("DELETE FROM fitting_trials WHERE customer_id = ?1").bind(1, id).run();
            local.prepare("DELETE FROM customers WHERE id = ?1").bind(1, id).run();
            ++deleted;
          }
        } else {
          Statement t = local.prepare("DELETE FROM fitting_trials WHERE uuid = ?1");
          t.bind(1, std::string_view(uuid)).run();
          ++deleted;
        }
      }
      for (int i = 0; i < asked.rows(); ++i) {
        // Asked for, and already among the deleted here: once is enough.
        const std::string uuid = asked.text(i, 1);
        if (std::any_of(frames.begin(), frames.end(),
                        [&](const FittingTrialRecord& f) { return f.uuid == uuid; }))
          continue;
        FittingTrialRecord t;
        t.uuid = uuid;
        t.run_id = asked.int64(i, 2);
        t.run_from_s = asked.real(i, 3);
        t.run_to_s = asked.real(i, 4);
        frames.push_back(std::move(t));
      }
      if (erase && !frames.empty()) erase(frames);
      save_progress(local, key, p);
    });
    // Done here: the server forgets the requests (asked again if this failed: harmless).
    for (int i = 0; i < asked.rows(); ++i)
      server.query("DELETE FROM pending_erasures WHERE id = $1", {pg_param(asked.int64(i, 0))});
    if (r.rows() < kBatch && asked.rows() < kBatch) return deleted;
  }
}

}  // namespace

FittingSyncRound sync_fittings(Connection& local, PgConnection& server,
                               const StationIdentity& station,
                               const FittingStore::EraseRecordings& erase_recordings) {
  FittingSyncRound round;
  round.pushed = push(local, server, station);
  const std::string key = server.describe();
  Progress p = load_progress(local, key);
  // One snapshot for the whole pull: every trial's customer is in it.
  PgTransaction snapshot(server);
  server.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  round.pulled += pull_customers(local, server, key, p);
  round.pulled += pull_trials(local, server, key, p);
  round.deleted = pull_deletions(local, server, key, station, p, erase_recordings);
  snapshot.commit();
  return round;
}

std::int64_t fitting_changes_waiting(Connection& local) {
  Statement s = local.prepare(
      "SELECT (SELECT COUNT(*) FROM customers WHERE synced = 0) + "
      "(SELECT COUNT(*) FROM fitting_trials WHERE synced = 0) + "
      "(SELECT COUNT(*) FROM fitting_deletions)");
  s.step();
  return s.column_int(0);
}

}  // namespace insole::store
