#include "insole/hw/sim/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace insole::hw::sim {
namespace {

TEST(Rng, RawStreamIsTheStandardMt19937_64) {
  // The C++ standard fixes the 10000th output of a default-seeded mt19937_64.
  Rng rng(5489u);
  std::uint64_t value = 0;
  for (int i = 0; i < 10000; ++i) value = rng.next_u64();
  EXPECT_EQ(value, 9981545732273789042ull);
}

TEST(Rng, UniformIsTheTop53Bits) {
  Rng a(7);
  Rng b(7);
  for (int i = 0; i < 100; ++i) {
    const double u = a.uniform();
    EXPECT_EQ(u, static_cast<double>(b.next_u64() >> 11) / 9007199254740992.0);
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
}

TEST(Rng, UniformIntCoversItsClosedRange) {
  Rng rng(11);
  int seen[121] = {};
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t v = rng.uniform_int(40, 160);
    ASSERT_GE(v, 40u);
    ASSERT_LE(v, 160u);
    ++seen[v - 40];
  }
  for (int count : seen) {
    EXPECT_GT(count, 600);  // expected ~826 each
    EXPECT_LT(count, 1060);
  }
  EXPECT_EQ(rng.uniform_int(5, 5), 5u);
}

TEST(Rng, NormalHasUnitMomentsAndIsReproducible) {
  Rng rng(2024);
  constexpr int kN = 200000;
  double sum = 0;
  double sum_sq = 0;
  for (int i = 0; i < kN; ++i) {
    const double z = rng.normal();
    sum += z;
    sum_sq += z * z;
  }
  EXPECT_NEAR(sum / kN, 0.0, 0.01);
  EXPECT_NEAR(std::sqrt(sum_sq / kN), 1.0, 0.01);

  Rng a(99);
  Rng b(99);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.normal(), b.normal());
}

TEST(Rng, NormalFollowsTheDocumentedBoxMuller) {
  Rng rng(3);
  Rng raw(3);
  for (int i = 0; i < 50; ++i) {
    const double u1 = raw.uniform();
    const double u2 = raw.uniform();
    const double r = std::sqrt(-2.0 * std::log(1.0 - u1));
    const double angle = 2.0 * 3.14159265358979323846 * u2;
    EXPECT_DOUBLE_EQ(rng.normal(), r * std::cos(angle));
    EXPECT_DOUBLE_EQ(rng.normal(), r * std::sin(angle));
  }
}

}  // namespace
}  // namespace insole::hw::sim
