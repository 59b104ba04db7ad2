// Findings a runner should hear about, each tied to its risk factor and said in plain words.
#ifndef INSOLE_ANALYSIS_ALERTS_H_
#define INSOLE_ANALYSIS_ALERTS_H_

#include <string>

namespace insole::analysis {

struct Alert {
  std::string code;     // "flat_landing" | "overpronation" | "imbalance"
  std::string side;     // "L" | "R" | "" (both feet, or between them)
  std::string metric;   // imbalance: the flagged metrics, comma-separated; otherwise ""
  std::string finding;  // what was measured, in numbers
  std::string advice;   // what to change, in plain words
};

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_ALERTS_H_
