#include "insole/store/sqlite_fitting.h"

#include <chrono>
#include <string>

#include "insole/store/iso_time.h"
#include "insole/store/uuid.h"

namespace insole::store {
namespace {

constexpr const char* kTrialColumns =
    "SELECT id, customer_id, shoe, started_at, duration_s, comfort, result_json, run_id, "
    "run_from_s, run_to_s, uuid, station, store FROM fitting_trials ";

FittingTrialRecord read_trial(const Statement& s) {
  FittingTrialRecord t;
  t.id = s.column_int(0);
  t.customer_id = s.column_int(1);
  t.shoe = s.column_text(2);
  t.started_at = s.column_text(3);
  t.duration_s = s.column_double(4);
  if (!s.column_is_null(5)) t.comfort = static_cast<int>(s.column_int(5));
  t.result_json = s.column_text(6);
  if (!s.column_is_null(7)) {
    t.run_id = s.column_int(7);
    t.run_from_s = s.column_double(8);
    t.run_to_s = s.column_double(9);
  }
  t.uuid = s.column_text(10);
  t.station = s.column_text(11);
  t.store = s.column_text(12);
  return t;
}

constexpr const char* kCustomerColumns =
    "SELECT c.id, c.name, c.notes, c.created_at, "
    "(SELECT COUNT(*) FROM fitting_trials t WHERE t.customer_id = c.id), c.body_mass_kg, c.uuid, "
    "c.email, c.phone, c.station, c.store FROM customers c ";

CustomerRecord read_customer(const Statement& s) {
  CustomerRecord c;
  c.id = s.column_int(0);
  c.name = s.column_text(1);
  c.notes = s.column_text(2);
  c.created_at = s.column_text(3);
  c.trials = s.column_int(4);
  if (!s.column_is_null(5)) c.body_mass_kg = s.column_double(5);
  c.uuid = s.column_text(6);
  c.email = s.column_text(7);
  c.phone = s.column_text(8);
  c.station = s.column_text(9);
  c.store = s.column_text(10);
  return c;
}

void bind_optional(Statement& s, int index, const std::optional<double>& value) {
  if (value)
    s.bind(index, *value);
  else
    s.bind_null(index);
}

}  // namespace

std::int64_t SqliteFittingStore::add_customer(const NewCustomer& c) {
  check_customer(c);
  Statement s = db_.prepare(
      "INSERT INTO customers (name, notes, created_at, body_mass_kg, uuid, email, phone, "
      "phone_digits, station, store, updated_at, synced) VALUES (?1, ?2, ?10, ?3, ?4, ?5, ?6, "
      "?7, ?8, ?9, ?10, 0)");
  s.bind(1, std::string_view(c.name)).bind(2, std::string_view(c.notes));
  bind_optional(s, 3, c.body_mass_kg);
  s.bind(4, std::string_view(new_uuid_v7()))
      .bind(5, std::string_view(c.email))
      .bind(6, std::string_view(c.phone))
      .bind(7, std::string_view(phone_digits(c.phone)))
      .bind(8, std::string_view(station_.station))
      .bind(9, std::string_view(station_.store))
      .bind(10, std::string_view(iso_utc_now()));
  s.run();
  return db_.last_insert_rowid();
}

void SqliteFittingStore::set_body_mass(std::int64_t customer_id,
                                       std::optional<double> body_mass_kg) {
  require_customer(customer_id);
  check_body_mass(body_mass_kg);
  Statement s = db_.prepare(
      "UPDATE customers SET body_mass_kg = ?2, updated_at = ?3, synced = 0 WHERE id = ?1");
  s.bind(1, customer_id).bind(3, std::string_view(iso_utc_now()));
  bind_optional(s, 2, body_mass_kg);
  s.run();
}

std::vector<CustomerRecord> SqliteFittingStore::customers() {
  std::vector<CustomerRecord> out;
  Statement s = db_.prepare(std::string(kCustomerColumns) + "ORDER BY c.id");
  while (s.step()) out.push_back(read_customer(s));
  return out;
}

std::optional<CustomerRecord> SqliteFittingStore::customer(std::int64_t customer_id) {
  Statement s = db_.prepare(std::string(kCustomerColumns) + "WHERE c.id = ?1");
  s.bind(1, customer_id);
  if (!s.step()) return std::nullopt;
  return read_customer(s);
}

std::optional<CustomerRecord> SqliteFittingStore::customer_by_uuid(std::string_view uuid) {
  Statement s = db_.prepare(std::string(kCustomerColumns) + "WHERE c.uuid = lower(?1)");
  s.bind(1, uuid);
  if (!s.step()) return std::nullopt;
  return read_customer(s);
}

std::vector<CustomerRecord> SqliteFittingStore::find_customers(std::string_view text,
                                                               std::size_t limit) {
  std::vector<CustomerRecord> out;
  std::string digits = phone_digits(text);
  digits.erase(0, digits.find_first_not_of('0'));  // "0171..." is "+49 171..." too
  // instr, not LIKE: a '%' or '_' the clerk types is a character, not a wildcard.
  Statement s = db_.prepare(std::string(kCustomerColumns) +
                            "WHERE instr(lower(c.name), lower(?1)) > 0 "
                            "OR instr(lower(c.email), lower(?1)) > 0 "
                            "OR (length(?2) >= 4 AND instr(c.phone_digits, ?2) > 0) "
                            "ORDER BY CASE WHEN lower(c.name) = lower(?1) THEN 0 "
                            "WHEN instr(lower(c.name), lower(?1)) = 1 THEN 1 ELSE 2 END, "
                            "c.id DESC LIMIT ?3");
  s.bind(1, text).bind(2, std::string_view(digits)).bind(3, static_cast<std::int64_t>(limit));
  while (s.step()) out.push_back(read_customer(s));
  return out;
}

void SqliteFittingStore::require_customer(std::int64_t customer_id) {
  Statement s = db_.prepare("SELECT 1 FROM customers WHERE id = ?1");
  s.bind(1, customer_id);
  if (!s.step()) throw StoreError(no_customer(customer_id));
}

void SqliteFittingStore::delete_customer(std::int64_t customer_id,
                                         const EraseRecordings& erase_recordings) {
  require_customer(customer_id);
  // The trials whose runs are in this file (not those a shared server's sync brought).
  std::vector<FittingTrialRecord> here;
  Statement mine = db_.prepare(std::string(kTrialColumns) +
                               "WHERE customer_id = ?1 AND recorded_here = 1 ORDER BY id");
  mine.bind(1, customer_id);
  while (mine.step()) here.push_back(read_trial(mine));
  mine.reset();
  // Erased, not just unlinked: freed pages are zeroed while this runs.
  erase_for_good(db_, [&] {
    if (erase_recordings) erase_recordings(here);
    // Said, so a server this station shares hears of it (fitting_sync.h): a uuid, no name.
    db_.prepare(
           "INSERT OR IGNORE INTO fitting_deletions (uuid, kind, deleted_at) "
           "SELECT uuid, 'customer', ?2 FROM customers WHERE id = ?1")
        .bind(1, customer_id)
        .bind(2, std::string_view(iso_utc_now()))
        .run();
    // The trials go explicitly too: a connection without foreign_keys would not cascade.
    db_.prepare("DELETE FROM fitting_trials WHERE customer_id = ?1").bind(1, customer_id).run();
    db_.prepare("DELETE FROM customers WHERE id = ?1").bind(1, customer_id).run();
  });
}

std::vector<std::int64_t> SqliteFittingStore::idle_customers(std::string_view store,
                                                             std::string_view before) {
  std::vector<std::int64_t> out;
  Statement s = db_.prepare(
      "SELECT c.id FROM customers c WHERE c.store = ?1 AND c.created_at < ?2 AND "
      "c.updated_at < ?2 AND NOT EXISTS (SELECT 1 FROM fitting_trials t WHERE t.customer_id = "
      "c.id AND (t.started_at >= ?2 OR t.updated_at >= ?2)) ORDER BY c.id");
  s.bind(1, store).bind(2, before);
  while (s.step()) out.push_back(s.column_int(0));
  return out;
}

std::int64_t SqliteFittingStore::add_trial(const FittingTrialRecord& t) {
  require_customer(t.customer_id);
  check_trial(t);
  const std::string uuid = t.uuid.empty() ? new_uuid_v7() : t.uuid;
  {  // Sent again (same uuid): the trial is there already.
    Statement same = db_.prepare("SELECT id FROM fitting_trials WHERE uuid = lower(?1)");
    same.bind(1, std::string_view(uuid));
    if (same.step()) return same.column_int(0);
  }
  Statement s = db_.prepare(
      "INSERT INTO fitting_trials (customer_id, shoe, started_at, duration_s, comfort, "
      "result_json, run_id, run_from_s, run_to_s, uuid, station, store, updated_at, synced, "
      "recorded_here) VALUES (?1, ?2, COALESCE(NULLIF(?3, ''), ?13), ?4, ?5, ?6, ?7, ?8, ?9, "
      "?10, ?11, ?12, ?13, 0, 1)");
  s.bind(1, t.customer_id)
      .bind(2, std::string_view(t.shoe))
      .bind(3, std::string_view(t.started_at))
      .bind(4, t.duration_s);
  if (t.comfort) {
    s.bind(5, static_cast<std::int64_t>(*t.comfort));
  } else {
    s.bind_null(5);
  }
  s.bind(6, std::string_view(t.result_json));
  if (t.run_id) {
    s.bind(7, *t.run_id).bind(8, t.run_from_s).bind(9, t.run_to_s);
  } else {
    s.bind_null(7).bind_null(8).bind_null(9);
  }
  s.bind(10, std::string_view(uuid))
      .bind(11, std::string_view(station_.station))
      .bind(12, std::string_view(station_.store))
      .bind(13, std::string_view(iso_utc_now()));
  s.run();
  return db_.last_insert_rowid();
}

std::optional<FittingTrialRecord> SqliteFittingStore::trial(std::int64_t trial_id) {
  Statement s = db_.prepare(std::string(kTrialColumns) + "WHERE id = ?1");
  s.bind(1, trial_id);
  if (!s.step()) return std::nullopt;
  return read_trial(s);
}

std::vector<FittingTrialRecord> SqliteFittingStore::trials_of(std::int64_t customer_id) {
  require_customer(customer_id);
  std::vector<FittingTrialRecord> out;
  Statement s =
      db_.prepare(std::string(kTrialColumns) + "WHERE customer_id = ?1 ORDER BY started_at, id");
  s.bind(1, customer_id);
  while (s.step()) out.push_back(read_trial(s));
  return out;
}

void SqliteFittingStore::set_comfort(std::int64_t trial_id, std::optional<int> comfort) {
  check_comfort(comfort);
  if (!trial(trial_id)) throw StoreError(no_trial(trial_id));
  Statement s = db_.prepare(
      "UPDATE fitting_trials SET comfort = ?2, updated_at = ?3, synced = 0 WHERE id = ?1");
  s.bind(1, trial_id).bind(3, std::string_view(iso_utc_now()));
  if (comfort) {
    s.bind(2, static_cast<std::int64_t>(*comfort));
  } else {
    s.bind_null(2);
  }
  s.run();
}

void SqliteFittingStore::delete_trial(std::int64_t trial_id) {
  if (!trial(trial_id)) throw StoreError(no_trial(trial_id));
  Transaction tx(db_);
  db_.prepare(
         "INSERT OR IGNORE INTO fitting_deletions (uuid, kind, deleted_at) "
         "SELECT uuid, 'trial', ?2 FROM fitting_trials WHERE id = ?1")
      .bind(1, trial_id)
      .bind(2, std::string_view(iso_utc_now()))
      .run();
  db_.prepare("DELETE FROM fitting_trials WHERE id = ?1").bind(1, trial_id).run();
  tx.commit();
}

std::vector<std::int64_t> SqliteFittingStore::trial_runs() {
  std::vector<std::int64_t> out;
  Statement s = db_.prepare(
      "SELECT DISTINCT run_id FROM fitting_trials WHERE run_id IS NOT NULL AND recorded_here = 1 "
      "ORDER BY run_id");
  while (s.step()) out.push_back(s.column_int(0));
  return out;
}

}  // namespace insole::store
