// The fitting store on a PostgreSQL server that a store's or a chain's stations share
// (docs/store-chain.md; store/fitting.h has the contract). Customers and trials made at any
// station are found at every other; ids (`id`) are the server's, uuids are global.
//
// Opening connects, brings the server's schema up to this build's (the first station to start
// migrates it, under an advisory lock, so stations starting together never race) and records
// the station and its store. A trial's raw frames stay in the recording station's own SQLite
// file (its run); deleting a customer erases those of this station at once and leaves the
// others' in pending_erasures, which each station erases when it next asks (erase_pending).
//
// A lost connection is made again at the next call; while the server cannot be reached calls
// throw StoreError saying so (docs/store-chain.md: what a station does then). Writes are keyed
// by uuid, so a write whose answer was lost can be sent again without doubling it.
#ifndef INSOLE_STORE_POSTGRES_FITTING_H_
#define INSOLE_STORE_POSTGRES_FITTING_H_

#include <memory>
#include <string>

#include "insole/store/fitting.h"
#include "insole/store/postgres.h"
#include "insole/store/sqlite.h"

namespace insole::store {

inline constexpr int kPostgresSchemaVersion = 1;

// Brings the server's schema up to this build's, under an advisory lock (stations starting
// together take turns); throws StoreError for a schema newer than this build knows.
void migrate_fitting_server(PgConnection& db);
// Inside a transaction: waits until no other writer takes change numbers (the lock the
// server's triggers take), held to the end of the transaction. A transaction that writes several
// rows takes it first, so two writers never wait for each other's row locks.
void lock_changes(PgConnection& db);
// Records the station and its store on the server (first and last seen).
void register_station(PgConnection& db, const StationIdentity& station);

class PostgresFittingStore final : public FittingStore {
 public:
  // conninfo: "postgresql://..." as libpq takes it. station.station must not be empty.
  // local_recordings: the station's own file, whose runs hold its trials' frames (the erasure
  // runs inside its transaction with secure_delete on); nullptr when there is none (tools).
  PostgresFittingStore(const std::string& conninfo, StationIdentity station,
                       Connection* local_recordings);

  using FittingStore::add_customer;
  std::int64_t add_customer(const NewCustomer& customer) override;
  void set_body_mass(std::int64_t customer_id, std::optional<double> body_mass_kg) override;
  std::vector<CustomerRecord> customers() override;
  std::optional<CustomerRecord> customer(std::int64_t customer_id) override;
  std::optional<CustomerRecord> customer_by_uuid(std::string_view uuid) override;
  std::vector<CustomerRecord> find_customers(std::string_view text, std::size_t limit) override;
  void delete_customer(std::int64_t customer_id,
                       const EraseRecordings& erase_recordings = nullptr) override;
  std::size_t erase_pending(const EraseRecordings& erase_recordings) override;

  std::vector<std::int64_t> idle_customers(std::string_view store,
                                           std::string_view before) override;

  std::int64_t add_trial(const FittingTrialRecord& trial) override;
  std::optional<FittingTrialRecord> trial(std::int64_t trial_id) override;
  std::vector<FittingTrialRecord> trials_of(std::int64_t customer_id) override;
  void set_comfort(std::int64_t trial_id, std::optional<int> comfort) override;
  void delete_trial(std::int64_t trial_id) override;
  std::vector<std::int64_t> trial_runs() override;
  const StationIdentity& station() const override { return station_; }

  PgConnection& connection();  // reconnected when it was lost

 private:
  void require_customer(std::int64_t customer_id);
  void erase_locally(const EraseRecordings& erase, const std::vector<FittingTrialRecord>& here);
  std::string conninfo_;
  StationIdentity station_;
  Connection* local_;
  std::unique_ptr<PgConnection> db_;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_POSTGRES_FITTING_H_
