// Store fitting: customers and the trials of shoes they ran in (docs/fitting.md), behind one
// interface with two engines (docs/store-chain.md): SqliteFittingStore, the station's own file
// (one store, one PC), and PostgresFittingStore, one server that a store's or a chain's
// stations share. The analysis and the ranking are in daemon/fitting.
//
// A customer record holds a name (a first name or nickname is enough), optional notes and, when
// the customer gives them, body mass (loading rate per body weight), an email address and a
// phone number (to find them again at another station): no birth date, no address.
// delete_customer() erases the customer and every trial of theirs for good (a request to erase
// personal data). A trial knows the station that recorded it and the stretch of that station's
// run that holds its raw frames, so the caller can erase those too.
//
// Records carry a globally unique id (uuid: UUIDv7, store/uuid.h) and the station and store
// that made them; `id` is the engine's own number for the record, which is what the dashboard's
// URLs use (unique on one server, or in one file).
//
// Errors a user can cause (unknown customer or trial, empty name or shoe, comfort outside
// 1..10, body mass outside 20..300 kg) throw StoreError with a message fit to print as is; the
// check_* functions below are those rules, shared by both engines.
#ifndef INSOLE_STORE_FITTING_H_
#define INSOLE_STORE_FITTING_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace insole::store {

// Who records: the fitting station (a PC with a pair of insoles) and the store it stands in.
struct StationIdentity {
  std::string station;
  std::string store;
};

struct CustomerRecord {
  std::int64_t id = 0;
  std::string uuid;
  std::string name;
  std::string notes;
  std::string created_at;              // ISO 8601 UTC, set by add_customer()
  std::int64_t trials = 0;             // filled by readers
  std::optional<double> body_mass_kg;  // kMinBodyMassKg..kMaxBodyMassKg; nullopt: not given
  std::string email;                   // "": not given
  std::string phone;                   // "": not given
  std::string station;                 // where the record was made ("" before schema 17)
  std::string store;
};

// A trial's stretch of its run is erased with this much more either side: the live clock and
// the archive's may differ by a little.
inline constexpr double kTrialEraseMarginS = 1.0;

inline constexpr double kMinBodyMassKg = 20;
inline constexpr double kMaxBodyMassKg = 300;

struct NewCustomer {
  std::string name;
  std::string notes;
  std::optional<double> body_mass_kg;
  std::string email;
  std::string phone;
};

struct FittingTrialRecord {
  std::int64_t id = 0;  // assigned by add_trial()
  std::string uuid;     // assigned by add_trial() when empty
  std::int64_t customer_id = 0;
  std::string shoe;        // as the customer knows it, e.g. "Brand Model 42"
  std::string started_at;  // ISO 8601 UTC; empty: now
  double duration_s = 0;
  std::optional<int> comfort;  // 1..10; nullopt: not rated (yet)
  std::string result_json;     // the fitting module's result (fitting/trial_json.h)
  // Where it was recorded: the run of the recording station's own database and its stretch in
  // run seconds; nullopt for trials stored before schema 9 (or without a run).
  std::optional<std::int64_t> run_id;
  double run_from_s = 0;
  double run_to_s = 0;
  std::string station;  // set by add_trial() from the engine's station
  std::string store;
};

class FittingStore {
 public:
  virtual ~FittingStore() = default;

  virtual std::int64_t add_customer(const NewCustomer& customer) = 0;
  std::int64_t add_customer(std::string_view name, std::string_view notes = {},
                            std::optional<double> body_mass_kg = std::nullopt) {
    return add_customer(NewCustomer{std::string(name), std::string(notes), body_mass_kg, {}, {}});
  }
  // nullopt clears it. Throws for an unknown customer or a mass outside 20..300 kg.
  virtual void set_body_mass(std::int64_t customer_id, std::optional<double> body_mass_kg) = 0;
  virtual std::vector<CustomerRecord> customers() = 0;  // by id
  virtual std::optional<CustomerRecord> customer(std::int64_t customer_id) = 0;
  virtual std::optional<CustomerRecord> customer_by_uuid(std::string_view uuid) = 0;
  // Customers whose name, email or phone holds `text` (case does not matter; a phone number
  // matches on its digits alone, so "0171 234" finds "+49 171 2345678"), best first: an exact
  // name, then a name that starts so, then the rest; the most recent first within each. At most
  // `limit`.
  virtual std::vector<CustomerRecord> find_customers(std::string_view text,
                                                     std::size_t limit = 50) = 0;
  // Erases the customer and all their trials. erase_recordings, when given, is called before
  // the engine commits, with the customer's trials that this station recorded, inside a
  // transaction of the station's own file with secure_delete on: it erases the stretches of
  // runs that hold their frames (and throws to keep everything). The trials other stations
  // recorded are left to them (erase_pending). Throws if unknown.
  using EraseRecordings = std::function<void(const std::vector<FittingTrialRecord>& recorded_here)>;
  virtual void delete_customer(std::int64_t customer_id,
                               const EraseRecordings& erase_recordings = nullptr) = 0;
  // Erases, the same way, what this station recorded of customers deleted at another station
  // since it last asked; returns how many trial recordings that was. Throws what
  // erase_recordings throws (they are then asked again next time).
  virtual std::size_t erase_pending(const EraseRecordings& erase_recordings) = 0;

  // The customers made in `store` with no fitting since `before` (ISO 8601 UTC): made, last
  // changed and last tried before it, wherever the trials were run. What a store's retention
  // period erases (docs/fitting.md); by id.
  virtual std::vector<std::int64_t> idle_customers(std::string_view store,
                                                   std::string_view before) = 0;

  // Throws for an unknown customer, an empty shoe or result, a negative duration or a comfort
  // outside 1..10.
  virtual std::int64_t add_trial(const FittingTrialRecord& trial) = 0;
  virtual std::optional<FittingTrialRecord> trial(std::int64_t trial_id) = 0;
  // A customer's trials in the order they were run. Throws for an unknown customer.
  virtual std::vector<FittingTrialRecord> trials_of(std::int64_t customer_id) = 0;
  // nullopt clears the rating. Throws for an unknown trial or a comfort outside 1..10.
  virtual void set_comfort(std::int64_t trial_id, std::optional<int> comfort) = 0;
  // Throws if unknown.
  virtual void delete_trial(std::int64_t trial_id) = 0;
  // The runs of this station that recorded a stored trial: a store's, not a runner's.
  virtual std::vector<std::int64_t> trial_runs() = 0;

  virtual const StationIdentity& station() const = 0;
};

// The rules both engines apply; each throws StoreError with a printable message.
void check_customer(const NewCustomer& customer);
void check_body_mass(const std::optional<double>& kg);
void check_comfort(const std::optional<int>& comfort);
void check_trial(const FittingTrialRecord& trial);
std::string no_customer(std::int64_t id);
std::string no_trial(std::int64_t id);
// The digits of a phone number ("+49 (171) 234-5678" -> "491712345678"), what search compares.
std::string phone_digits(std::string_view phone);

}  // namespace insole::store

#endif  // INSOLE_STORE_FITTING_H_
