#include "insole/fw/zero_calibration.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace insole::fw {
namespace {

constexpr size_t kN = 8;

TEST(ZeroCalibration, CapturesOffsetsThenSubtracts) {
  ZeroCalibration z;
  z.restart(kN);
  std::vector<uint16_t> raw(kN), out(kN);
  for (size_t i = 0; i < kN; ++i) raw[i] = static_cast<uint16_t>(100 + i);
  for (int f = 0; f < ZeroCalibration::kCaptureFrames; ++f) {
    EXPECT_TRUE(z.apply(raw.data(), out.data()));
    EXPECT_EQ(out[0], 0);
  }
  EXPECT_FALSE(z.capturing());
  for (size_t i = 0; i < kN; ++i) EXPECT_EQ(z.offset(i), 100 + i);
  raw[3] = 103 + 500;  // 50 N on sensel 3
  EXPECT_FALSE(z.apply(raw.data(), out.data()));
  EXPECT_EQ(out[3], 500);
  EXPECT_EQ(out[2], 0);
}

TEST(ZeroCalibration, BelowOffsetClampsToZero) {
  ZeroCalibration z;
  z.restart(kN);
  std::vector<uint16_t> raw(kN, 200), out(kN);
  for (int f = 0; f < ZeroCalibration::kCaptureFrames; ++f) z.apply(raw.data(), out.data());
  raw.assign(kN, 150);
  z.apply(raw.data(), out.data());
  for (uint16_t v : out) EXPECT_EQ(v, 0);
}

TEST(ZeroCalibration, CaptureUnderLoadIsCorrectedDuringSwing) {
  ZeroCalibration z;
  z.restart(kN);
  std::vector<uint16_t> loaded(kN, 900), unloaded(kN, 100), out(kN);
  for (int f = 0; f < ZeroCalibration::kCaptureFrames; ++f) z.apply(loaded.data(), out.data());
  EXPECT_EQ(z.offset(0), 900);
  for (int f = 0; f < 200; ++f) z.apply(unloaded.data(), out.data());  // foot in the air
  EXPECT_NEAR(z.offset(0), 100, 2);
  EXPECT_FALSE(z.apply(loaded.data(), out.data()));
  EXPECT_NEAR(out[0], 800, 2);
}

TEST(ZeroCalibration, SlowDriftIsTrackedButLoadIsNot) {
  ZeroCalibration z;
  z.restart(kN);
  std::vector<uint16_t> raw(kN, 100), out(kN);
  for (int f = 0; f < ZeroCalibration::kCaptureFrames; ++f) z.apply(raw.data(), out.data());
  // Drift of +10 counts while unloaded is followed.
  raw.assign(kN, 110);
  for (int f = 0; f < 200; ++f) z.apply(raw.data(), out.data());
  EXPECT_NEAR(z.offset(0), 110, 1);
  // A load on one sensel small enough to keep the total "quiet" is not absorbed as drift.
  raw[0] = 110 + 150;
  for (int f = 0; f < 200; ++f) z.apply(raw.data(), out.data());
  EXPECT_NEAR(z.offset(0), 110, 1);
  EXPECT_NEAR(out[0], 150, 1);
}

TEST(ZeroCalibration, GainScalesCorrectedCounts) {
  ZeroCalibration z;
  z.restart(kN);
  z.set_gain_q12(1, 2048);  // 0.5
  std::vector<uint16_t> raw(kN, 50), out(kN);
  for (int f = 0; f < ZeroCalibration::kCaptureFrames; ++f) z.apply(raw.data(), out.data());
  raw[1] = 50 + 1000;
  z.apply(raw.data(), out.data());
  EXPECT_EQ(out[1], 500);
}

}  // namespace
}  // namespace insole::fw
