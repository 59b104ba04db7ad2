#include "insole/store/shoes.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace insole::store {
namespace {

constexpr const char* kShoeColumns =
    "SELECT s.id, s.brand, s.model, s.size_eu, s.start_date, s.starting_distance_km, "
    "COALESCE(s.retired_at, ''), s.notes, COUNT(r.id), COALESCE(MAX(r.started_at), '') "
    "FROM shoes s LEFT JOIN runs r ON r.shoe_id = s.id ";

ShoeRecord read_shoe(const Statement& s) {
  ShoeRecord r;
  r.id = s.column_int(0);
  r.brand = s.column_text(1);
  r.model = s.column_text(2);
  r.size_eu = s.column_is_null(3) ? std::numeric_limits<double>::quiet_NaN() : s.column_double(3);
  r.start_date = s.column_text(4);
  r.starting_distance_km = s.column_double(5);
  r.retired_at = s.column_text(6);
  r.notes = s.column_text(7);
  r.runs = s.column_int(8);
  r.last_run_at = s.column_text(9);
  return r;
}

ShoeRunRecord read_shoe_run(const Statement& s) {
  ShoeRunRecord r;
  r.run_id = s.column_int(0);
  r.started_at = s.column_text(1);
  r.status = s.column_text(2);
  if (!s.column_is_null(3)) r.distance_m = s.column_double(3);
  if (!s.column_is_null(4)) r.body_mass_kg = s.column_double(4);
  return r;
}

void require_date(std::string_view what, std::string_view date) {
  if (!is_calendar_date(date)) {
    throw StoreError(std::string(what) + " '" + std::string(date) +
                     "' is not a date: expected YYYY-MM-DD, e.g. 2026-03-14");
  }
}

std::string shoe_name(std::int64_t id) { return "shoe " + std::to_string(id); }

}  // namespace

bool is_calendar_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
  }
  auto num = [&t](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  const int year = num(0, 4), month = num(5, 2), day = num(8, 2);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

std::int64_t ShoeStore::add(const ShoeRecord& shoe) {
  if (shoe.brand.empty()) throw StoreError("a shoe needs a brand");
  if (shoe.model.empty()) throw StoreError("a shoe needs a model");
  require_date("start date", shoe.start_date);
  if (!(shoe.starting_distance_km >= 0) || !std::isfinite(shoe.starting_distance_km)) {
    throw StoreError("starting distance must be 0 km or more");
  }
  if (!std::isnan(shoe.size_eu) && !(shoe.size_eu > 0 && shoe.size_eu < 60)) {
    throw StoreError("shoe size must be an EU size between 0 and 60");
  }
  Statement s = db_.prepare(
      "INSERT INTO shoes (brand, model, size_eu, start_date, starting_distance_km, notes, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
  s.bind(1, std::string_view(shoe.brand)).bind(2, std::string_view(shoe.model));
  if (std::isnan(shoe.size_eu)) {
    s.bind_null(3);
  } else {
    s.bind(3, shoe.size_eu);
  }
  s.bind(4, std::string_view(shoe.start_date))
      .bind(5, shoe.starting_distance_km)
      .bind(6, std::string_view(shoe.notes))
      .run();
  return db_.last_insert_rowid();
}

std::vector<ShoeRecord> ShoeStore::list() {
  std::vector<ShoeRecord> out;
  Statement s = db_.prepare(std::string(kShoeColumns) + "GROUP BY s.id ORDER BY s.id");
  while (s.step()) out.push_back(read_shoe(s));
  return out;
}

std::optional<ShoeRecord> ShoeStore::get(std::int64_t shoe_id) {
  Statement s = db_.prepare(std::string(kShoeColumns) + "WHERE s.id = ?1 GROUP BY s.id");
  s.bind(1, shoe_id);
  if (!s.step()) return std::nullopt;
  return read_shoe(s);
}

void ShoeStore::retire(std::int64_t shoe_id, std::string_view date) {
  require_date("retirement date", date);
  const auto shoe = get(shoe_id);
  if (!shoe) throw StoreError("no " + shoe_name(shoe_id));
  if (!shoe->retired_at.empty()) {
    throw StoreError(shoe_name(shoe_id) + " was already retired on " + shoe->retired_at);
  }
  if (date < std::string_view(shoe->start_date)) {
    throw StoreError("retirement date " + std::string(date) + " is before " + shoe_name(shoe_id) +
                     "'s start date " + shoe->start_date);
  }
  db_.prepare("UPDATE shoes SET retired_at = ?2 WHERE id = ?1")
      .bind(1, shoe_id)
      .bind(2, date)
      .run();
}

void ShoeStore::require_run(std::int64_t run_id) {
  Statement s = db_.prepare("SELECT 1 FROM runs WHERE id = ?1");
  s.bind(1, run_id);
  if (!s.step()) throw StoreError("no run " + std::to_string(run_id));
}

void ShoeStore::assign(std::int64_t run_id, std::int64_t shoe_id) {
  require_run(run_id);
  const auto shoe = get(shoe_id);
  if (!shoe) throw StoreError("no " + shoe_name(shoe_id));
  if (!shoe->retired_at.empty()) {
    throw StoreError(shoe_name(shoe_id) + " (" + shoe->brand + " " + shoe->model +
                     ") was retired on " + shoe->retired_at + "; runs cannot be assigned to it");
  }
  db_.prepare("UPDATE runs SET shoe_id = ?2 WHERE id = ?1").bind(1, run_id).bind(2, shoe_id).run();
}

std::optional<std::int64_t> ShoeStore::unassign(std::int64_t run_id) {
  Statement s = db_.prepare("SELECT shoe_id FROM runs WHERE id = ?1");
  s.bind(1, run_id);
  if (!s.step()) throw StoreError("no run " + std::to_string(run_id));
  if (s.column_is_null(0)) return std::nullopt;
  const std::int64_t had = s.column_int(0);
  db_.prepare("UPDATE runs SET shoe_id = NULL WHERE id = ?1").bind(1, run_id).run();
  return had;
}

std::optional<std::int64_t> ShoeStore::default_shoe() {
  // started_at and created_at are both ISO 8601 UTC, so they order as text.
  Statement s = db_.prepare(
      "SELECT s.id FROM shoes s LEFT JOIN runs r ON r.shoe_id = s.id "
      "WHERE s.retired_at IS NULL GROUP BY s.id "
      "ORDER BY MAX(COALESCE(MAX(r.started_at), ''), s.created_at) DESC, s.id DESC LIMIT 1");
  if (!s.step()) return std::nullopt;
  return s.column_int(0);
}

std::vector<ShoeRunRecord> ShoeStore::runs_of(std::int64_t shoe_id) {
  std::vector<ShoeRunRecord> out;
  Statement s = db_.prepare(
      "SELECT id, started_at, status, distance_m, body_mass_kg FROM runs WHERE shoe_id = ?1 "
      "ORDER BY started_at, id");
  s.bind(1, shoe_id);
  while (s.step()) out.push_back(read_shoe_run(s));
  return out;
}

std::optional<ShoeRunRecord> ShoeStore::run_record(std::int64_t run_id) {
  Statement s = db_.prepare(
      "SELECT id, started_at, status, distance_m, body_mass_kg FROM runs WHERE id = ?1");
  s.bind(1, run_id);
  if (!s.step()) return std::nullopt;
  return read_shoe_run(s);
}

std::vector<ShoeRunRecord> ShoeStore::runs_with_distance() {
  std::vector<ShoeRunRecord> out;
  Statement s = db_.prepare(
      "SELECT id, started_at, status, distance_m, body_mass_kg FROM runs "
      "WHERE distance_m IS NOT NULL ORDER BY started_at, id");
  while (s.step()) out.push_back(read_shoe_run(s));
  return out;
}

void ShoeStore::set_run_distance(std::int64_t run_id, std::optional<double> distance_m) {
  require_run(run_id);
  if (distance_m && !(*distance_m > 0 && std::isfinite(*distance_m))) {
    throw StoreError("a run's distance must be more than 0");
  }
  Statement s = db_.prepare("UPDATE runs SET distance_m = ?2 WHERE id = ?1");
  s.bind(1, run_id);
  if (distance_m) {
    s.bind(2, *distance_m);
  } else {
    s.bind_null(2);
  }
  s.run();
}

void ShoeStore::set_run_body_mass(std::int64_t run_id, std::optional<double> body_mass_kg) {
  require_run(run_id);
  if (body_mass_kg && !(*body_mass_kg > 0 && *body_mass_kg < 400)) {
    throw StoreError("body mass must be between 0 and 400 kg");
  }
  Statement s = db_.prepare("UPDATE runs SET body_mass_kg = ?2 WHERE id = ?1");
  s.bind(1, run_id);
  if (body_mass_kg) {
    s.bind(2, *body_mass_kg);
  } else {
    s.bind_null(2);
  }
  s.run();
}

void ShoeStore::set_run_surface(std::int64_t run_id, std::optional<std::string> surface) {
  require_run(run_id);
  if (surface && std::find(kSurfaces.begin(), kSurfaces.end(), *surface) == kSurfaces.end())
    throw StoreError("surface must be road, track, trail or treadmill, not '" + *surface + "'");
  Statement s = db_.prepare("UPDATE runs SET surface = ?2 WHERE id = ?1");
  s.bind(1, run_id);
  if (surface) {
    s.bind(2, *surface);
  } else {
    s.bind_null(2);
  }
  s.run();
}

}  // namespace insole::store
