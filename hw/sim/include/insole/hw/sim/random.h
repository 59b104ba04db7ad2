// Seeded random numbers for the simulator whose sequence is defined by insole's own code.
//
// The engine is std::mt19937_64, whose output for a seed is fixed by the C++ standard. The
// distributions in <random> are not (std::normal_distribution, std::uniform_int_distribution
// differ between libstdc++, libc++ and MSVC), so the transforms below are ours: the same seed
// gives the same uniforms and integers with any standard library, and the same normals up to the
// last bit of libm's log/cos/sin. Simulated recordings therefore stay reproducible.
#ifndef INSOLE_HW_SIM_RANDOM_H_
#define INSOLE_HW_SIM_RANDOM_H_

#include <cstdint>
#include <random>

namespace insole::hw::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  // Next raw 64-bit output of mt19937_64.
  std::uint64_t next_u64();

  // Uniform on [0, 1): the top 53 bits of one raw output, times 2^-53.
  double uniform();

  // Uniform integer in [lo, hi] (lo <= hi), unbiased: raw outputs are rejected above the largest
  // multiple of the range. Consumes one raw output almost always.
  std::uint64_t uniform_int(std::uint64_t lo, std::uint64_t hi);

  // Standard normal (mean 0, sd 1) by the Box-Muller transform: two uniforms u1, u2 give
  // r = sqrt(-2 ln(1 - u1)), z0 = r cos(2 pi u2), z1 = r sin(2 pi u2); z0 is returned and z1 is
  // kept for the next call.
  double normal();

 private:
  std::mt19937_64 engine_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_RANDOM_H_
