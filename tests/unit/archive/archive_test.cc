#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "insole/archive/frame_block.h"
#include "insole/fw/zero_calibration.h"
#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/gait_simulator.h"
#include "insole/hw/sim/sensor_readout.h"

namespace insole::archive {
namespace {

TEST(FrameBlock, RandomBlocksRoundTripBitExact) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 50; ++trial) {
    FrameBlock b;
    b.sensel_count = 1 + static_cast<std::uint32_t>(rng() % 128);
    const std::size_t frames = rng() % 300;
    std::uint32_t seq = static_cast<std::uint32_t>(rng());  // may wrap inside the block
    std::uint64_t t = rng() % 1000000000;
    std::vector<std::uint16_t> f(b.sensel_count);
    for (std::size_t i = 0; i < frames; ++i) {
      seq += 1 + static_cast<std::uint32_t>(rng() % 3 == 0 ? rng() % 5 : 0);  // gaps too
      t += 4000 + rng() % 2000;
      for (auto& v : f) v = static_cast<std::uint16_t>(rng() % 4096);
      b.append(seq, t, f);
    }
    const auto blob = encode(b);
    EXPECT_EQ(decode(blob), b) << "trial " << trial;
  }
}

TEST(FrameBlock, CorruptBlobsAreRejectedNotMisread) {
  FrameBlock b;
  b.sensel_count = 4;
  const std::uint16_t f[4] = {1, 2, 3, 4};
  for (std::uint32_t i = 0; i < 10; ++i) b.append(i, i * 5000, f);
  auto blob = encode(b);
  EXPECT_THROW(decode(std::span<const std::uint8_t>(blob.data(), blob.size() / 2)), ArchiveError);
  std::vector<std::uint8_t> junk(40, 0x5a);
  EXPECT_THROW(decode(junk), ArchiveError);
  EXPECT_THROW(decode({}), ArchiveError);
}

// The reader takes bits through a 64-bit window: a blob cut anywhere is still refused, and a
// flipped bit is refused or read as some block, never past the end.
TEST(FrameBlock, EveryCutBlobIsRefusedAndFlippedBitsStayInside) {
  std::mt19937_64 rng(5);
  FrameBlock b;
  b.sensel_count = 16;
  std::vector<std::uint16_t> f(b.sensel_count);
  for (std::uint32_t i = 0; i < 120; ++i) {
    for (auto& v : f) v = static_cast<std::uint16_t>(rng() % 3 == 0 ? 0 : rng() % 4096);
    b.append(i, 5000ull * i, f);
  }
  const auto blob = encode(b);
  ASSERT_EQ(decode(blob), b);
  for (std::size_t n = 0; n < blob.size(); ++n)
    EXPECT_THROW(decode(std::span<const std::uint8_t>(blob.data(), n)), ArchiveError) << n;
  for (std::size_t bit = 0; bit < blob.size() * 8; bit += 7) {
    auto flipped = blob;
    flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    try {
      const FrameBlock d = decode(flipped);
      EXPECT_EQ(d.counts.size(), d.frames() * d.sensel_count);
    } catch (const ArchiveError&) {
    }
  }
}

TEST(FrameBlock, SimulatedRunIsAtLeastSixTimesSmallerThan16BitSamples) {
  // 60 s of a runner at 200 Hz through the read-out, offsets removed by the firmware's own
  // ZeroCalibration (noise gate included), in one-second blocks as insoled stores them.
  const auto layout = hw::layout_for_eu_size(42);
  hw::sim::Scenario sc;
  sc.seed = 11;
  hw::sim::GaitSimulator sim(sc, layout);
  hw::sim::SensorReadout readout(layout.sensels.size(), {}, 5);
  const std::size_t n = layout.sensels.size();
  std::vector<double> l(n), r(n);
  std::vector<std::uint16_t> raw(n), corrected(n);
  fw::ZeroCalibration zero;
  zero.restart(n);
  FrameBlock block;
  block.sensel_count = static_cast<std::uint32_t>(n);
  std::size_t compressed = 0, frames = 0;
  for (std::uint64_t i = 0; i < 60 * 200; ++i) {
    sim.frame(i, l, r);
    readout.read(l, raw);
    zero.apply(raw.data(), corrected.data());
    block.append(static_cast<std::uint32_t>(i), i * 5000, corrected);
    if (block.frames() == 200) {
      const auto blob = encode(block);
      ASSERT_EQ(decode(blob), block);
      compressed += blob.size();
      frames += block.frames();
      block.clear();
    }
  }
  const double ratio = static_cast<double>(frames * n * 2) / static_cast<double>(compressed);
  RecordProperty("compression_ratio", std::to_string(ratio));
  EXPECT_GE(ratio, 6.0) << compressed << " bytes for " << frames << " frames";
}

}  // namespace
}  // namespace insole::archive
