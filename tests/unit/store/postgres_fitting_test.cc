// Stations sharing one real PostgreSQL server (store/postgres_fitting.h, docs/store-chain.md):
// a customer made at one station found at another, four stations writing at once, a deletion
// that reaches the station holding the frames, a server that goes away and comes back.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fitting_test_records.h"
#include "insole/store/postgres.h"
#include "insole/store/postgres_fitting.h"
#include "insole/store/schema.h"
#include "postgres_server.h"
#include "scratch_dir_test.h"

namespace insole::store {
namespace {

using test_records::trial;

testing::PostgresServer& server() { return testing::PostgresServer::shared(); }

class PostgresStations : public testing::ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    uri_ = server().create_database("chain");
  }
  std::unique_ptr<Connection> local(const std::string& station) {
    return open_for_writing((dir_ / (station + ".db")).string());
  }
  std::string uri_;
};

TEST_F(PostgresStations, ACustomerMadeAtOneStationIsFoundAndFittedAtAnother) {
  auto a_file = local("a"), b_file = local("b");
  PostgresFittingStore a(uri_, {"mitte-1", "Berlin Mitte"}, a_file.get());
  PostgresFittingStore b(uri_, {"kreuzberg-1", "Berlin Kreuzberg"}, b_file.get());
  const auto maria = a.add_customer(
      NewCustomer{"Maria", "narrow heel", 61.0, "maria@example.org", "+49 171 2345678"});
  a.add_trial(trial(maria, "Brand Cruiser 39", std::nullopt, 3));

  const auto found = b.find_customers("0171 2345", 50);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, maria);
  EXPECT_EQ(found[0].notes, "narrow heel");
  EXPECT_EQ(found[0].station, "mitte-1");
  EXPECT_EQ(found[0].store, "Berlin Mitte");
  EXPECT_EQ(found[0].trials, 1);
  EXPECT_EQ(b.customer_by_uuid(found[0].uuid)->id, maria);
  // The fitting goes on at the other store: its trial sits beside the first.
  b.add_trial(trial(maria, "Brand Racer 39", std::nullopt, 7));
  const auto trials = a.trials_of(maria);
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[0].station, "mitte-1");
  EXPECT_EQ(trials[1].station, "kreuzberg-1");
  EXPECT_EQ(trials[1].store, "Berlin Kreuzberg");
  // Each station's runs are its own: run 7 of Kreuzberg is not run 7 of Mitte.
  EXPECT_EQ(a.trial_runs(), std::vector<std::int64_t>{3});
  EXPECT_EQ(b.trial_runs(), std::vector<std::int64_t>{7});

  PgConnection db(uri_);
  PgResult stations = db.query("SELECT name, store FROM stations ORDER BY name");
  ASSERT_EQ(stations.rows(), 2);
  EXPECT_EQ(stations.text(0, 0), "kreuzberg-1");
  EXPECT_EQ(stations.text(1, 1), "Berlin Mitte");
}

TEST_F(PostgresStations, FourStationsStartingAndWritingAtOnceLoseAndDoubleNothing) {
  constexpr int kStations = 4, kCustomers = 25, kTrials = 3;
  std::vector<std::thread> threads;
  std::vector<std::string> errors(kStations);
  for (int s = 0; s < kStations; ++s) {
    threads.emplace_back([&, s] {
      try {
        // All four open (and so migrate) the new database together.
        PostgresFittingStore station(uri_, {"desk-" + std::to_string(s), "Store"}, nullptr);
        for (int c = 0; c < kCustomers; ++c) {
          const auto id =
              station.add_customer("Runner " + std::to_string(s) + "-" + std::to_string(c));
          for (int t = 0; t < kTrials; ++t)
            station.add_trial(trial(id, "Shoe " + std::to_string(t)));
        }
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(s)] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");

  PostgresFittingStore check(uri_, {"office", "Store"}, nullptr);
  const auto customers = check.customers();
  ASSERT_EQ(customers.size(), static_cast<std::size_t>(kStations * kCustomers));
  std::set<std::string> uuids, names;
  for (const auto& c : customers) {
    uuids.insert(c.uuid);
    names.insert(c.name);
    EXPECT_EQ(c.trials, kTrials) << c.name;
  }
  EXPECT_EQ(uuids.size(), customers.size());
  EXPECT_EQ(names.size(), customers.size());
  PgConnection db(uri_);
  EXPECT_EQ(db.query("SELECT COUNT(DISTINCT uuid) FROM fitting_trials").int64(0, 0),
            kStations * kCustomers * kTrials);
  EXPECT_EQ(db.query("SELECT version FROM insole_schema").int64(0, 0), kPostgresSchemaVersion);
  EXPECT_EQ(db.query("SELECT COUNT(*) FROM insole_schema").int64(0, 0), 1);
}

TEST_F(PostgresStations, ADeletionReachesTheStationHoldingTheFrames) {
  auto a_file = local("a"), b_file = local("b");
  PostgresFittingStore a(uri_, {"desk-a", "Store"}, a_file.get());
  PostgresFittingStore b(uri_, {"desk-b", "Store"}, b_file.get());
  const auto c = a.add_customer("Quinn");
  a.add_trial(trial(c, "Recorded at A", std::nullopt, 3));
  b.add_trial(trial(c, "Recorded at B", std::nullopt, 7));
  b.add_trial(trial(c, "Typed in at B, no run"));

  // Deleted at B: B erases its own recording at once, A's waits for A.
  std::vector<std::int64_t> erased_at_b;
  b.delete_customer(c, [&](const std::vector<FittingTrialRecord>& here) {
    for (const auto& t : here)
      if (t.run_id) erased_at_b.push_back(*t.run_id);
  });
  EXPECT_EQ(erased_at_b, std::vector<std::int64_t>{7});
  EXPECT_FALSE(a.customer(c));
  EXPECT_EQ(b.erase_pending([](const auto&) { FAIL() << "nothing of B's is pending"; }), 0u);

  // A's first try fails (its file refuses): the request stays for the next.
  EXPECT_THROW(a.erase_pending([](const auto&) { throw StoreError("disk full"); }), StoreError);
  std::vector<FittingTrialRecord> erased_at_a;
  EXPECT_EQ(a.erase_pending([&](const std::vector<FittingTrialRecord>& here) {
    erased_at_a = here;
    Statement secure = a_file->prepare("PRAGMA secure_delete");
    secure.step();
    EXPECT_EQ(secure.column_int(0), 1);  // inside A's erasing transaction
  }),
            1u);
  ASSERT_EQ(erased_at_a.size(), 1u);
  EXPECT_EQ(erased_at_a[0].run_id, 3);
  EXPECT_DOUBLE_EQ(erased_at_a[0].run_from_s, 10);
  EXPECT_DOUBLE_EQ(erased_at_a[0].run_to_s, 40);
  EXPECT_EQ(a.erase_pending([](const auto&) { FAIL() << "asked once only"; }), 0u);
  PgConnection db(uri_);
  EXPECT_EQ(db.query("SELECT COUNT(*) FROM pending_erasures").int64(0, 0), 0);
  EXPECT_EQ(db.query("SELECT COUNT(*) FROM fitting_trials").int64(0, 0), 0);
}

TEST_F(PostgresStations, AServerSchemaNewerThanTheBuildIsRefused) {
  { PostgresFittingStore first(uri_, {"desk", "Store"}, nullptr); }
  PgConnection(uri_).exec("UPDATE insole_schema SET version = 99");
  try {
    PostgresFittingStore station(uri_, {"desk", "Store"}, nullptr);
    FAIL() << "opened a newer schema";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("has insole schema version 99 but this build knows only "
                                         "up to 1; use a newer insole release"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(PostgresStations, AStationNeedsANameAndAReachableServer) {
  EXPECT_THROW(PostgresFittingStore(uri_, {"", "Store"}, nullptr), StoreError);
  try {
    PostgresFittingStore(server().uri("no_such_database"), {"desk", "Store"}, nullptr);
    FAIL() << "connected to a database that is not there";
  } catch (const StoreError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot connect to postgresql database no_such_database"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("does not exist"), std::string::npos) << what;
  }
}

TEST_F(PostgresStations, AServerThatGoesAwaySaysSoAndIsUsedAgainWhenBack) {
  PostgresFittingStore station(uri_, {"desk", "Store"}, nullptr);
  const auto c = station.add_customer("Rae");
  server().stop();
  try {
    station.customers();
    FAIL() << "read from a stopped server";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("postgresql database chain"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(station.add_customer("Sam"), StoreError);  // still down
  server().start();
  EXPECT_EQ(station.customer(c)->name, "Rae");  // connected again
  EXPECT_EQ(station.customers().size(), 1u);    // Sam was never stored: the caller was told
}

}  // namespace
}  // namespace insole::store
