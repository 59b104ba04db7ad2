#include "clock_tree.h"

#include "stm32f411.h"

namespace insole::fw::r1 {
namespace {

// Polls a flag a bounded number of times: HSE start-up is ~2 ms typical (DS10314 6.3.8), and
// the loop runs at the 16 MHz HSI, so 1e6 polls are far more than enough.
bool wait_set(uintptr_t address, uint32_t mask, uint32_t value) {
  for (uint32_t i = 0; i < 1000000; ++i) {
    if ((reg32(address) & mask) == value) return true;
  }
  return false;
}

}  // namespace

bool start_clock_tree() {
  reg32(kRccApb1Enr) |= kApb1Pwr;
  reg32(kPwrCr) |= kPwrCrVosScale1;
  reg32(kRccCr) |= kRccCrHseOn;
  if (!wait_set(kRccCr, kRccCrHseRdy, kRccCrHseRdy)) return false;
  reg32(kRccPllCfgr) = kPll.pllcfgr() | kRccPllSrcHse;
  reg32(kRccCr) |= kRccCrPllOn;
  if (!wait_set(kRccCr, kRccCrPllRdy, kRccCrPllRdy)) return false;
  // More wait states before the faster clock, never after (RM0383 3.4.1).
  reg32(kFlashAcr) = kFlashWaitStates | kFlashAcrPrefetch | kFlashAcrICache | kFlashAcrDCache;
  if (!wait_set(kFlashAcr, 0xFu, kFlashWaitStates)) return false;
  reg32(kRccCfgr) = kRccCfgrPpre1Div2 | kRccCfgrSwPll;  // AHB /1, APB1 /2, APB2 /1
  return wait_set(kRccCfgr, kRccCfgrSwsMask, kRccCfgrSwsPll);
}

}  // namespace insole::fw::r1
