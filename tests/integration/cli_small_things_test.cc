// The small things a user trips on (issue 13), each through the real programs on a real
// database: --help on every program, `set-run last`, local times with the zone, "1 run",
// short distances, per-step strike and pronation, pronation as information unless it changed
// against the runner's own earlier runs, a misspelt device URI and an open dashboard without a
// token refused as configuration errors.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "insole/paths/install_paths.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// Set for the test and its children, undone after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

struct Result {
  int status = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

Result run(std::vector<std::string> argv) {
  ChildProcess p(std::move(argv));
  Result r;
  r.status = p.wait(30s).value_or(-1);
  r.out = p.stdout_text();
  r.err = p.stderr_text();
  return r;
}

// `seconds` of running at 180 steps a minute, feet alternating, with the given pronation index.
std::vector<store::StepRecord> steps(double seconds, double pronation_index) {
  std::vector<store::StepRecord> out;
  const double interval = 60.0 / 180;
  for (int i = 0; i * interval <= seconds; ++i) {
    store::StepRecord s;
    s.side = i % 2 ? 'R' : 'L';
    s.contact_s = i * interval;
    s.toe_off_s = s.contact_s + 0.25;
    s.peak_force_n = 1700;
    s.impulse_ns = 686 * interval;
    s.loading_rate_n_per_s = 50000;
    s.flight_time_s = interval - 0.25;
    s.strike_index = 0.1;
    s.strike = "rearfoot";
    s.flat_foot = 0;
    s.pronation_index = pronation_index;
    s.cpei_pct = pronation_index;
    s.medial_fraction = 0.5;
    s.pronation = pronation_index < 13.5 ? "over" : "neutral";
    out.push_back(s);
  }
  return out;
}

class CliSmallThingsTest : public ScratchDirTest {
 protected:
  std::int64_t recorded_run(const std::vector<store::StepRecord>& s) {
    auto db = store::open_for_writing(db_);
    store::RunWriter w(*db);
    const auto id = w.begin_run(200);
    w.append(id, s);
    w.finish(id, "complete");
    return id;
  }
  Result ctl(std::vector<std::string> args) {
    args.insert(args.begin(), {INSOLECTL, "--db", db_});
    return run(args);
  }
  std::string write_config(const std::string& text) {
    const std::string path = (dir_ / "insoled.conf").string();
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(CliSmallThingsTest, HelpOnEveryProgramPrintsTheUsageAndExitsZero) {
  const std::vector<std::vector<std::string>> calls = {
      {INSOLED, "--help"},
      {INSOLED, "-h"},
      {INSOLED, "--db", "x.db", "--help"},
      {INSOLECTL, "--help"},
      {INSOLECTL, "-h"},
      {INSOLECTL, "summary", "--help"},
      {INSOLECTL, "analyze", "--help"},
      {INSOLECTL, "status", "--help"},
      {INSOLECTL, "shoes", "add", "--help"},
      {INSOLE_SIM, "--help"},
      {INSOLE_SIM, "record", "--help"},
  };
  for (const auto& argv : calls) {
    const Result r = run(argv);
    std::string call;
    for (const auto& a : argv) call += std::filesystem::path(a).filename().string() + " ";
    EXPECT_EQ(r.status, 0) << call << r.err;
    EXPECT_EQ(r.out.rfind("usage: ", 0), 0u) << call << r.out;
    EXPECT_EQ(r.err, "") << call;
  }
  EXPECT_FALSE(std::filesystem::exists("x.db"));
}

TEST_F(CliSmallThingsTest, VersionOnBothProgramsAndCommandsThatReadNoDatabaseComeFirst) {
  for (const auto& [program, name] :
       {std::pair{INSOLED, "insoled"}, std::pair{INSOLECTL, "insolectl"}}) {
    const Result r = run({program, "--version"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, std::string(name) + " " + paths::kVersion + "\n");
  }
  const Result r = run({INSOLECTL, "--db", "x.db", "status"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("status takes no --db and must be the first argument"), std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists("x.db"));
}

TEST_F(CliSmallThingsTest, SetRunLastSetsTheLastRun) {
  recorded_run(steps(60, 18));
  const auto last = recorded_run(steps(60, 18));
  const Result r = ctl({"set-run", "last", "--mass-kg", "71.5"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "run " + std::to_string(last) + ": body mass 71.5 kg\n");
  EXPECT_EQ(ctl({"set-run", "first", "--mass-kg", "70"}).status, 2);
}

TEST_F(CliSmallThingsTest, TimesAreShownInLocalTimeWithTheZone) {
  recorded_run(steps(60, 18));
  const auto runs = json::parse(ctl({"runs", "--json"}).out);
  const std::string utc = runs[0]["started_at"];  // JSON keeps UTC
  ASSERT_EQ(utc.back(), 'Z') << utc;
  // A zone 5 h 30 min east of UTC, spelt out so no time-zone database is needed.
  ScopedEnv tz("TZ", "XYZ-5:30");
  const Result list = ctl({"runs"});
  ASSERT_EQ(list.status, 0) << list.err;
  std::tm t{};
  ASSERT_NE(strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%S", &t), nullptr);
  std::time_t when = timegm(&t) + 5 * 3600 + 30 * 60;
  gmtime_r(&when, &t);
  char local[64];
  std::strftime(local, sizeof(local), "%Y-%m-%d %H:%M:%S XYZ", &t);
  EXPECT_NE(list.out.find(local), std::string::npos) << local << "\n" << list.out;
  const Result summary = ctl({"summary", "last"});
  EXPECT_NE(summary.out.find(std::string("Run 1  ") + local), std::string::npos) << summary.out;
}

TEST_F(CliSmallThingsTest, OneRunIsOneRunAndShortDistancesKeepTheirDecimals) {
  Result r =
      ctl({"shoes", "add", "--brand", "Asics", "--model", "Novablast", "--starting-km", "0.104"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("0.10 km already run"), std::string::npos) << r.out;
  recorded_run(steps(60, 18));  // in the default shoe
  r = ctl({"shoes", "list"});
  EXPECT_EQ(r.out.find(" 0 km"), std::string::npos) << r.out;
  r = ctl({"shoes", "show", "1"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("(0.10 km before insole, 1 run recorded)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("1 runs"), std::string::npos) << r.out;
}

TEST_F(CliSmallThingsTest, StepsShowEachStepsStrikeAndPronation) {
  recorded_run(steps(10, 7.5));
  Result r = ctl({"steps", "last"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("STRIKE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PRONATION"), std::string::npos) << r.out;
  // The first step's row ends in its strike, flat landing, pronation and index.
  std::istringstream rows(r.out);
  std::string header, row;
  std::getline(rows, header);
  std::getline(rows, row);
  std::istringstream cells(row);
  std::vector<std::string> cell{std::istream_iterator<std::string>(cells),
                                std::istream_iterator<std::string>()};
  ASSERT_EQ(cell.size(), 11u) << r.out;
  EXPECT_EQ(std::vector<std::string>(cell.begin() + 7, cell.end()),
            (std::vector<std::string>{"rearfoot", "no", "over", "7.5"}))
      << r.out;
  r = ctl({"steps", "last", "--json"});
  const auto j = json::parse(r.out);
  ASSERT_FALSE(j.empty());
  EXPECT_EQ(j[0]["strike"], "rearfoot");
  EXPECT_EQ(j[0]["flat_foot"], false);
  EXPECT_EQ(j[0]["pronation"], "over");
  EXPECT_DOUBLE_EQ(j[0]["pronation_index"].get<double>(), 7.5);
}

TEST_F(CliSmallThingsTest, PronationIsInformationUnlessItChangedAgainstTheRunnersBaseline) {
  // A runner who always rolls in: information, not something to work on.
  recorded_run(steps(120, 8));
  Result r = ctl({"summary", "last"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto info = r.out.find("For your information");
  ASSERT_NE(info, std::string::npos) << r.out;
  EXPECT_GT(r.out.find("overpronation"), info) << r.out;
  EXPECT_NE(r.out.find("(pronation index 8.0 left, 8.0 right;"), std::string::npos) << r.out;
  auto j = json::parse(ctl({"summary", "last", "--json"}).out);
  for (const auto& a : j["analysis"]["alerts"]) EXPECT_NE(a["code"], "overpronation") << j;
  ASSERT_EQ(j["analysis"]["information"].size(), 1u) << j;

  // Three neutral runs, then one that rolls in: a change against the runner's own baseline.
  for (int i = 0; i < 3; ++i) recorded_run(steps(120, 18));
  recorded_run(steps(120, 8));
  r = ctl({"summary", "last"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("For your information"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("* Both ankles roll in (overpronation)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Your left index fell from 18.0, your usual, to 8.0"), std::string::npos)
      << r.out;
  j = json::parse(ctl({"summary", "last", "--json"}).out);
  bool work_on = false;
  for (const auto& a : j["analysis"]["alerts"]) work_on |= a["code"] == "overpronation";
  EXPECT_TRUE(work_on) << j;
}

TEST_F(CliSmallThingsTest, AnUnknownDeviceSchemeInTheConfigIsAConfigurationError) {
  const std::string config =
      write_config("database = " + db_ + "\n# the insoles\ndevice = serail:/dev/ttyACM0\n");
  const Result r = run({INSOLED, "--config", config});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(config + ":3: unsupported device URI 'serail:/dev/ttyACM0'"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(db_));
  const Result flag = run({INSOLED, "--db", db_, "--device", "bluetooth:AA"});
  EXPECT_EQ(flag.status, 2) << flag.err;
  EXPECT_NE(flag.err.find("unsupported device URI 'bluetooth:AA'"), std::string::npos) << flag.err;
}

TEST_F(CliSmallThingsTest, AnOpenDashboardWithoutATokenIsAConfigurationError) {
  const std::string config = write_config("database = " + db_ + "\nweb = 0.0.0.0:0\n");
  Result r = run({INSOLED, "--config", config});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(config + ": web = 0.0.0.0:0 is reachable from other machines"),
            std::string::npos)
      << r.err;
  r = run({INSOLED, "--db", db_, "--device", "serial:/dev/null", "--web", "0.0.0.0:0"});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("set web_token (or --web-token)"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db_));
}

}  // namespace
}  // namespace insole::testing
