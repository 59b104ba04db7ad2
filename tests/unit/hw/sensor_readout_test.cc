#include "insole/hw/sim/sensor_readout.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace insole::hw::sim {
namespace {

constexpr std::size_t kN = 64;

std::vector<std::uint16_t> read_once(SensorReadout& readout, const std::vector<double>& f) {
  std::vector<std::uint16_t> counts(f.size());
  readout.read(f, counts);
  return counts;
}

TEST(SensorReadout, OffsetsLieInTheirRange) {
  const ReadoutParams params;
  for (std::uint64_t seed : {1u, 2u, 3u, 12345u}) {
    const SensorReadout readout(kN, params, seed);
    ASSERT_EQ(readout.offsets().size(), kN);
    for (std::uint16_t o : readout.offsets()) {
      EXPECT_GE(o, params.offset_min);
      EXPECT_LE(o, params.offset_max);
    }
  }
}

TEST(SensorReadout, EqualSeedsGiveEqualCountsAndOtherSeedsDiffer) {
  std::vector<double> f(kN);
  for (std::size_t i = 0; i < kN; ++i) f[i] = 3.0 * static_cast<double>(i);
  SensorReadout a(kN, ReadoutParams{}, 42);
  SensorReadout b(kN, ReadoutParams{}, 42);
  SensorReadout c(kN, ReadoutParams{}, 43);
  EXPECT_EQ(a.offsets(), b.offsets());
  EXPECT_NE(a.offsets(), c.offsets());
  bool any_difference = false;
  for (int frame = 0; frame < 20; ++frame) {
    const auto ca = read_once(a, f);
    EXPECT_EQ(ca, read_once(b, f)) << frame;
    any_difference = any_difference || ca != read_once(c, f);
  }
  EXPECT_TRUE(any_difference);
}

TEST(SensorReadout, NoiselessReadingIsOffsetPlusForceOverScale) {
  ReadoutParams params;
  params.noise_counts_rms = 0;
  SensorReadout readout(kN, params, 7);
  std::vector<double> f(kN);
  for (std::size_t i = 0; i < kN; ++i) f[i] = 5.0 * static_cast<double>(i) + 0.04;
  const auto counts = read_once(readout, f);
  for (std::size_t i = 0; i < kN; ++i) {
    EXPECT_EQ(counts[i], readout.offsets()[i] + 50 * i) << i;
  }
}

TEST(SensorReadout, NoiseHasTheConfiguredRms) {
  ReadoutParams params;
  params.noise_counts_rms = 3.0;  // wide enough that rounding barely matters
  SensorReadout readout(kN, params, 8);
  const std::vector<double> f(kN, 50.0);  // 500 counts above offset
  double sum = 0;
  double sum_sq = 0;
  int n = 0;
  for (int frame = 0; frame < 2000; ++frame) {
    const auto counts = read_once(readout, f);
    for (std::size_t i = 0; i < kN; ++i) {
      const double e = counts[i] - (readout.offsets()[i] + 500.0);
      sum += e;
      sum_sq += e * e;
      ++n;
    }
  }
  EXPECT_NEAR(sum / n, 0.0, 0.05);
  // Rounding adds a uniform error of variance 1/12.
  EXPECT_NEAR(std::sqrt(sum_sq / n), std::sqrt(9.0 + 1.0 / 12.0), 0.05);
}

TEST(SensorReadout, ClampsToTheAdcRange) {
  SensorReadout readout(kN, ReadoutParams{}, 9);
  EXPECT_EQ(readout.full_scale(), 4095);
  EXPECT_EQ(read_once(readout, std::vector<double>(kN, 1e6)), std::vector<std::uint16_t>(kN, 4095));
  EXPECT_EQ(read_once(readout, std::vector<double>(kN, 409.0)),
            std::vector<std::uint16_t>(kN, 4095));  // 4090 + offset >= 40 is over range
  EXPECT_EQ(read_once(readout, std::vector<double>(kN, -1e6)), std::vector<std::uint16_t>(kN, 0));

  ReadoutParams ten_bit;
  ten_bit.adc_bits = 10;
  SensorReadout small(kN, ten_bit, 9);
  EXPECT_EQ(small.full_scale(), 1023);
  EXPECT_EQ(read_once(small, std::vector<double>(kN, 1e6)), std::vector<std::uint16_t>(kN, 1023));
}

TEST(SensorReadout, RejectsBadParametersAndSizes) {
  const auto bad = [](auto change) {
    ReadoutParams p;
    change(p);
    EXPECT_THROW(SensorReadout(kN, p, 1), std::invalid_argument);
  };
  bad([](ReadoutParams& p) { p.newtons_per_count = 0; });
  bad([](ReadoutParams& p) { p.adc_bits = 0; });
  bad([](ReadoutParams& p) { p.adc_bits = 17; });
  bad([](ReadoutParams& p) { p.noise_counts_rms = -1; });
  bad([](ReadoutParams& p) { p.offset_min = 200; });
  bad([](ReadoutParams& p) { p.offset_max = 5000; });

  SensorReadout readout(kN, ReadoutParams{}, 1);
  std::vector<double> f(kN);
  std::vector<std::uint16_t> short_counts(kN - 1);
  EXPECT_THROW(readout.read(f, short_counts), std::invalid_argument);
  std::vector<std::uint16_t> counts(kN);
  f[5] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(readout.read(f, counts), std::invalid_argument);
}

}  // namespace
}  // namespace insole::hw::sim
