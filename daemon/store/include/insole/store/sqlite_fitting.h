// The fitting store in the station's own SQLite file (schema 7 and later): one store, one PC
// (store/fitting.h has the contract). Deleting a customer erases their rows with secure_delete
// on and then checkpoints the log, so the file and its log keep no byte of them
// (sqlite.h: erase_for_good).
#ifndef INSOLE_STORE_SQLITE_FITTING_H_
#define INSOLE_STORE_SQLITE_FITTING_H_

#include "insole/store/fitting.h"
#include "insole/store/sqlite.h"

namespace insole::store {

class SqliteFittingStore final : public FittingStore {
 public:
  explicit SqliteFittingStore(Connection& db, StationIdentity station = {})
      : db_(db), station_(std::move(station)) {}

  using FittingStore::add_customer;
  std::int64_t add_customer(const NewCustomer& customer) override;
  void set_body_mass(std::int64_t customer_id, std::optional<double> body_mass_kg) override;
  std::vector<CustomerRecord> customers() override;
  std::optional<CustomerRecord> customer(std::int64_t customer_id) override;
  std::optional<CustomerRecord> customer_by_uuid(std::string_view uuid) override;
  std::vector<CustomerRecord> find_customers(std::string_view text, std::size_t limit) override;
  void delete_customer(std::int64_t customer_id,
                       const EraseRecordings& erase_recordings = nullptr) override;
  std::size_t erase_pending(const EraseRecordings&) override { return 0; }  // all is here

  std::vector<std::int64_t> idle_customers(std::string_view store,
                                           std::string_view before) override;

  std::int64_t add_trial(const FittingTrialRecord& trial) override;
  std::optional<FittingTrialRecord> trial(std::int64_t trial_id) override;
  std::vector<FittingTrialRecord> trials_of(std::int64_t customer_id) override;
  void set_comfort(std::int64_t trial_id, std::optional<int> comfort) override;
  void delete_trial(std::int64_t trial_id) override;
  std::vector<std::int64_t> trial_runs() override;
  const StationIdentity& station() const override { return station_; }

 private:
  void require_customer(std::int64_t customer_id);
  Connection& db_;
  StationIdentity station_;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_SQLITE_FITTING_H_
