// `insolectl shoes` as a process on a real database: the registry, default shoe of new runs,
// assignment, retirement and errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "child_process.h"
#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Hand-built steps of a run at a known cadence: `seconds` of running at 180 steps a minute,
// feet alternating, 0.25 s contacts, the forces of a 70 kg runner.
std::vector<store::StepRecord> running_steps(double seconds, double start_s = 0) {
  std::vector<store::StepRecord> steps;
  const double interval = 60.0 / 180;
  for (int i = 0; i * interval <= seconds; ++i) {
    store::StepRecord s;
    s.side = i % 2 ? 'R' : 'L';
    s.contact_s = start_s + i * interval;
    s.toe_off_s = s.contact_s + 0.25;
    s.peak_force_n = 1700;
    s.impulse_ns = 686 * interval;
    s.loading_rate_n_per_s = 50000;
    s.flight_time_s = interval - 0.25;
    s.strike_index = 0.1;
    s.strike = "rearfoot";
    s.flat_foot = 0;
    s.pronation_index = 0;
    s.pronation = "neutral";
    steps.push_back(s);
  }
  return steps;
}

class ShoesCliTest : public ScratchDirTest {
 protected:
  // A finished run with these steps, as the daemon's writer stores it; returns its id.
  std::int64_t recorded_run(const std::vector<store::StepRecord>& steps) {
    auto db = store::open_for_writing(db_);
    store::RunWriter w(*db);
    const auto run = w.begin_run(200);
    w.append(run, steps);
    w.finish(run, "complete");
    return run;
  }

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

TEST_F(ShoesCliTest, SetRunRefusesADistanceTheRunCannotHaveCovered) {
  ASSERT_EQ(ctl({"shoes", "add", "--brand", "Asics", "--model", "Novablast"}).first, 0);
  const auto run = recorded_run(running_steps(20));  // 20 s of running
  const auto id = std::to_string(run);

  // 10 km in 20 s (1800 km/h) is refused with the reason; nothing is stored.
  auto [st, out] = ctl({"set-run", id, "--distance-km", "10"});
  EXPECT_EQ(st, 1) << out;
  std::printf("%s", out.c_str());
  EXPECT_NE(out.find("refused"), std::string::npos) << out;
  EXPECT_NE(out.find("km/h"), std::string::npos) << out;
  EXPECT_NE(out.find("run " + id), std::string::npos) << out;
  std::tie(st, out) = ctl({"shoes", "show", "1", "--json"});
  ASSERT_EQ(st, 0) << out;
  auto shown = nlohmann::json::parse(out);
  EXPECT_EQ(shown["calibration_runs"], 0) << out;
  EXPECT_DOUBLE_EQ(shown["runner_factor"].get<double>(), 1.0);
  EXPECT_EQ(shown["run_list"][0]["distance_measured"], false);

  // Too slow for running: 10 m in 20 s.
  std::tie(st, out) = ctl({"set-run", id, "--distance-km", "0.010"});
  EXPECT_EQ(st, 1) << out;
  EXPECT_NE(out.find("km/h"), std::string::npos) << out;

  // 70 m in 20 s (12.6 km/h) is a run; it is stored and calibrates the model.
  std::tie(st, out) = ctl({"set-run", id, "--distance-km", "0.070"});
  ASSERT_EQ(st, 0) << out;
  std::tie(st, out) = ctl({"shoes", "show", "1", "--json"});
  ASSERT_EQ(st, 0) << out;
  shown = nlohmann::json::parse(out);
  EXPECT_EQ(shown["calibration_runs"], 1) << out;
  EXPECT_EQ(shown["run_list"][0]["distance_measured"], true);
  EXPECT_NEAR(shown["run_list"][0]["distance_km"].get<double>(), 0.070, 1e-9);
  EXPECT_EQ(shown["calibration"]["runs"][0]["run"], run);
  EXPECT_EQ(shown["calibration"]["runs"][0]["used"], true);

  // 130 m in 20 s is plausible (23 km/h) but twice the model's estimate: the factor is held at
  // its bound and says so.
  std::tie(st, out) = ctl({"set-run", id, "--distance-km", "0.130"});
  ASSERT_EQ(st, 0) << out;
  std::tie(st, out) = ctl({"shoes", "show", "1", "--json"});
  ASSERT_EQ(st, 0) << out;
  shown = nlohmann::json::parse(out);
  EXPECT_DOUBLE_EQ(shown["runner_factor"].get<double>(), 1.5) << out;
  EXPECT_EQ(shown["calibration"]["bounded"], true);
  EXPECT_GT(shown["calibration"]["unbounded_factor"].get<double>(), 1.8);
}

TEST_F(ShoesCliTest, AnImpossibleStoredDistanceIsQuarantinedNotLostAndTheFactorIsBounded) {
  ASSERT_EQ(ctl({"shoes", "add", "--brand", "Asics", "--model", "Novablast"}).first, 0);
  const auto bad = recorded_run(running_steps(20));
  const auto later = recorded_run(running_steps(600));  // 10 minutes
  {
    // As an older insolectl stored it, unchecked: 10 km for 20 s.
    auto db = store::open_for_editing(db_);
    store::ShoeStore(*db).set_run_distance(bad, 10000);
  }
  auto [st, out] = ctl({"shoes", "show", "1", "--json"});
  ASSERT_EQ(st, 0) << out;
  const auto shown = nlohmann::json::parse(out);
  // The 10 km do not calibrate the model (it was 169x) and do not count towards the shoe.
  EXPECT_DOUBLE_EQ(shown["runner_factor"].get<double>(), 1.0) << out;
  EXPECT_EQ(shown["calibration_runs"], 0);
  const auto& cal = shown["calibration"]["runs"];
  ASSERT_EQ(cal.size(), 1u) << out;
  EXPECT_EQ(cal[0]["run"], bad);
  EXPECT_EQ(cal[0]["used"], false);
  EXPECT_EQ(cal[0]["check"], "too_fast");
  EXPECT_NEAR(cal[0]["measured_km"].get<double>(), 10.0, 1e-9);  // kept, not lost
  EXPECT_EQ(shown["run_list"][0]["distance_quarantined"], true);
  EXPECT_EQ(shown["run_list"][0]["distance_measured"], false);
  // Uncalibrated model at 0.25 s contacts: 3.33 m/s for 20 s + 600 s of running.
  EXPECT_LT(shown["distance_km"].get<double>(), 3.0) << out;
  EXPECT_GT(shown["distance_km"].get<double>(), 1.5) << out;
  (void)later;
  std::tie(st, out) = ctl({"shoes", "show", "1"});
  ASSERT_EQ(st, 0) << out;
  std::printf("%s", out.c_str());
  EXPECT_NE(out.find("not used"), std::string::npos) << out;
  EXPECT_NE(out.find("set-run " + std::to_string(bad)), std::string::npos) << out;
}

TEST_F(ShoesCliTest, SomeoneElsesRunIsUnassignedAndARunDeletedWithItsFrames) {
  ASSERT_EQ(ctl({"shoes", "add", "--brand", "Asics", "--model", "Novablast"}).first, 0);
  std::int64_t mine = 0, theirs = 0, device = 0;
  {
    auto db = store::open_for_writing(db_);
    store::RunWriter w(*db);
    store::DeviceRecord d;
    d.serial_number = "SN-L";
    d.grid_id = "eu42-r1";
    d.sensel_count = 64;
    device = w.upsert_device(d);
    for (auto* run : {&mine, &theirs}) {
      *run = w.begin_run(200);  // both get the default shoe
      w.attach_device(*run, device, 'L');
      store::FrameBlockRecord b;
      b.device_id = device;
      b.frame_count = 200;
      b.codec = "zrice1";
      b.data.assign(512, 0xa5);
      w.append(*run, running_steps(30), std::vector<store::FrameBlockRecord>{b});
      w.finish(*run, "complete");
    }
  }
  // A friend's run: it no longer counts towards the runner's shoe.
  auto [st, out] = ctl({"shoes", "unassign", std::to_string(theirs)});
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("no longer counts towards shoe 1"), std::string::npos) << out;
  std::tie(st, out) = ctl({"runs", "--json"});
  ASSERT_EQ(st, 0) << out;
  auto runs = nlohmann::json::parse(out);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0]["shoe"], 1);
  EXPECT_TRUE(runs[1]["shoe"].is_null()) << out;
  std::tie(st, out) = ctl({"shoes", "list", "--json"});
  EXPECT_EQ(nlohmann::json::parse(out)[0]["runs"], 1) << out;

  // Deleted: the run, its steps and its raw-frame blocks; the other run keeps everything.
  std::tie(st, out) = ctl({"runs", "delete", std::to_string(theirs)});
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("deleted"), std::string::npos) << out;
  std::tie(st, out) = ctl({"runs", "--json"});
  runs = nlohmann::json::parse(out);
  ASSERT_EQ(runs.size(), 1u) << out;
  EXPECT_EQ(runs[0]["id"], mine);
  {
    auto db = store::open_for_reading(db_);
    store::RunReader r(*db);
    EXPECT_TRUE(r.steps(theirs).empty());
    EXPECT_TRUE(r.frame_blocks(theirs, device).empty());
    EXPECT_FALSE(r.steps(mine).empty());
    EXPECT_EQ(r.frame_blocks(mine, device).size(), 1u);
    store::Statement s = db->prepare("SELECT COUNT(*) FROM frame_blocks");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.column_int(0), 1);
  }
  std::tie(st, out) = ctl({"steps", std::to_string(theirs)});
  EXPECT_EQ(st, 1) << out;

  // Bad input: clear errors, nothing changed.
  std::tie(st, out) = ctl({"runs", "delete", std::to_string(theirs)});
  EXPECT_EQ(st, 1) << out;
  EXPECT_NE(out.find("no run " + std::to_string(theirs)), std::string::npos) << out;
  std::tie(st, out) = ctl({"runs", "delete", "abc"});
  EXPECT_EQ(st, 2) << out;
  std::tie(st, out) = ctl({"runs", "remove", "1"});
  EXPECT_EQ(st, 2) << out;
  std::tie(st, out) = ctl({"shoes", "unassign", "99"});
  EXPECT_EQ(st, 1) << out;
  EXPECT_NE(out.find("no run 99"), std::string::npos) << out;
}

TEST_F(ShoesCliTest, TheRunSummaryStatesTheShoesDistanceWearAndAFindingWhenWorn) {
  ASSERT_EQ(ctl({"shoes", "add", "--brand", "Asics", "--model", "Novablast"}).first, 0);
  // 12 runs of 15 minutes at 3.33 m/s (0.25 s contacts: 3 km each by the model), landing 2 %
  // harder each run (the same body weight from the impulses): a worn shoe by construction.
  std::int64_t last = 0;
  for (int run = 0; run < 12; ++run) {
    auto steps = running_steps(900);
    for (auto& st : steps) st.peak_force_n *= 1 + 0.02 * run;
    last = recorded_run(steps);
  }
  auto [st, out] = ctl({"summary", "last", "--json"});
  ASSERT_EQ(st, 0) << out;
  const auto j = nlohmann::json::parse(out);
  ASSERT_TRUE(j["shoe"].is_object()) << out;
  EXPECT_EQ(j["shoe"]["name"], "Asics Novablast");
  EXPECT_NEAR(j["shoe"]["distance_km"].get<double>(), 36, 2) << out;
  EXPECT_EQ(j["shoe"]["verdict"], "replace") << out;
  bool found = false;
  for (const auto& a : j["analysis"]["alerts"]) {
    if (a["code"] != "shoe_wear") continue;
    found = true;
    EXPECT_NE(a["finding"].get<std::string>().find("Asics Novablast"), std::string::npos);
    EXPECT_FALSE(a["advice"].get<std::string>().empty());
  }
  EXPECT_TRUE(found) << out;
  std::tie(st, out) = ctl({"summary", std::to_string(last)});
  ASSERT_EQ(st, 0) << out;
  std::printf("%s", out.c_str());
  EXPECT_NE(out.find("shoe Asics Novablast, 36 km in them: Replace these shoes"), std::string::npos)
      << out;
  EXPECT_NE(out.find("Replace them"), std::string::npos) << out;
  EXPECT_EQ(out.find("No findings"), std::string::npos) << out;

  // A run in no shoe says so; a shoe that is not worn has no finding.
  std::tie(st, out) = ctl({"shoes", "unassign", std::to_string(last)});
  ASSERT_EQ(st, 0) << out;
  std::tie(st, out) = ctl({"summary", std::to_string(last), "--json"});
  EXPECT_TRUE(nlohmann::json::parse(out)["shoe"].is_null()) << out;
  std::tie(st, out) = ctl({"summary", std::to_string(last)});
  EXPECT_NE(out.find("shoe: none assigned"), std::string::npos) << out;
}

TEST_F(ShoesCliTest, EveryRunShowsItsDistanceAndPaceAndWhereTheyCameFrom) {
  // Two 10-minute runs of 0.25 s contacts at 180 steps a minute.
  const auto first = recorded_run(running_steps(600));
  const auto second = recorded_run(running_steps(600));
  auto summary = [&](std::int64_t run) {
    auto [st, out] = ctl({"summary", std::to_string(run), "--json"});
    EXPECT_EQ(st, 0) << out;
    return nlohmann::json::parse(out)["distance"];
  };
  // Nothing measured: the model's estimate, said to be uncalibrated.
  auto d = summary(second);
  EXPECT_EQ(d["source"], "uncalibrated_model") << d;
  const double model_km = d["km"].get<double>();
  EXPECT_NEAR(d["moving_time_s"].get<double>(), 600, 1) << d;
  EXPECT_NEAR(d["pace_s_per_km"].get<double>(), 600 / model_km, 1e-6) << d;

  // The first run measured (2.1 km): it shows that distance and its pace, 600 s / 2.1 km; the
  // second is now the model calibrated by it, 2.1 / model_km times its estimate.
  ASSERT_EQ(ctl({"set-run", std::to_string(first), "--distance-km", "2.1"}).first, 0);
  d = summary(first);
  EXPECT_EQ(d["source"], "measured") << d;
  EXPECT_NEAR(d["km"].get<double>(), 2.1, 1e-9);
  EXPECT_NEAR(d["pace_s_per_km"].get<double>(), 600 / 2.1, 1) << d;
  d = summary(second);
  EXPECT_EQ(d["source"], "calibrated_model") << d;
  EXPECT_NEAR(d["km"].get<double>(), 2.1, 0.01) << d;  // the same running, so the same distance
  EXPECT_NEAR(d["runner_factor"].get<double>(), 2.1 / model_km, 1e-6) << d;

  auto [st, out] = ctl({"summary", std::to_string(first)});
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("distance 2.10 km, pace 4:46 /km over 10 min of running (measured"),
            std::string::npos)
      << out;
  std::tie(st, out) = ctl({"runs", "--json"});
  const auto runs = nlohmann::json::parse(out);
  EXPECT_EQ(runs[0]["distance"]["source"], "measured") << out;
  EXPECT_EQ(runs[1]["distance"]["source"], "calibrated_model") << out;
  std::tie(st, out) = ctl({"summary", std::to_string(second)});
  std::printf("%s\n", out.substr(0, out.find("\n\n")).c_str());
  EXPECT_NE(out.find("calibrated"), std::string::npos) << out;
}

TEST_F(ShoesCliTest, TrendsShowEachWeekAndReadTheLatestAgainstTheEarlierOnes) {
  store::open_for_writing(db_);  // an empty database: no runs yet
  auto [st, out] = ctl({"trends"});
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("no dated runs yet"), std::string::npos) << out;
  // Three weeks of 20-minute runs; in the third the right leg takes 10 % more of the load.
  const char* dates[] = {"2026-11-02T07:00:00.000Z", "2026-11-09T07:00:00.000Z",
                         "2026-11-16T07:00:00.000Z"};
  for (int week = 0; week < 3; ++week) {
    auto steps = running_steps(1200);
    if (week == 2)
      for (auto& s : steps)
        if (s.side == 'R') s.impulse_ns *= 1.1;
    const auto run = recorded_run(steps);
    auto db = store::open_for_writing(db_);
    store::RunWriter(*db).set_started_at(run, dates[week]);
  }
  std::tie(st, out) = ctl({"trends"});
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("2026-W45"), std::string::npos) << out;
  EXPECT_NE(out.find("2026-W47"), std::string::npos) << out;
  // The impulse SI of 2026-W47, one run: its own interval.
  EXPECT_NE(out.find("+9.5 (+9.5..+9.5)"), std::string::npos) << out;
  EXPECT_NE(out.find("Your right leg took 9.5 % more of the load"), std::string::npos) << out;
  EXPECT_NE(out.find("information only"), std::string::npos) << out;
  std::tie(st, out) = ctl({"trends", "--json"});
  ASSERT_EQ(st, 0) << out;
  const auto j = nlohmann::json::parse(out);
  ASSERT_EQ(j["weeks"].size(), 3u);
  EXPECT_EQ(j["weeks"][2]["week"], "2026-W47");
  EXPECT_EQ(j["weeks"][2]["late_run"]["judged"], 1);
  EXPECT_EQ(j["readings"][0]["factor"], "asymmetry");
  std::tie(st, out) = ctl({"trends", "extra"});
  EXPECT_NE(st, 0);
  EXPECT_NE(out.find("trends takes no arguments"), std::string::npos) << out;
}

TEST_F(ShoesCliTest, ARunTaggedWithItsSurfaceIsComparedWithRunsOnTheSame) {
  std::int64_t runs[3];
  const char* dates[] = {"2026-11-02T07:00:00.000Z", "2026-11-03T07:00:00.000Z",
                         "2026-11-10T07:00:00.000Z"};
  for (int i = 0; i < 3; ++i) {
    runs[i] = recorded_run(running_steps(600));
    auto db = store::open_for_writing(db_);
    store::RunWriter(*db).set_started_at(runs[i], dates[i]);
  }
  auto [st, out] = ctl({"set-run", std::to_string(runs[0]), "--surface", "track"});
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("surface track"), std::string::npos) << out;
  std::tie(st, out) = ctl({"set-run", std::to_string(runs[2]), "--surface", "track"});
  ASSERT_EQ(st, 0) << out;
  std::tie(st, out) = ctl({"set-run", std::to_string(runs[1]), "--surface", "grass"});
  EXPECT_EQ(st, 2) << out;
  EXPECT_NE(out.find("--surface must be road, track, trail, treadmill or none, not 'grass'"),
            std::string::npos)
      << out;
  std::tie(st, out) = ctl({"runs"});
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("(model, uncalibrated), on track"), std::string::npos) << out;
  std::tie(st, out) = ctl({"summary", std::to_string(runs[0])});
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("  surface  track"), std::string::npos) << out;
  std::tie(st, out) = ctl({"summary", std::to_string(runs[0]), "--json"});
  EXPECT_EQ(nlohmann::json::parse(out)["surface"], "track") << out;
  // Trends on the track only: the untagged run of 2026-W45 is left out, and said to be.
  std::tie(st, out) = ctl({"trends", "--surface", "track", "--json"});
  ASSERT_EQ(st, 0) << out;
  const auto j = nlohmann::json::parse(out);
  ASSERT_EQ(j["weeks"].size(), 2u) << j;
  EXPECT_EQ(j["weeks"][0]["runs"], 1);
  EXPECT_EQ(j["weeks"][0]["surfaces"]["track"], 1);
  EXPECT_EQ(j["other_surface_runs"], 1);
  EXPECT_EQ(j["surface"], "track");
  std::tie(st, out) = ctl({"trends"});
  EXPECT_NE(out.find("2026-W45     2"), std::string::npos) << out;
  std::tie(st, out) = ctl({"trends", "--surface", "sand"});
  EXPECT_EQ(st, 2) << out;
  // Cleared again.
  std::tie(st, out) = ctl({"set-run", std::to_string(runs[0]), "--surface", "none"});
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("surface cleared"), std::string::npos) << out;
}

}  // namespace
}  // namespace insole::testing
