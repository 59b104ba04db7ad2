// The fitting store's contract (store/fitting.h), run against both engines: the station's own
// SQLite file and a real PostgreSQL server (tests/support/postgres_server.h). What only one
// engine does is tested beside it: fitting_store_test.cc (SQLite: erasing from the file,
// migrations), postgres_fitting_test.cc (stations sharing a server).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>

#include "fitting_test_records.h"
#include "insole/store/fitting.h"
#include "insole/store/postgres_fitting.h"
#include "insole/store/schema.h"
#include "insole/store/sqlite_fitting.h"
#include "insole/store/uuid.h"
#include "postgres_server.h"
#include "scratch_dir_test.h"

namespace insole::store {
namespace {

using test_records::error_of;
using test_records::trial;

enum class Engine { kSqlite, kPostgres };

testing::PostgresServer& server() { return testing::PostgresServer::shared(); }

class FittingStoreContract : public testing::ScratchDirTest,
                             public ::testing::WithParamInterface<Engine> {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    local_ = open_for_writing(db_);
    const StationIdentity station{"desk-1", "Berlin Mitte"};
    if (GetParam() == Engine::kSqlite) {
      store_ = std::make_unique<SqliteFittingStore>(*local_, station);
    } else {
      store_ = std::make_unique<PostgresFittingStore>(server().create_database("contract"), station,
                                                      local_.get());
    }
  }

  std::unique_ptr<Connection> local_;
  std::unique_ptr<FittingStore> store_;
};

TEST_P(FittingStoreContract, CustomersAndTrialsReadBack) {
  FittingStore& store = *store_;
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
  EXPECT_EQ(customers[0].station, "desk-1");
  EXPECT_EQ(customers[0].store, "Berlin Mitte");
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
  EXPECT_EQ(got->station, "desk-1");
  EXPECT_FALSE(store.trial(t2)->comfort);

  const auto of_anna = store.trials_of(anna);
  ASSERT_EQ(of_anna.size(), 2u);
  EXPECT_EQ(of_anna[0].id, t1);
  EXPECT_EQ(of_anna[1].id, t2);
}

TEST_P(FittingStoreContract, RecordsHaveTimeOrderedVersion7Uuids) {
  FittingStore& store = *store_;
  const auto a = store.add_customer("Ada");
  const auto b = store.add_customer("Bea");
  const std::string ua = store.customer(a)->uuid, ub = store.customer(b)->uuid;
  ASSERT_TRUE(is_uuid(ua)) << ua;
  EXPECT_EQ(ua[14], '7');                                          // version 7
  EXPECT_NE(std::string("89ab").find(ua[19]), std::string::npos);  // RFC 9562 variant
  EXPECT_LT(ua, ub);                                               // made later, sorts later
  EXPECT_EQ(store.customer_by_uuid(ub)->id, b);
  EXPECT_FALSE(store.customer_by_uuid("not-a-uuid"));
  EXPECT_FALSE(store.customer_by_uuid(new_uuid_v7()));
  const auto t = store.add_trial(trial(a, "Shoe"));
  EXPECT_TRUE(is_uuid(store.trial(t)->uuid));
  EXPECT_NE(store.trial(t)->uuid, ua);
}

TEST_P(FittingStoreContract, ATrialSentTwiceWithItsUuidIsStoredOnce) {
  FittingStore& store = *store_;
  const auto c = store.add_customer("Cleo");
  auto t = trial(c, "Shoe", 5);
  t.uuid = new_uuid_v7();
  const auto first = store.add_trial(t);
  EXPECT_EQ(store.add_trial(t), first);  // an answer lost on the way: sent again
  EXPECT_EQ(store.trials_of(c).size(), 1u);
  EXPECT_EQ(store.trial(first)->uuid, t.uuid);
}

TEST_P(FittingStoreContract, BodyMassIsKeptCheckedAndCleared) {
  FittingStore& store = *store_;
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

TEST_P(FittingStoreContract, ComfortIsSetClearedAndChecked) {
  FittingStore& store = *store_;
  const auto c = store.add_customer("Cleo");
  const auto t = store.add_trial(trial(c, "Shoe"));
  store.set_comfort(t, 10);
  EXPECT_EQ(store.trial(t)->comfort, 10);
  store.set_comfort(t, std::nullopt);
  EXPECT_FALSE(store.trial(t)->comfort);
  EXPECT_EQ(error_of([&] { store.set_comfort(t, 11); }),
            "comfort 11 is out of range: rate a shoe from 1 (very uncomfortable) to 10 (most "
            "comfortable)");
  EXPECT_NE(error_of([&] { store.add_trial(trial(c, "Shoe", 12)); }).find("comfort 12"),
            std::string::npos);
  EXPECT_EQ(error_of([&] { store.set_comfort(t + 5, 5); }),
            "no fitting trial " + std::to_string(t + 5));
}

TEST_P(FittingStoreContract, UserErrorsArePrintable) {
  FittingStore& store = *store_;
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
  NewCustomer bad_email{"Eli", "", std::nullopt, "eli.example.com", ""};
  EXPECT_EQ(error_of([&] { store.add_customer(bad_email); }),
            "email \"eli.example.com\" is not an email address");
  NewCustomer bad_phone{"Eli", "", std::nullopt, "", "12"};
  EXPECT_EQ(error_of([&] { store.add_customer(bad_phone); }),
            "phone \"12\" has too few digits for a phone number");
  EXPECT_EQ(store.customers().size(), 1u);
}

TEST_P(FittingStoreContract, DeletingATrialKeepsTheOthers) {
  FittingStore& store = *store_;
  const auto c = store.add_customer("Eve");
  const auto t1 = store.add_trial(trial(c, "One"));
  const auto t2 = store.add_trial(trial(c, "Two"));
  store.delete_trial(t1);
  EXPECT_FALSE(store.trial(t1));
  ASSERT_EQ(store.trials_of(c).size(), 1u);
  EXPECT_EQ(store.trials_of(c)[0].id, t2);
}

TEST_P(FittingStoreContract, FindsCustomersByNameEmailOrPhone) {
  FittingStore& store = *store_;
  const auto maria_a = store.add_customer(NewCustomer{"Maria", "the first Maria", std::nullopt,
                                                      "maria.k@example.org", "+49 171 2345678"});
  const auto maria_b = store.add_customer(
      NewCustomer{"Maria", "the second", 64.0, "mb@example.com", "030 / 555 0199"});
  const auto mariana = store.add_customer("Mariana");
  const auto rosamaria = store.add_customer("Rosamaria");
  store.add_customer("Tom");
  const auto ids = [](const std::vector<CustomerRecord>& found) {
    std::vector<std::int64_t> out;
    for (const auto& c : found) out.push_back(c.id);
    return out;
  };
  // Exact names first (the newest first), then names starting so, then the rest.
  EXPECT_EQ(ids(store.find_customers("maria", 50)),
            (std::vector<std::int64_t>{maria_b, maria_a, mariana, rosamaria}));
  EXPECT_EQ(ids(store.find_customers("MARIA", 2)), (std::vector<std::int64_t>{maria_b, maria_a}));
  EXPECT_EQ(ids(store.find_customers("k@example.org", 50)), std::vector<std::int64_t>{maria_a});
  // On the phone's digits, with or without the trunk 0 or the country code.
  EXPECT_EQ(ids(store.find_customers("0171 234", 50)), std::vector<std::int64_t>{maria_a});
  EXPECT_EQ(ids(store.find_customers("5550199", 50)), std::vector<std::int64_t>{maria_b});
  // Wildcards are characters; a search that matches nothing finds nobody.
  EXPECT_TRUE(store.find_customers("%", 50).empty());
  EXPECT_TRUE(store.find_customers("Zoe", 50).empty());
  const auto b = store.customer(maria_b);
  EXPECT_EQ(b->email, "mb@example.com");
  EXPECT_EQ(b->phone, "030 / 555 0199");
  EXPECT_EQ(b->body_mass_kg, 64.0);
}

TEST_P(FittingStoreContract, DeletingACustomerHandsTheirTrialsToTheEraseFirst) {
  FittingStore& store = *store_;
  const auto c = store.add_customer("Hal");
  const auto kept = store.add_customer("Ida");
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
  EXPECT_FALSE(store.trial(store.add_trial(trial(c, "Other")))->run_id);
  store.add_trial(trial(kept, "Kept"));
  EXPECT_EQ(store.trial_runs(), std::vector<std::int64_t>{4});

  // A failing erase leaves everything in place.
  EXPECT_THROW(store.delete_customer(c, [](const auto&) { throw StoreError("disk gone"); }),
               StoreError);
  EXPECT_EQ(store.trials_of(c).size(), 2u);
  // A working one sees both trials, inside the station file's transaction, secure_delete on.
  std::vector<FittingTrialRecord> seen;
  store.delete_customer(c, [&](const std::vector<FittingTrialRecord>& here) {
    seen = here;
    Statement secure = local_->prepare("PRAGMA secure_delete");
    secure.step();
    EXPECT_EQ(secure.column_int(0), 1);
  });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].run_id, 4);
  EXPECT_FALSE(store.customer(c));
  EXPECT_FALSE(store.trial(id));
  EXPECT_TRUE(store.trial_runs().empty());
  EXPECT_EQ(store.trials_of(kept).size(), 1u);
  EXPECT_EQ(store.erase_pending([](const auto&) { FAIL() << "nothing is pending"; }), 0u);
}

TEST_P(FittingStoreContract, IdleCustomersAreThoseOfTheStoreWithNoFittingSince) {
  FittingStore& store = *store_;
  const auto quiet = store.add_customer("Quiet");
  const auto back = store.add_customer("Back");
  auto later = trial(back, "Shoe");
  later.started_at = "2999-01-01T00:00:00.000Z";  // tried again after the cut-off
  store.add_trial(later);
  EXPECT_EQ(store.idle_customers("Berlin Mitte", "2500-01-01T00:00:00.000Z"),
            std::vector<std::int64_t>{quiet});
  EXPECT_TRUE(store.idle_customers("Berlin Mitte", "2000-01-01T00:00:00.000Z").empty());
  EXPECT_TRUE(store.idle_customers("Another store", "2500-01-01T00:00:00.000Z").empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, FittingStoreContract,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const ::testing::TestParamInfo<Engine>& p) {
                           return p.param == Engine::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace insole::store
