// A fitting station that shares a chain's PostgreSQL server and keeps working when it cannot
// reach it (issue 19, docs/store-chain.md). The station always reads and writes its own SQLite
// file (SqliteFittingStore); sync_fittings() makes one round with the server:
//
//  push: customers and trials changed here (synced = 0) and what was deleted here
//        (fitting_deletions) go to the server in one transaction, keyed by uuid. A change wins
//        when it is later than the server's (updated_at: the last writer wins); a trial is
//        appended once, however often it is sent; a customer deleted anywhere is never brought
//        back by a late edit. Only then are they marked sent, each only if it did not change
//        meanwhile.
//  pull: what changed on the server since this station last asked (each table's change number,
//        kept in fitting_sync per server) comes into the file in batches of 500, each batch with
//        its new change number in one local transaction; an edit made here and not yet sent is
//        kept when it is later. A deleted customer or trial is deleted here too, and the frames
//        of the trials this station recorded are erased with it (erase_recordings, inside the
//        file's transaction with secure_delete on).
//
// So nothing made offline is lost (it waits in the file), nothing is doubled (uuids), and a round
// cut off anywhere is simply made again. Throws StoreError when the server cannot be reached or
// refuses; what was not finished is done by the next round.
#ifndef INSOLE_STORE_FITTING_SYNC_H_
#define INSOLE_STORE_FITTING_SYNC_H_

#include <cstddef>
#include <cstdint>

#include "insole/store/fitting.h"
#include "insole/store/postgres.h"
#include "insole/store/sqlite.h"

namespace insole::store {

struct FittingSyncRound {
  std::size_t pushed = 0;   // customers, trials and deletions sent
  std::size_t pulled = 0;   // customers and trials brought in or updated
  std::size_t deleted = 0;  // customers and trials deleted here because the server said so
};

FittingSyncRound sync_fittings(Connection& local, PgConnection& server,
                               const StationIdentity& station,
                               const FittingStore::EraseRecordings& erase_recordings);

// The changes made here that the server has not got yet (customers, trials, deletions).
std::int64_t fitting_changes_waiting(Connection& local);

}  // namespace insole::store

#endif  // INSOLE_STORE_FITTING_SYNC_H_
