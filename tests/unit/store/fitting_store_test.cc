// Store fitting on real SQLite files: customers, their trials, comfort, erasing a customer's
// data for good, and the migration of a schema 6 database.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "insole/store/fitting.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "scratch_dir_test.h"

namespace insole::store {
namespace {

class FittingStoreTest : public testing::ScratchDirTest {
 protected:
  std::string path() const { return db_; }

  static FittingTrialRecord trial(std::int64_t customer, const std::string& shoe,
                                  std::optional<int> comfort = std::nullopt) {
    FittingTrialRecord t;
    t.customer_id = customer;
    t.shoe = shoe;
    t.duration_s = 31.5;
    t.comfort = comfort;
    t.result_json = R"({"L":{"steps":44},"R":{"steps":45}})";
    return t;
  }
  template <typename F>
  static std::string error_of(F&& f) {
    try {
      f();
    } catch (const StoreError& e) {
      return e.what();
    }
    return "(no error)";
  }
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

TEST_F(FittingStoreTest, BodyMassIsKeptCheckedAndCleared) {
  auto db = open_for_writing(path());
  FittingStore store(*db);
  const auto ana = store.add_customer("Ana", "", 58.5);
  const auto bo = store.add_customer("Bo");
  EXPECT_EQ(store.customer(ana)->body_mass_kg, 58.5);
  EXPECT_FALSE(store.customer(bo)->body_mass_kg);
  store.set_body_mass(bo, 91);
  EXPECT_EQ(store.customers()[1].body_mass_kg, 91.0);
  store.set_body_mass(ana, std::nullopt);
  EXPECT_FALSE(store.customer(ana)->body_mass_kg);
  EXPECT_EQ(error_of([&] { store.set_body_mass(bo, 19.5); }),
            "body mass 19.5 kg is out of range: give it in kilograms, 20 to 300");
  EXPECT_EQ(error_of([&] { store.add_customer("Cy", "", std::nan("")); }),
            "body mass nan kg is out of range: give it in kilograms, 20 to 300");
  EXPECT_EQ(error_of([&] { store.set_body_mass(bo + 5, 70); }),
            "no customer " + std::to_string(bo + 5));
  EXPECT_EQ(store.customer(bo)->body_mass_kg, 91.0);
}

TEST_F(FittingStoreTest, CustomersAndTrialsReadBack) {
  auto db = open_for_writing(path());
  FittingStore store(*db);
  const auto anna = store.add_customer("Anna", "wide forefoot, likes a firm heel");
  const auto ben = store.add_customer("Ben");
  const auto t1 = store.add_trial(trial(anna, "Brand Cruiser 39", 7));
  const auto t2 = store.add_trial(trial(anna, "Brand Racer 39"));
  store.add_trial(trial(ben, "Other Trainer 44", 9));

  const auto customers = store.customers();
  ASSERT_EQ(customers.size(), 2u);
  EXPECT_EQ(customers[0].name, "Anna");
  EXPECT_EQ(customers[0].notes, "wide forefoot, likes a firm heel");
  EXPECT_EQ(customers[0].trials, 2);
  EXPECT_FALSE(customers[0].created_at.empty());
  EXPECT_EQ(store.customer(ben)->trials, 1);
  EXPECT_FALSE(store.customer(ben + 10));

  const auto got = store.trial(t1);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->customer_id, anna);
  EXPECT_EQ(got->shoe, "Brand Cruiser 39");
  EXPECT_DOUBLE_EQ(got->duration_s, 31.5);
  EXPECT_EQ(got->comfort, 7);
  EXPECT_EQ(got->result_json, R"({"L":{"steps":44},"R":{"steps":45}})");
  EXPECT_FALSE(got->started_at.empty());  // now, when not given
  EXPECT_FALSE(store.trial(t2)->comfort);

  const auto of_anna = store.trials_of(anna);
  ASSERT_EQ(of_anna.size(), 2u);
  EXPECT_EQ(of_anna[0].id, t1);
  EXPECT_EQ(of_anna[1].id, t2);
}

TEST_F(FittingStoreTest, ComfortIsSetClearedAndChecked) {
  auto db = open_for_writing(path());
  FittingStore store(*db);
  const auto c = store.add_customer("Cleo");
  const auto t = store.add_trial(trial(c, "Shoe"));
  store.set_comfort(t, 10);
  EXPECT_EQ(store.trial(t)->comfort, 10);
  store.set_comfort(t, std::nullopt);
  EXPECT_FALSE(store.trial(t)->comfort);
  EXPECT_EQ(error_of([&] { store.set_comfort(t, 11); }),
            "comfort 11 is out of range: rate a shoe from 1 (very uncomfortable) to 10 (most "
            "comfortable)");
  EXPECT_NE(error_of([&] { store.set_comfort(t, 0); }).find("out of range"), std::string::npos);
  EXPECT_NE(error_of([&] { store.add_trial(trial(c, "Shoe", 12)); }).find("comfort 12"),
            std::string::npos);
  EXPECT_EQ(error_of([&] { store.set_comfort(t + 5, 5); }),
            "no fitting trial " + std::to_string(t + 5));
}

TEST_F(FittingStoreTest, UserErrorsArePrintable) {
  auto db = open_for_writing(path());
  FittingStore store(*db);
  EXPECT_EQ(error_of([&] { store.add_customer("  "); }),
            "a customer needs a name (a first name or nickname is enough)");
  EXPECT_EQ(error_of([&] { store.add_trial(trial(42, "Shoe")); }), "no customer 42");
  EXPECT_EQ(error_of([&] { store.trials_of(42); }), "no customer 42");
  EXPECT_EQ(error_of([&] { store.delete_customer(42); }), "no customer 42");
  EXPECT_EQ(error_of([&] { store.delete_trial(42); }), "no fitting trial 42");
  const auto c = store.add_customer("Dee");
  EXPECT_EQ(error_of([&] { store.add_trial(trial(c, "")); }),
            "a fitting trial needs the shoe's name");
  auto negative = trial(c, "Shoe");
  negative.duration_s = -1;
  EXPECT_NE(error_of([&] { store.add_trial(negative); }).find("duration"), std::string::npos);
}

TEST_F(FittingStoreTest, DeletingATrialKeepsTheOthers) {
  auto db = open_for_writing(path());
  FittingStore store(*db);
  const auto c = store.add_customer("Eve");
  const auto t1 = store.add_trial(trial(c, "One"));
  const auto t2 = store.add_trial(trial(c, "Two"));
  store.delete_trial(t1);
  EXPECT_FALSE(store.trial(t1));
  ASSERT_EQ(store.trials_of(c).size(), 1u);
  EXPECT_EQ(store.trials_of(c)[0].id, t2);
}

TEST_F(FittingStoreTest, DeletingACustomerErasesTheirDataFromTheFile) {
  auto db = open_for_writing(path());
  db->exec("PRAGMA secure_delete = OFF");  // some SQLite builds default to ON: prove it is ours
  FittingStore store(*db);
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

TEST_F(FittingStoreTest, ATrialKeepsWhereItWasRecordedAndTheEraseRunsInTheSameTransaction) {
  auto db = open_for_writing(path());
  FittingStore store(*db);
  const auto c = store.add_customer("Hal");
  FittingTrialRecord t = trial(c, "Shoe");
  t.run_id = 4;
  t.run_from_s = 12.5;
  t.run_to_s = 43.0;
  const auto id = store.add_trial(t);
  const auto back = store.trial(id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->run_id, 4);
  EXPECT_DOUBLE_EQ(back->run_from_s, 12.5);
  EXPECT_DOUBLE_EQ(back->run_to_s, 43.0);
  EXPECT_EQ(store.trial_runs(), std::vector<std::int64_t>{4});
  EXPECT_FALSE(store.trial(store.add_trial(trial(c, "Other")))->run_id);

  // A failing erase leaves everything in place; a working one runs with secure_delete on.
  EXPECT_THROW(store.delete_customer(c, [] { throw StoreError("disk gone"); }), StoreError);
  EXPECT_TRUE(store.customer(c));
  bool erased = false;
  store.delete_customer(c, [&] {
    Statement secure = db->prepare("PRAGMA secure_delete");
    secure.step();
    EXPECT_EQ(secure.column_int(0), 1);
    erased = true;
  });
  EXPECT_TRUE(erased);
  EXPECT_FALSE(store.customer(c));
  EXPECT_TRUE(store.trial_runs().empty());
}

TEST_F(FittingStoreTest, SchemaCascadesTrialsOfADeletedCustomer) {
  auto db = open_for_writing(path());  // foreign keys on
  FittingStore store(*db);
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
  EXPECT_EQ(kSchemaVersion, 16);  // a new schema step: undo it above too
  ShoeStore shoes(*db);
  ASSERT_EQ(shoes.list().size(), 1u);
  EXPECT_EQ(shoes.list()[0].model, "Novablast 4");
  FittingStore store(*db);
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

}  // namespace
}  // namespace insole::store
