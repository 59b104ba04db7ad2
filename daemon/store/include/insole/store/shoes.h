// The shoe registry (schema 4): shoes, which shoe each run was run in, and the per-run inputs of
// the wear model (a measured distance, the body mass). All SQL of shoes lives here; the model is
// in daemon/wear (docs/shoe-wear.md).
//
// Errors a user can cause (unknown shoe or run, retired shoe, a date that is not a calendar day
// YYYY-MM-DD, a negative distance) throw StoreError with a message fit to print as is.
#ifndef INSOLE_STORE_SHOES_H_
#define INSOLE_STORE_SHOES_H_

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insole/store/sqlite.h"

namespace insole::store {

// The surfaces a runner can tag a run with (schema 13).
inline constexpr std::array<std::string_view, 4> kSurfaces = {"road", "track", "trail",
                                                              "treadmill"};

struct ShoeRecord {
  std::int64_t id = 0;  // assigned by add()
  std::string brand;
  std::string model;
  double size_eu = std::numeric_limits<double>::quiet_NaN();  // NaN: unknown
  std::string start_date;                                     // YYYY-MM-DD
  double starting_distance_km = 0;  // run in these shoes before insole recorded any of it
  std::string retired_at;           // YYYY-MM-DD, empty while in use
  std::string notes;
  // Filled by readers.
  std::int64_t runs = 0;
  std::string last_run_at;  // started_at of its latest run, empty if none
};

// What the wear model needs of one run of a shoe.
struct ShoeRunRecord {
  std::int64_t run_id = 0;
  std::string started_at;  // ISO 8601 UTC; empty when the date is unknown (schema 10)
  std::string status;
  double distance_m = std::numeric_limits<double>::quiet_NaN();    // measured; NaN: estimate
  double body_mass_kg = std::numeric_limits<double>::quiet_NaN();  // NaN: unknown
};

// True for a real calendar day written YYYY-MM-DD (leap years included).
bool is_calendar_date(std::string_view text);

class ShoeStore {
 public:
  explicit ShoeStore(Connection& db) : db_(db) {}

  std::int64_t add(const ShoeRecord& shoe);
  std::vector<ShoeRecord> list();  // by id
  std::optional<ShoeRecord> get(std::int64_t shoe_id);
  // Marks the shoe retired on `date` (YYYY-MM-DD); it is no longer a default for new runs and
  // cannot be assigned. Throws if unknown, already retired, or the date precedes its start.
  void retire(std::int64_t shoe_id, std::string_view date);
  // The run was run in this shoe. Throws for an unknown run or shoe, or a retired shoe.
  void assign(std::int64_t run_id, std::int64_t shoe_id);
  // The run was not run in any of the runner's shoes (someone else's run, a fitting trial); it
  // no longer counts towards a shoe. Returns the shoe it had (nullopt: none). Throws for an
  // unknown run.
  std::optional<std::int64_t> unassign(std::int64_t run_id);
  // The shoe a new run gets: the non-retired shoe most recently used (its latest run started) or
  // added, whichever is later; nullopt when every shoe is retired or none exists.
  std::optional<std::int64_t> default_shoe();
  // Runs of a shoe in start order.
  std::vector<ShoeRunRecord> runs_of(std::int64_t shoe_id);
  // One run's measured distance and body mass (any shoe or none); nullopt for an unknown run.
  std::optional<ShoeRunRecord> run_record(std::int64_t run_id);
  // A distance the runner measured (GPS, track); calibrates the distance estimate. nullopt
  // clears it.
  void set_run_distance(std::int64_t run_id, std::optional<double> distance_m);
  void set_run_body_mass(std::int64_t run_id, std::optional<double> body_mass_kg);
  // What the run was on: one of kSurfaces; nullopt clears it. Throws StoreError for anything
  // else, naming the choices.
  void set_run_surface(std::int64_t run_id, std::optional<std::string> surface);
  // Every run with a measured distance (any shoe), for the runner's calibration.
  std::vector<ShoeRunRecord> runs_with_distance();

 private:
  void require_run(std::int64_t run_id);
  Connection& db_;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_SHOES_H_
