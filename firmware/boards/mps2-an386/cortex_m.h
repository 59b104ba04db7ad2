// The Cortex-M4 core as this board's code names it: the shared definitions
// (boards/cortex-m/cortex_m_core.h) in namespace insole::fw::mps2.
#ifndef INSOLE_FW_BOARDS_MPS2_CORTEX_M_H_
#define INSOLE_FW_BOARDS_MPS2_CORTEX_M_H_

#include "cortex_m_core.h"

namespace insole::fw::mps2 {
using namespace insole::fw::cortex_m;
}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_CORTEX_M_H_
