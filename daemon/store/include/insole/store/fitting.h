// Store fitting (schema 7): customers and the trials of shoes they ran in (docs/fitting.md).
// All SQL of fitting lives here; the analysis and the ranking are in daemon/fitting.
//
// A customer record holds a name (a first name or nickname is enough), optional notes and,
// when the customer gives it, body mass (schema 16: loading rate per body weight): no birth
// date, no contact data. delete_customer() erases the customer and every trial of theirs
// for good (a request to erase personal data): the rows are overwritten with zeros in the file
// (secure_delete) and a checkpoint then removes them from the write-ahead log. A trial knows the
// run and the stretch of it that recorded it (schema 9), so the caller can erase the raw frames
// and steps of that stretch in the same transaction (run/run_erase.h).
//
// Errors a user can cause (unknown customer or trial, empty name or shoe, comfort outside
// 1..10) throw StoreError with a message fit to print as is.
#ifndef INSOLE_STORE_FITTING_H_
#define INSOLE_STORE_FITTING_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insole/store/sqlite.h"

namespace insole::store {

struct CustomerRecord {
  std::int64_t id = 0;
  std::string name;
  std::string notes;
  std::string created_at;              // ISO 8601 UTC, set by add_customer()
  std::int64_t trials = 0;             // filled by readers
  std::optional<double> body_mass_kg;  // kMinBodyMassKg..kMaxBodyMassKg; nullopt: not given
};

inline constexpr double kMinBodyMassKg = 20;
inline constexpr double kMaxBodyMassKg = 300;

struct FittingTrialRecord {
  std::int64_t id = 0;  // assigned by add_trial()
  std::int64_t customer_id = 0;
  std::string shoe;        // as the customer knows it, e.g. "Brand Model 42"
  std::string started_at;  // ISO 8601 UTC; empty: now
  double duration_s = 0;
  std::optional<int> comfort;  // 1..10; nullopt: not rated (yet)
  std::string result_json;     // the fitting module's result (fitting/trial_json.h)
  // Where it was recorded: the run and its stretch in run seconds; nullopt for trials stored
  // before schema 9 (or without a run).
  std::optional<std::int64_t> run_id;
  double run_from_s = 0;
  double run_to_s = 0;
};

class FittingStore {
 public:
  explicit FittingStore(Connection& db) : db_(db) {}

  // Throws for an empty (or blank) name or a body mass outside 20..300 kg.
  std::int64_t add_customer(std::string_view name, std::string_view notes = {},
                            std::optional<double> body_mass_kg = std::nullopt);
  // nullopt clears it. Throws for an unknown customer or a mass outside 20..300 kg.
  void set_body_mass(std::int64_t customer_id, std::optional<double> body_mass_kg);
  std::vector<CustomerRecord> customers();  // by id
  std::optional<CustomerRecord> customer(std::int64_t customer_id);
  // Erases the customer and all their trials (see above). erase_recordings, when given, runs
  // inside the same transaction with secure_delete on, before the rows go: it erases what the
  // trials left in their runs. Throws if unknown, or what erase_recordings throws (nothing is
  // erased then).
  void delete_customer(std::int64_t customer_id,
                       const std::function<void()>& erase_recordings = nullptr);

  // Throws for an unknown customer, an empty shoe or result, a negative duration or a comfort
  // outside 1..10.
  std::int64_t add_trial(const FittingTrialRecord& trial);
  std::optional<FittingTrialRecord> trial(std::int64_t trial_id);
  // A customer's trials in the order they were run. Throws for an unknown customer.
  std::vector<FittingTrialRecord> trials_of(std::int64_t customer_id);
  // nullopt clears the rating. Throws for an unknown trial or a comfort outside 1..10.
  void set_comfort(std::int64_t trial_id, std::optional<int> comfort);
  // Throws if unknown.
  void delete_trial(std::int64_t trial_id);
  // The runs that recorded a stored trial: a store's, not a runner's.
  std::vector<std::int64_t> trial_runs();

 private:
  void require_customer(std::int64_t customer_id);
  Connection& db_;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_FITTING_H_
