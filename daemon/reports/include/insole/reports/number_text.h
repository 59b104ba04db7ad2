// Numbers in the words a runner reads (pure): one formatting for every report.
#ifndef INSOLE_REPORTS_NUMBER_TEXT_H_
#define INSOLE_REPORTS_NUMBER_TEXT_H_

#include <string>

namespace insole::reports {

// `v` with `decimals` decimals ("4.0"); "-" when it is not a finite number.
std::string fixed(double v, int decimals);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_NUMBER_TEXT_H_
