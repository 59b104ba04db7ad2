// Stations that keep working offline and sync with the chain's server (store/fitting_sync.h),
// on real SQLite files and a real PostgreSQL server that is stopped and started again: nothing
// made offline is lost or doubled, a customer made at one station reaches another, the later
// edit wins, and a deletion reaches every copy and the frames where they were recorded.
#include "insole/store/fitting_sync.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "fitting_test_records.h"
#include "insole/store/postgres.h"
#include "insole/store/postgres_fitting.h"
#include "insole/store/schema.h"
#include "insole/store/sqlite_fitting.h"
#include "postgres_server.h"
#include "scratch_dir_test.h"

namespace insole::store {
namespace {

using test_records::trial;

testing::PostgresServer& server() { return testing::PostgresServer::shared(); }

// One station: its own file, its store on it, and its link to the server.
struct Station {
  Station(const std::filesystem::path& dir, const std::string& name, std::string uri)
      : identity{name, "Store " + name},
        file(open_for_writing((dir / (name + ".db")).string())),
        fittings(*file, identity),
        uri_(std::move(uri)) {}

  // One round, connecting first when needed and once more when the connection turns out to
  // be dead (a server restarted since), as the daemon's worker does.
  FittingSyncRound sync() {
    for (int attempt = 0;; ++attempt) {
      if (!link || link->unreachable()) {
        link = std::make_unique<PgConnection>(uri_);
        migrate_fitting_server(*link);
        register_station(*link, identity);
      }
      try {
        return sync_fittings(*file, *link, identity, [this](const auto& here) {
          for (const auto& t : here) erased_runs.push_back(*t.run_id);
        });
      } catch (const StoreError&) {
        if (attempt > 0 || !link->unreachable()) throw;
      }
    }
  }

  StationIdentity identity;
  std::unique_ptr<Connection> file;
  SqliteFittingStore fittings;
  std::unique_ptr<PgConnection> link;
  std::vector<std::int64_t> erased_runs;
  std::string uri_;
};

class FittingSyncTest : public testing::ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    uri_ = server().create_database("sync");
  }
  void TearDown() override {
    if (!server().running()) server().start();
    ScratchDirTest::TearDown();
  }
  std::int64_t count(const std::string& sql) { return PgConnection(uri_).query(sql).int64(0, 0); }
  std::string uri_;
};

TEST_F(FittingSyncTest, AStationCutOffKeepsItsFittingsAndSendsThemOnceWhenTheServerIsBack) {
  Station a(dir_, "a", uri_);
  a.sync();
  server().stop();
  // Offline: the clerk goes on fitting.
  const auto c = a.fittings.add_customer("Uma", "came back for trail shoes", 66.0);
  const auto t1 = a.fittings.add_trial(trial(c, "Trail One", std::nullopt, 4));
  a.fittings.add_trial(trial(c, "Trail Two", std::nullopt, 4));
  a.fittings.set_comfort(t1, 8);
  EXPECT_THROW(a.sync(), StoreError);
  EXPECT_EQ(fitting_changes_waiting(*a.file), 3);  // a customer and two trials
  EXPECT_EQ(a.fittings.trials_of(c).size(), 2u);   // all there, on the station

  server().start();
  const auto round = a.sync();
  EXPECT_EQ(round.pushed, 3u);
  EXPECT_EQ(fitting_changes_waiting(*a.file), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM customers"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM fitting_trials"), 2);
  EXPECT_EQ(count("SELECT comfort FROM fitting_trials WHERE shoe = 'Trail One'"), 8);
  // Sent again (an answer lost, a crash before marking): nothing doubles.
  a.file->exec("UPDATE customers SET synced = 0; UPDATE fitting_trials SET synced = 0");
  a.sync();
  a.sync();
  EXPECT_EQ(count("SELECT COUNT(*) FROM customers"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM fitting_trials"), 2);
  EXPECT_EQ(a.fittings.customers().size(), 1u);
  EXPECT_EQ(a.fittings.trials_of(c).size(), 2u);
}

TEST_F(FittingSyncTest, ACustomerMadeAtOneStationIsFittedAtAnother) {
  Station a(dir_, "a", uri_), b(dir_, "b", uri_);
  const auto at_a = a.fittings.add_customer(
      NewCustomer{"Maria", "narrow heel", std::nullopt, "maria@example.org", "0171 2345678"});
  a.fittings.add_trial(trial(at_a, "Recorded at A", std::nullopt, 3));
  a.sync();
  b.sync();
  const auto found = b.fittings.find_customers("171 2345", 50);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].uuid, a.fittings.customer(at_a)->uuid);
  EXPECT_EQ(found[0].station, "a");
  EXPECT_EQ(found[0].trials, 1);
  b.fittings.add_trial(trial(found[0].id, "Recorded at B", std::nullopt, 3));
  b.sync();
  a.sync();
  const auto trials = a.fittings.trials_of(at_a);
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[1].shoe, "Recorded at B");
  EXPECT_EQ(trials[1].station, "b");
  // Run 3 of station B is not run 3 of station A: each file knows only its own recordings.
  EXPECT_EQ(a.fittings.trial_runs(), std::vector<std::int64_t>{3});
  EXPECT_EQ(b.fittings.trial_runs(), std::vector<std::int64_t>{3});
  EXPECT_EQ(count("SELECT COUNT(*) FROM fitting_trials"), 2);
}

TEST_F(FittingSyncTest, TheLaterEditWinsWhicheverStationSyncsFirst) {
  Station a(dir_, "a", uri_), b(dir_, "b", uri_);
  const auto c = a.fittings.add_customer("Ned");
  a.sync();
  b.sync();
  const auto at_b = b.fittings.find_customers("Ned", 5)[0].id;
  a.fittings.set_body_mass(c, 70);
  b.fittings.set_body_mass(at_b, 72.5);  // later
  b.sync();                              // the later one reaches the server first
  a.sync();                              // the earlier one does not overwrite it
  b.sync();
  EXPECT_EQ(a.fittings.customer(c)->body_mass_kg, 72.5);
  EXPECT_EQ(b.fittings.customer(at_b)->body_mass_kg, 72.5);
  a.fittings.set_body_mass(c, 69);  // later still, from A
  a.sync();
  b.sync();
  EXPECT_EQ(b.fittings.customer(at_b)->body_mass_kg, 69.0);
}

TEST_F(FittingSyncTest, ADeletionReachesEveryCopyAndTheFramesWhereTheyWereRecorded) {
  Station a(dir_, "a", uri_), b(dir_, "b", uri_);
  const auto c = a.fittings.add_customer("Quinn");
  a.fittings.add_trial(trial(c, "At A", std::nullopt, 3));
  a.sync();
  b.sync();
  const auto at_b = b.fittings.find_customers("Quinn", 5)[0].id;
  b.fittings.add_trial(trial(at_b, "At B", std::nullopt, 7));
  b.sync();
  a.sync();
  server().stop();
  a.fittings.set_body_mass(c, 80);  // A, offline, edits the customer...
  // ...while B deletes them (B erases its own recording, of run 7, at once).
  std::vector<std::int64_t> erased_at_b;
  b.fittings.delete_customer(at_b, [&](const auto& here) {
    for (const auto& t : here) erased_at_b.push_back(*t.run_id);
  });
  EXPECT_EQ(erased_at_b, std::vector<std::int64_t>{7});
  server().start();
  b.sync();
  EXPECT_EQ(count("SELECT COUNT(*) FROM customers"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM fitting_trials"), 0);
  a.sync();  // A's late edit does not bring the customer back; A erases its run 3
  EXPECT_FALSE(a.fittings.customer(c));
  EXPECT_EQ(a.erased_runs, std::vector<std::int64_t>{3});
  EXPECT_EQ(count("SELECT COUNT(*) FROM customers"), 0);
  EXPECT_EQ(fitting_changes_waiting(*a.file), 0);
  a.sync();
  EXPECT_EQ(a.erased_runs.size(), 1u);  // once
  EXPECT_TRUE(b.erased_runs.empty());   // B's own was erased when it deleted
  // A deleted trial goes everywhere too.
  const auto d = a.fittings.add_customer("Rae");
  const auto gone = a.fittings.add_trial(trial(d, "Returned", std::nullopt, 9));
  a.sync();
  b.sync();
  const auto rae_at_b = b.fittings.find_customers("Rae", 5)[0].id;
  EXPECT_EQ(b.fittings.trials_of(rae_at_b).size(), 1u);
  a.fittings.delete_trial(gone);
  a.sync();
  b.sync();
  EXPECT_TRUE(b.fittings.trials_of(rae_at_b).empty());
  EXPECT_TRUE(b.erased_runs.empty());  // run 9 was A's, not B's
}

TEST_F(FittingSyncTest, AStationThatWritesDirectlyAndOneThatSyncsShareTheSameServer) {
  Station a(dir_, "a", uri_);
  PostgresFittingStore direct(uri_, {"office", "HQ"}, nullptr);
  const auto c = direct.add_customer("Sol");
  direct.add_trial(trial(c, "Typed in at the office"));
  a.sync();
  const auto found = a.fittings.find_customers("Sol", 5);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(a.fittings.trials_of(found[0].id).size(), 1u);
  a.fittings.add_trial(trial(found[0].id, "Run at A", std::nullopt, 2));
  a.sync();
  EXPECT_EQ(direct.trials_of(c).size(), 2u);
  direct.delete_customer(c);
  a.sync();
  EXPECT_TRUE(a.fittings.customers().empty());
  EXPECT_EQ(a.erased_runs, std::vector<std::int64_t>{2});
}

}  // namespace
}  // namespace insole::store
