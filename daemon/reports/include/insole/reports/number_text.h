// Numbers in the words a runner reads (pure): one formatting for every report.
#ifndef INSOLE_REPORTS_NUMBER_TEXT_H_
#define INSOLE_REPORTS_NUMBER_TEXT_H_

#include <string>

namespace insole::reports {

// `v` with `decimals` decimals ("4.0"); "-" when it is not a finite number.
std::string fixed(double v, int decimals);
// A pace from a speed in m/s: "5:03 /km"; "-" when the speed is not positive.
std::string pace_text(double speed_mps);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_NUMBER_TEXT_H_
