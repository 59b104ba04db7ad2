#include "insole/store/fitting.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace insole::store {
namespace {

constexpr const char* kTrialColumns =
    "SELECT id, customer_id, shoe, started_at, duration_s, comfort, result_json, run_id, "
    "run_from_s, run_to_s FROM fitting_trials ";

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
  return t;
}

CustomerRecord read_customer(const Statement& s) {
  CustomerRecord c;
  c.id = s.column_int(0);
  c.name = s.column_text(1);
  c.notes = s.column_text(2);
  c.created_at = s.column_text(3);
  c.trials = s.column_int(4);
  if (!s.column_is_null(5)) c.body_mass_kg = s.column_double(5);
  return c;
}

void require_body_mass(const std::optional<double>& kg) {
  if (kg && !(*kg >= kMinBodyMassKg && *kg <= kMaxBodyMassKg)) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", *kg);
    throw StoreError(std::string("body mass ") + text +
                     " kg is out of range: give it in kilograms, 20 to 300");
  }
}

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == text.npos; }

void require_comfort(const std::optional<int>& comfort) {
  if (comfort && (*comfort < 1 || *comfort > 10)) {
    throw StoreError("comfort " + std::to_string(*comfort) +
                     " is out of range: rate a shoe from 1 (very uncomfortable) to 10 "
                     "(most comfortable)");
  }
}

std::string no_trial(std::int64_t id) { return "no fitting trial " + std::to_string(id); }

constexpr const char* kCustomerColumns =
    "SELECT c.id, c.name, c.notes, c.created_at, COUNT(t.id), c.body_mass_kg FROM customers c "
    "LEFT JOIN fitting_trials t ON t.customer_id = c.id ";

}  // namespace

std::int64_t FittingStore::add_customer(std::string_view name, std::string_view notes,
                                        std::optional<double> body_mass_kg) {
  if (blank(name)) throw StoreError("a customer needs a name (a first name or nickname is enough)");
  require_body_mass(body_mass_kg);
  Statement s = db_.prepare(
      "INSERT INTO customers (name, notes, created_at, body_mass_kg) "
      "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)");
  s.bind(1, name).bind(2, notes);
  if (body_mass_kg)
    s.bind(3, *body_mass_kg);
  else
    s.bind_null(3);
  s.run();
  return db_.last_insert_rowid();
}

void FittingStore::set_body_mass(std::int64_t customer_id, std::optional<double> body_mass_kg) {
  require_customer(customer_id);
  require_body_mass(body_mass_kg);
  Statement s = db_.prepare("UPDATE customers SET body_mass_kg = ?2 WHERE id = ?1");
  s.bind(1, customer_id);
  if (body_mass_kg)
    s.bind(2, *body_mass_kg);
  else
    s.bind_null(2);
  s.run();
}

std::vector<CustomerRecord> FittingStore::customers() {
  std::vector<CustomerRecord> out;
  Statement s = db_.prepare(std::string(kCustomerColumns) + "GROUP BY c.id ORDER BY c.id");
  while (s.step()) out.push_back(read_customer(s));
  return out;
}

std::optional<CustomerRecord> FittingStore::customer(std::int64_t customer_id) {
  Statement s = db_.prepare(std::string(kCustomerColumns) + "WHERE c.id = ?1 GROUP BY c.id");
  s.bind(1, customer_id);
  if (!s.step()) return std::nullopt;
  return read_customer(s);
}

void FittingStore::require_customer(std::int64_t customer_id) {
  Statement s = db_.prepare("SELECT 1 FROM customers WHERE id = ?1");
  s.bind(1, customer_id);
  if (!s.step()) throw StoreError("no customer " + std::to_string(customer_id));
}

void FittingStore::delete_customer(std::int64_t customer_id,
                                   const std::function<void()>& erase_recordings) {
  require_customer(customer_id);
  // Erased, not just unlinked: freed pages are zeroed while this runs.
  erase_for_good(db_, [&] {
    if (erase_recordings) erase_recordings();
    // The trials go explicitly too: a connection without foreign_keys would not cascade.
    db_.prepare("DELETE FROM fitting_trials WHERE customer_id = ?1").bind(1, customer_id).run();
    db_.prepare("DELETE FROM customers WHERE id = ?1").bind(1, customer_id).run();
  });
}

std::int64_t FittingStore::add_trial(const FittingTrialRecord& t) {
  require_customer(t.customer_id);
  if (blank(t.shoe)) throw StoreError("a fitting trial needs the shoe's name");
  if (!(t.duration_s >= 0) || !std::isfinite(t.duration_s)) {
    throw StoreError("a fitting trial's duration must be 0 s or more");
  }
  require_comfort(t.comfort);
  if (t.result_json.empty()) throw StoreError("a fitting trial needs its analysed result");
  Statement s = db_.prepare(
      "INSERT INTO fitting_trials (customer_id, shoe, started_at, duration_s, comfort, "
      "result_json, run_id, run_from_s, run_to_s) VALUES (?1, ?2, COALESCE(NULLIF(?3, ''), "
      "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), ?4, ?5, ?6, ?7, ?8, ?9)");
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
  s.run();
  return db_.last_insert_rowid();
}

std::optional<FittingTrialRecord> FittingStore::trial(std::int64_t trial_id) {
  Statement s = db_.prepare(std::string(kTrialColumns) + "WHERE id = ?1");
  s.bind(1, trial_id);
  if (!s.step()) return std::nullopt;
  return read_trial(s);
}

std::vector<FittingTrialRecord> FittingStore::trials_of(std::int64_t customer_id) {
  require_customer(customer_id);
  std::vector<FittingTrialRecord> out;
  Statement s =
      db_.prepare(std::string(kTrialColumns) + "WHERE customer_id = ?1 ORDER BY started_at, id");
  s.bind(1, customer_id);
  while (s.step()) out.push_back(read_trial(s));
  return out;
}

void FittingStore::set_comfort(std::int64_t trial_id, std::optional<int> comfort) {
  require_comfort(comfort);
  if (!trial(trial_id)) throw StoreError(no_trial(trial_id));
  Statement s = db_.prepare("UPDATE fitting_trials SET comfort = ?2 WHERE id = ?1");
  s.bind(1, trial_id);
  if (comfort) {
    s.bind(2, static_cast<std::int64_t>(*comfort));
  } else {
    s.bind_null(2);
  }
  s.run();
}

void FittingStore::delete_trial(std::int64_t trial_id) {
  if (!trial(trial_id)) throw StoreError(no_trial(trial_id));
  db_.prepare("DELETE FROM fitting_trials WHERE id = ?1").bind(1, trial_id).run();
}

std::vector<std::int64_t> FittingStore::trial_runs() {
  std::vector<std::int64_t> out;
  Statement s = db_.prepare(
      "SELECT DISTINCT run_id FROM fitting_trials WHERE run_id IS NOT NULL ORDER BY run_id");
  while (s.step()) out.push_back(s.column_int(0));
  return out;
}

}  // namespace insole::store
