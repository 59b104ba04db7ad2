// The RBDS reader, stance truth and replay (hw/validation/rbds.h), on small files written here
// and on the real files when the shared datasets folder is present.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>

#include "insole/hw/validation/rbds.h"

namespace v = insole::hw::validation;
namespace fs = std::filesystem;

namespace {

class RbdsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rbds_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& text) {
    const auto p = (dir_ / "forces.txt").string();
    std::ofstream(p) << text;
    return p;
  }
  std::string error_of(const std::string& text) {
    const auto p = write(text);
    try {
      v::read_rbds_forces(p);
    } catch (const v::RbdsError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

constexpr const char* kHeader = "Time\tFx\tFy\tFz\tCOPx\tCOPy\tCOPz\tTy\n";

std::string row(int frame, double fy, double copx = 2000) {
  return std::to_string(frame) + "\t0\t" + std::to_string(fy) + "\t0\t" + std::to_string(copx) +
         "\t0\t1000\t0\n";
}

// Flight (baseline b) then a triangle stance rising 0 -> peak over `ramp` frames and back.
std::string synthetic(double b, int stances) {
  std::string s = kHeader;
  int frame = 1;
  for (int k = 0; k < stances; ++k) {
    for (int i = 0; i < 30; ++i) s += row(frame++, b);
    for (int i = 1; i <= 40; ++i) s += row(frame++, b + 1000.0 * i / 40);
    for (int i = 39; i >= 1; --i) s += row(frame++, b + 1000.0 * i / 40);
  }
  for (int i = 0; i < 30; ++i) s += row(frame++, b);
  return s;
}

}  // namespace

TEST_F(RbdsFile, ErrorsNameTheFileAndLine) {
  const std::string p = (dir_ / "forces.txt").string();
  EXPECT_EQ(error_of(""), p + ":1: empty file: expected a header row");
  EXPECT_NE(error_of("Time\tFx\tFz\n1\t2\t3\n").find(p + ":1: header must name"),
            std::string::npos);
  EXPECT_EQ(error_of(std::string(kHeader) + row(1, 5) + "2\t0\t5\t0\n"),
            p + ":3: expected 8 tab-separated fields, found 4");
  EXPECT_EQ(error_of(std::string(kHeader) + row(1, 5) + "2\t0\tabc\t0\t1\t0\t1\t0\n"),
            p + ":3: column Fy: not a number: 'abc'");
  EXPECT_EQ(error_of(std::string(kHeader) + row(1, 5) + row(3, 5)),
            p + ":3: frame index 3 where 2 was expected");
  EXPECT_EQ(error_of(std::string(kHeader) + row(1, 5)), p + ":2: fewer than 2 frames");
  EXPECT_NE(error_of(std::string(kHeader) + row(1, 5) + row(2, -3))
                .find(p + ":3: column Fy averages 1.0"),
            std::string::npos);
  try {
    v::read_rbds_forces((dir_ / "absent.txt").string());
    ADD_FAILURE() << "no error for a missing file";
  } catch (const v::RbdsError& e) {
    EXPECT_EQ(std::string(e.what()), (dir_ / "absent.txt").string() + ": cannot open");
  }
}

TEST_F(RbdsFile, TruthIsTheInterpolatedCrossingOfTheBaselineCorrectedForce) {
  for (const double baseline : {0.0, 20.0}) {
    const auto rec = v::read_rbds_forces(write(synthetic(baseline, 3)));
    EXPECT_EQ(rec.samples.size(), 3u * 109 + 30);
    EXPECT_NEAR(v::flight_baseline_n(rec), baseline, 1e-9);
    const auto stances = v::rbds_stances(rec, v::flight_baseline_n(rec));
    ASSERT_EQ(stances.size(), 3u);
    for (std::size_t k = 0; k < 3; ++k) {
      // Stance k's ramp leaves the baseline at frame index 29 + 109 k (0-based) and gains 25 N
      // per frame: 20 N is crossed 0.8 frame later; it falls symmetrically.
      const double start = 29.0 + 109.0 * static_cast<double>(k);
      EXPECT_NEAR(stances[k].contact_s, (start + 0.8) / 300, 1e-9);
      EXPECT_NEAR(stances[k].toe_off_s, (start + 80 - 0.8) / 300, 1e-9);
      EXPECT_EQ(stances[k].side,
                k % 2 == 0 ? insole::analysis::Side::kLeft : insole::analysis::Side::kRight);
    }
  }
}

TEST_F(RbdsFile, StancesCutByTheFileAreLeftOut) {
  // Already loaded at the first frame, one whole stance, still loaded at the last frame.
  int frame = 1;
  std::string text = kHeader;
  for (int i = 40; i >= 1; --i) text += row(frame++, 1000.0 * i / 40);
  for (int i = 0; i < 30; ++i) text += row(frame++, 0);
  for (int i = 1; i <= 40; ++i) text += row(frame++, 1000.0 * i / 40);
  for (int i = 39; i >= 1; --i) text += row(frame++, 1000.0 * i / 40);
  for (int i = 0; i < 30; ++i) text += row(frame++, 0);
  for (int i = 1; i <= 40; ++i) text += row(frame++, 1000.0 * i / 40);  // loaded at the end
  const auto rec = v::read_rbds_forces(write(text));
  EXPECT_EQ(v::rbds_stances(rec, 0).size(), 1u);
}

TEST_F(RbdsFile, ReplayConservesForceOnTheStanceFootAndSamplesAtTheRate) {
  const auto rec = v::read_rbds_forces(write(synthetic(20, 4)));
  const double baseline = v::flight_baseline_n(rec);
  const auto stances = v::rbds_stances(rec, baseline);
  const auto grid = v::make_grid(v::GridKind::kMatrix64, 270);
  v::SensorArtefacts ideal;
  ideal.rate_hz = 100;
  std::size_t frames = 0;
  double left_sum = 0;
  v::replay_rbds(rec, baseline, stances, grid, ideal, 2.5, 1,
                 [&](insole::analysis::Side side, double t, std::span<const float> f) {
                   ++frames;
                   const double sum = std::accumulate(f.begin(), f.end(), 0.0);
                   if (side == insole::analysis::Side::kLeft) {
                     left_sum = sum;
                     return;
                   }
                   // Both feet together read the plate's force (interpolated, baseline off).
                   const double x = t * 300;
                   const auto i = static_cast<std::size_t>(x);
                   const std::size_t j = std::min(i + 1, rec.samples.size() - 1);
                   const double w = x - static_cast<double>(i);
                   const double plate = (1 - w) * rec.samples[i].vertical_n +
                                        w * rec.samples[j].vertical_n - baseline;
                   EXPECT_NEAR(left_sum + sum, std::max(0.0, plate), 1e-3 * plate + 1e-3) << t;
                   // Running: never both feet loaded.
                   EXPECT_TRUE(left_sum < 1e-6 || sum < 1e-6) << t;
                 });
  const double seconds = static_cast<double>(rec.samples.size() - 1) / 300;
  EXPECT_NEAR(static_cast<double>(frames), 2 * (std::floor(seconds * 100) + 1), 1);
}

TEST(RbdsRealFiles, StancesAndBaselinesOfTheStoredFiles) {
  const std::string dir = std::string(INSOLE_DATASETS_DIR) + "/rbds-running-grf/data";
  if (std::string(INSOLE_DATASETS_DIR).empty() || !fs::exists(dir))
    GTEST_SKIP() << "no RBDS files at " << dir << " (configure with -DINSOLE_DATASETS_DIR=...)";
  const auto clipped = v::read_rbds_forces(dir + "/RBDS001runT25forces.txt");
  const auto raw = v::read_rbds_forces(dir + "/RBDS0041runT252forces.txt");
  EXPECT_EQ(clipped.samples.size(), 9000u);
  EXPECT_EQ(raw.samples.size(), 9000u);
  EXPECT_NEAR(v::flight_baseline_n(clipped), 0.0, 0.5);  // clipped at 0 in flight
  EXPECT_NEAR(v::flight_baseline_n(raw), 20.0, 5.0);     // raw export: ~20 N offset
  // 30 s at ~157 steps/min: 77-79 whole stances, contact 0.2-0.35 s, alternating feet.
  for (const auto* rec : {&clipped, &raw}) {
    const auto stances = v::rbds_stances(*rec, v::flight_baseline_n(*rec));
    EXPECT_GE(stances.size(), 76u);
    EXPECT_LE(stances.size(), 79u);
    for (std::size_t k = 0; k < stances.size(); ++k) {
      EXPECT_GT(stances[k].toe_off_s - stances[k].contact_s, 0.2);
      EXPECT_LT(stances[k].toe_off_s - stances[k].contact_s, 0.35);
      if (k > 0) {
        EXPECT_NE(stances[k].side, stances[k - 1].side);
      }
    }
  }
}
