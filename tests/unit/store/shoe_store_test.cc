// The shoe registry on real SQLite files: add, list, retire, assign, the default shoe of a new run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"

namespace insole::store {
namespace {

namespace fs = std::filesystem;

class ShoeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("insole-shoes-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = open_for_writing((dir_ / "insole.db").string());
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  static ShoeRecord shoe(const std::string& brand, const std::string& date = "2026-03-01") {
    ShoeRecord s;
    s.brand = brand;
    s.model = "Trainer";
    s.size_eu = 42.5;
    s.start_date = date;
    return s;
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

  fs::path dir_;
  std::unique_ptr<Connection> db_;
};

TEST_F(ShoeStoreTest, AddedShoeReadsBack) {
  ShoeStore shoes(*db_);
  ShoeRecord s = shoe("Brooks");
  s.starting_distance_km = 120;
  s.notes = "bought on sale";
  const auto id = shoes.add(s);
  const auto got = shoes.get(id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->brand, "Brooks");
  EXPECT_DOUBLE_EQ(got->size_eu, 42.5);
  EXPECT_EQ(got->start_date, "2026-03-01");
  EXPECT_DOUBLE_EQ(got->starting_distance_km, 120);
  EXPECT_EQ(got->notes, "bought on sale");
  EXPECT_TRUE(got->retired_at.empty());
  EXPECT_EQ(got->runs, 0);
  EXPECT_FALSE(shoes.get(id + 1));
  ShoeRecord no_size = shoe("Hoka");
  no_size.size_eu = std::nan("");
  EXPECT_TRUE(std::isnan(shoes.get(shoes.add(no_size))->size_eu));
  EXPECT_EQ(shoes.list().size(), 2u);
}

TEST_F(ShoeStoreTest, CalendarDates) {
  EXPECT_TRUE(is_calendar_date("2024-02-29"));
  EXPECT_FALSE(is_calendar_date("2026-02-29"));
  EXPECT_FALSE(is_calendar_date("2026-04-31"));
  EXPECT_FALSE(is_calendar_date("2026-13-01"));
  EXPECT_FALSE(is_calendar_date("2026-3-01"));
  EXPECT_FALSE(is_calendar_date("yesterday"));
  EXPECT_TRUE(is_calendar_date("2000-02-29"));
  EXPECT_FALSE(is_calendar_date("1900-02-29"));
}

TEST_F(ShoeStoreTest, BadInputIsAClearError) {
  ShoeStore shoes(*db_);
  EXPECT_NE(error_of([&] { shoes.add(shoe("Asics", "2026-02-30")); }).find("not a date"),
            std::string::npos);
  ShoeRecord negative = shoe("Asics");
  negative.starting_distance_km = -5;
  EXPECT_NE(error_of([&] { shoes.add(negative); }).find("starting distance"), std::string::npos);
  EXPECT_NE(error_of([&] { shoes.add(shoe("")); }).find("brand"), std::string::npos);
  EXPECT_TRUE(shoes.list().empty());
  const auto run = RunWriter(*db_).begin_run(200);
  EXPECT_EQ(error_of([&] { shoes.assign(run, 7); }), "no shoe 7");
  const auto id = shoes.add(shoe("Asics"));
  EXPECT_EQ(error_of([&] { shoes.assign(run + 1, id); }), "no run " + std::to_string(run + 1));
  EXPECT_EQ(error_of([&] { shoes.retire(7, "2026-04-01"); }), "no shoe 7");
  EXPECT_NE(error_of([&] { shoes.retire(id, "2026-02-01"); }).find("before"), std::string::npos);
}

TEST_F(ShoeStoreTest, RetiredShoeCannotBeAssignedOrRetiredAgain) {
  ShoeStore shoes(*db_);
  const auto id = shoes.add(shoe("Saucony"));
  const auto run = RunWriter(*db_).begin_run(200);
  shoes.retire(id, "2026-06-30");
  EXPECT_EQ(shoes.get(id)->retired_at, "2026-06-30");
  EXPECT_NE(error_of([&] { shoes.assign(run, id); }).find("was retired on 2026-06-30"),
            std::string::npos);
  EXPECT_NE(error_of([&] { shoes.retire(id, "2026-07-01"); }).find("already retired"),
            std::string::npos);
}

TEST_F(ShoeStoreTest, NewRunsGetTheLastUsedShoe) {
  ShoeStore shoes(*db_);
  RunWriter w(*db_);
  RunReader r(*db_);
  EXPECT_EQ(r.run(w.begin_run(200))->shoe_id, 0);  // no shoes: no shoe
  const auto a = shoes.add(shoe("A"));
  EXPECT_EQ(r.run(w.begin_run(200))->shoe_id, a);  // the only shoe
  const auto b = shoes.add(shoe("B"));
  const auto run_b = w.begin_run(200);  // b was added after a's last run: b is the latest
  EXPECT_EQ(r.run(run_b)->shoe_id, b);
  // Force distinct start times (runs begun in the same millisecond would tie).
  db_->exec("UPDATE runs SET started_at = '2026-05-0' || id || 'T10:00:00Z'");
  db_->exec("UPDATE shoes SET created_at = '2026-04-01T00:00:00Z'");
  shoes.assign(run_b, a);  // the runner corrects it: the last run was in a
  EXPECT_EQ(shoes.default_shoe(), a);
  EXPECT_EQ(r.run(w.begin_run(200))->shoe_id, a);
  shoes.retire(a, "2026-06-01");
  EXPECT_EQ(shoes.default_shoe(), b);  // retired shoes are never the default
  shoes.retire(b, "2026-06-01");
  EXPECT_FALSE(shoes.default_shoe());
  EXPECT_EQ(r.run(w.begin_run(200))->shoe_id, 0);
  EXPECT_EQ(shoes.get(a)->runs, 3);
  EXPECT_EQ(shoes.runs_of(a).size(), 3u);
}

TEST_F(ShoeStoreTest, EditingDoesNotCloseARunBeingRecorded) {
  const auto run = RunWriter(*db_).begin_run(200);
  auto editor = open_for_editing((dir_ / "insole.db").string());
  ShoeStore(*editor).set_run_body_mass(run, 68.0);
  EXPECT_EQ(RunReader(*editor).run(run)->status, "recording");
}

TEST_F(ShoeStoreTest, UnassignedRunCountsTowardsNoShoe) {
  ShoeStore shoes(*db_);
  const auto id = shoes.add(shoe("Brooks"));
  RunWriter w(*db_);
  const auto run = w.begin_run(200);  // gets the default shoe
  w.finish(run, "complete");
  ASSERT_EQ(shoes.runs_of(id).size(), 1u);
  EXPECT_EQ(shoes.unassign(run), id);
  EXPECT_TRUE(shoes.runs_of(id).empty());
  EXPECT_EQ(shoes.get(id)->runs, 0);
  EXPECT_FALSE(shoes.unassign(run));  // already without a shoe
  EXPECT_EQ(error_of([&] { shoes.unassign(run + 7); }), "no run " + std::to_string(run + 7));
}

TEST_F(ShoeStoreTest, ARunsSurfaceIsOneOfFourClearedByNothingAndReadBack) {
  ShoeStore shoes(*db_);
  RunWriter w(*db_);
  const auto run = w.begin_run(200);
  w.finish(run, "complete");
  EXPECT_EQ(RunReader(*db_).run(run)->surface, "");
  shoes.set_run_surface(run, "trail");
  EXPECT_EQ(RunReader(*db_).run(run)->surface, "trail");
  EXPECT_EQ(RunReader(*db_).runs()[0].surface, "trail");
  EXPECT_EQ(error_of([&] { shoes.set_run_surface(run, "grass"); }),
            "surface must be road, track, trail or treadmill, not 'grass'");
  EXPECT_EQ(RunReader(*db_).run(run)->surface, "trail");  // unchanged by the refusal
  // The schema itself refuses what the store would: no other writer can store a fifth.
  EXPECT_THROW(db_->exec("UPDATE runs SET surface = 'sand'"), StoreError);
  shoes.set_run_surface(run, std::nullopt);
  EXPECT_EQ(RunReader(*db_).run(run)->surface, "");
  EXPECT_EQ(error_of([&] { shoes.set_run_surface(run + 9, "road"); }),
            "no run " + std::to_string(run + 9));
}

}  // namespace
}  // namespace insole::store
