// The STM32F411's clock tree for insole-r1: SYSCLK 84 MHz from the PLL on the 25 MHz HSE
// crystal, 48 MHz for OTG_FS from the same PLL. The parameters are checked at compile time
// against RM0383 6.3.2's ranges; start_clock_tree() is the register sequence.
#ifndef INSOLE_FW_BOARDS_R1_CLOCK_TREE_H_
#define INSOLE_FW_BOARDS_R1_CLOCK_TREE_H_

#include <stdint.h>

namespace insole::fw::r1 {

struct PllConfig {
  uint32_t hse_hz, m, n, p, q;
  constexpr uint32_t vco_in_hz() const { return hse_hz / m; }
  constexpr uint32_t vco_out_hz() const { return vco_in_hz() * n; }
  constexpr uint32_t sysclk_hz() const { return vco_out_hz() / p; }
  constexpr uint32_t usb_hz() const { return vco_out_hz() / q; }
  // PLLCFGR fields (RM0383 6.3.2): PLLP is encoded as p / 2 - 1.
  constexpr uint32_t pllcfgr() const { return m | n << 6 | (p / 2 - 1) << 16 | q << 24; }
};

inline constexpr PllConfig kPll{25000000, 25, 336, 4, 7};
static_assert(kPll.vco_in_hz() >= 1000000 && kPll.vco_in_hz() <= 2000000, "VCO input 1-2 MHz");
static_assert(kPll.vco_out_hz() >= 100000000 && kPll.vco_out_hz() <= 432000000, "VCO 100-432 MHz");
static_assert(kPll.sysclk_hz() == 84000000, "the cycle budget assumes 84 MHz");
static_assert(kPll.usb_hz() == 48000000, "OTG_FS needs exactly 48 MHz");
static_assert(kPll.n >= 50 && kPll.n <= 432 && kPll.m >= 2 && kPll.m <= 63 && kPll.q >= 2 &&
                  kPll.q <= 15,
              "PLL fields in range");

inline constexpr uint32_t kSysclkHz = kPll.sysclk_hz();
inline constexpr uint32_t kFlashWaitStates = 2;  // RM0383 table 6: 64 < HCLK <= 90 MHz, 2.7-3.6 V

// HSE on, PLL locked, flash wait states and caches, APB1 = 42 MHz, APB2 = 84 MHz, switch to the
// PLL. Returns false (still on the 16 MHz HSI) when the crystal or the PLL does not start.
bool start_clock_tree();

}  // namespace insole::fw::r1

#endif  // INSOLE_FW_BOARDS_R1_CLOCK_TREE_H_
