// Store fitting in the station's own SQLite file: erasing a customer's data for good from the
// file, the schema's own checks, and migrations (the contract both engines keep:
// fitting_store_contract_test.cc).
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fitting_test_records.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "insole/store/sqlite_fitting.h"
#include "insole/store/uuid.h"
#include "scratch_dir_test.h"

namespace insole::store {
namespace {

using test_records::error_of;
using test_records::trial;

class FittingStoreTest : public testing::ScratchDirTest {
 protected:
  std::string path() const { return db_; }

  // The raw bytes of the database file and its write-ahead log.
  std::string file_bytes() const {
    std::string all;
    for (const std::string& p : {path(), path() + "-wal"}) {
      std::ifstream in(p, std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }
};

TEST_F(FittingStoreTest, DeletingACustomerErasesTheirDataFromTheFile) {
  auto db = open_for_writing(path());
  db->exec("PRAGMA secure_delete = OFF");  // some SQLite builds default to ON: prove it is ours
  SqliteFittingStore store(*db);
  const std::string name = "Zebulon-Quixote-Fittingtest";
  const auto gone = store.add_customer(name, "notes-to-be-erased-7f3a");
  const auto kept = store.add_customer("Fay");
  store.add_trial(trial(gone, "Erased Shoe Model-91c2", 6));
  store.add_trial(trial(kept, "Kept Shoe", 8));
  db->exec("PRAGMA wal_checkpoint(TRUNCATE)");  // the rows are in the database file now
  ASSERT_NE(file_bytes().find(name), std::string::npos);

  store.delete_customer(gone);
  EXPECT_FALSE(store.customer(gone));
  EXPECT_EQ(store.customers().size(), 1u);
  Statement left = db->prepare("SELECT COUNT(*) FROM fitting_trials WHERE customer_id = ?1");
  left.bind(1, gone);
  left.step();
  EXPECT_EQ(left.column_int(0), 0);
  EXPECT_EQ(store.trials_of(kept).size(), 1u);
  // Nothing of theirs is left in the file or its log, not even in free pages.
  const std::string bytes = file_bytes();
  EXPECT_EQ(bytes.find(name), std::string::npos);
  EXPECT_EQ(bytes.find("notes-to-be-erased-7f3a"), std::string::npos);
  EXPECT_EQ(bytes.find("Erased Shoe Model-91c2"), std::string::npos);
  // The connection's own setting is left as it was.
  Statement secure = db->prepare("PRAGMA secure_delete");
  secure.step();
  EXPECT_EQ(secure.column_int(0), 0);
}

TEST_F(FittingStoreTest, SchemaCascadesTrialsOfADeletedCustomer) {
  auto db = open_for_writing(path());  // foreign keys on
  SqliteFittingStore store(*db);
  const auto c = store.add_customer("Gil");
  store.add_trial(trial(c, "Shoe"));
  db->prepare("DELETE FROM customers WHERE id = ?1").bind(1, c).run();
  Statement s = db->prepare("SELECT COUNT(*) FROM fitting_trials");
  s.step();
  EXPECT_EQ(s.column_int(0), 0);
}

TEST_F(FittingStoreTest, MigratesASchema6DatabaseKeepingItsData) {
  {  // A schema 6 file: today's schema without what 7 and 8 added, and a shoe in it.
    auto db = open_for_writing(path());
    ShoeStore shoes(*db);
    ShoeRecord shoe;
    shoe.brand = "Asics";
    shoe.model = "Novablast 4";
    shoe.start_date = "2026-10-01";
    shoes.add(shoe);
    db->exec(
        "DROP INDEX fitting_trials_by_customer; DROP TABLE fitting_trials; DROP TABLE customers;"
        "DROP TABLE fitting_deletions; DROP TABLE fitting_sync;"
        "ALTER TABLE insole_recordings DROP COLUMN started_wall_us;"
        "ALTER TABLE run_devices DROP COLUMN restarts;"
        "ALTER TABLE run_devices DROP COLUMN frames_lost_restart;"
        "ALTER TABLE run_devices DROP COLUMN recording_end;"
        "ALTER TABLE steps DROP COLUMN missing_s; ALTER TABLE steps DROP COLUMN silent_sensel;"
        "ALTER TABLE runs DROP COLUMN surface; ALTER TABLE steps DROP COLUMN toe_share;"
        "DROP TRIGGER steps_insert_drops_digest; DROP TRIGGER steps_delete_drops_digest;"
        "DROP TRIGGER steps_update_drops_digest; DROP TRIGGER run_delete_drops_digest;"
        "DROP TABLE run_digests; DROP TABLE watch_samples; DROP TABLE watch_tracks;");
    db->set_user_version(6);
  }
  {
    Connection old(path(), Connection::Mode::kReadOnly);
    EXPECT_EQ(old.user_version(), 6);
    EXPECT_THROW(old.prepare("SELECT * FROM customers"), StoreError);
  }
  auto db = open_for_writing(path());
  EXPECT_EQ(db->user_version(), kSchemaVersion);
  EXPECT_EQ(kSchemaVersion, 17);  // a new schema step: undo it above too
  ShoeStore shoes(*db);
  ASSERT_EQ(shoes.list().size(), 1u);
  EXPECT_EQ(shoes.list()[0].model, "Novablast 4");
  SqliteFittingStore store(*db);
  EXPECT_TRUE(store.customers().empty());
  const auto c = store.add_customer("Hal");
  store.add_trial(trial(c, "Shoe", 4));
  EXPECT_EQ(store.trials_of(c).size(), 1u);
  Statement check = db->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.column_text(0), "ok");
  // The schema itself refuses what the store refuses.
  EXPECT_THROW(db->exec("INSERT INTO fitting_trials (customer_id, shoe, started_at, duration_s, "
                        "comfort, result_json) VALUES (1, 'x', 'now', 1, 0, '{}')"),
               StoreError);
}

TEST_F(FittingStoreTest, Schema17GivesEveryCustomerAndTrialAUuidFromItsTime) {
  {  // A schema 16 file with a customer and a trial in it.
    auto db = open_for_writing(path());
    db->exec(
        "DROP INDEX customers_by_uuid; DROP INDEX fitting_trials_by_uuid;"
        "DROP INDEX customers_unsynced; DROP INDEX fitting_trials_unsynced;"
        "ALTER TABLE customers DROP COLUMN updated_at; ALTER TABLE customers DROP COLUMN synced;"
        "ALTER TABLE fitting_trials DROP COLUMN updated_at;"
        "ALTER TABLE fitting_trials DROP COLUMN synced;"
        "ALTER TABLE fitting_trials DROP COLUMN recorded_here;"
        "DROP TABLE fitting_deletions; DROP TABLE fitting_sync;"
        "ALTER TABLE customers DROP COLUMN uuid; ALTER TABLE customers DROP COLUMN email;"
        "ALTER TABLE customers DROP COLUMN phone; ALTER TABLE customers DROP COLUMN phone_digits;"
        "ALTER TABLE customers DROP COLUMN station; ALTER TABLE customers DROP COLUMN store;"
        "ALTER TABLE fitting_trials DROP COLUMN uuid; ALTER TABLE fitting_trials DROP COLUMN "
        "station; ALTER TABLE fitting_trials DROP COLUMN store;"
        "INSERT INTO customers (name, notes, created_at) VALUES ('Old', '', "
        "'2026-03-01T10:00:00.250Z'), ('Older', '', '2025-01-01T00:00:00.000Z');"
        "INSERT INTO fitting_trials (customer_id, shoe, started_at, duration_s, result_json) "
        "VALUES (1, 'Shoe', '2026-03-01T10:05:00.000Z', 30, '{}')");
    db->set_user_version(16);
  }
  auto db = open_for_writing(path());
  SqliteFittingStore store(*db);
  const auto customers = store.customers();
  ASSERT_EQ(customers.size(), 2u);
  const std::string u = customers[0].uuid;
  ASSERT_TRUE(is_uuid(u)) << u;
  // 2026-03-01T10:00:00.250Z is 1772359200250 ms: 019ca8d7-2dfa.
  EXPECT_EQ(u.substr(0, 13), "019ca8d7-2dfa");
  EXPECT_EQ(u[14], '7');
  EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos);
  EXPECT_NE(customers[1].uuid, u);
  EXPECT_LT(customers[1].uuid, u);  // made earlier, sorts earlier
  EXPECT_TRUE(is_uuid(store.trials_of(customers[0].id)[0].uuid));
  EXPECT_EQ(customers[0].station, "");
}

}  // namespace
}  // namespace insole::store
