// `insolectl shoes` as a process on a real database: the registry, default shoe of new runs,
// assignment, retirement and errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "child_process.h"
#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class ShoesCliTest : public ScratchDirTest {
 protected:
  // Runs insolectl; returns {status, stdout+stderr}.
  std::pair<int, std::string> ctl(std::vector<std::string> args) {
    args.insert(args.begin(), {INSOLECTL, "--db", db_});
    ChildProcess p(args);
    const auto status = p.wait(30s);
    return {status.value_or(-1), p.output()};
  }
};

TEST_F(ShoesCliTest, RegistryDefaultsAssignmentAndErrors) {
  auto [st, out] = ctl({"shoes", "add", "--brand", "Asics", "--model", "Novablast", "--size", "43",
                        "--start", "2026-10-01", "--starting-km", "120", "--json"});
  ASSERT_EQ(st, 0) << out;
  const auto first = nlohmann::json::parse(out);
  EXPECT_EQ(first["brand"], "Asics");
  EXPECT_DOUBLE_EQ(first["starting_distance_km"].get<double>(), 120.0);

  // A run started by the daemon's writer gets the default (most recent) shoe.
  std::int64_t run = 0;
  {
    auto db = store::open_for_writing(db_);
    store::RunWriter w(*db);
    run = w.begin_run(200);
    w.finish(run, "complete");
  }
  std::tie(st, out) = ctl({"runs", "--json"});
  ASSERT_EQ(st, 0) << out;
  EXPECT_EQ(nlohmann::json::parse(out)[0]["shoe"], first["id"]) << out;

  std::tie(st, out) = ctl({"shoes", "add", "--brand", "Hoka", "--model", "Clifton", "--json"});
  ASSERT_EQ(st, 0) << out;
  const auto second = nlohmann::json::parse(out);
  std::tie(st, out) = ctl({"shoes", "assign", "last", std::to_string(second["id"].get<int>())});
  ASSERT_EQ(st, 0) << out;
  std::tie(st, out) = ctl({"shoes", "list", "--json"});
  ASSERT_EQ(st, 0) << out;
  const auto list = nlohmann::json::parse(out);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["runs"], 0);
  EXPECT_EQ(list[1]["runs"], 1);
  EXPECT_NEAR(list[0]["distance_km"].get<double>(), 120.0, 1e-9);

  std::tie(st, out) = ctl({"shoes", "show", std::to_string(second["id"].get<int>()), "--json"});
  ASSERT_EQ(st, 0) << out;
  EXPECT_EQ(nlohmann::json::parse(out)["verdict"], "not_enough_data");

  // Retired shoes cannot be assigned; bad input is a clear error, not a crash.
  std::tie(st, out) = ctl({"shoes", "retire", "1", "--date", "2026-11-01"});
  ASSERT_EQ(st, 0) << out;
  std::tie(st, out) = ctl({"shoes", "assign", "last", "1"});
  EXPECT_EQ(st, 1);
  EXPECT_NE(out.find("retired"), std::string::npos) << out;
  std::tie(st, out) =
      ctl({"shoes", "add", "--brand", "X", "--model", "Y", "--start", "2026-02-30"});
  EXPECT_EQ(st, 1);
  EXPECT_NE(out.find("is not a date"), std::string::npos) << out;
  std::tie(st, out) = ctl({"shoes", "show", "99"});
  EXPECT_EQ(st, 1);
  EXPECT_FALSE(out.empty());
}

}  // namespace
}  // namespace insole::testing
