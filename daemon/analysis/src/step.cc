#include "insole/analysis/step.h"

namespace insole::analysis {

std::string_view name(Side side) { return side == Side::kLeft ? "L" : "R"; }

std::string_view name(Strike strike) {
  switch (strike) {
    case Strike::kRearfoot:
      return "rearfoot";
    case Strike::kMidfoot:
      return "midfoot";
    case Strike::kForefoot:
      return "forefoot";
  }
  return "?";
}

std::string_view name(Pronation pronation) {
  switch (pronation) {
    case Pronation::kUnder:
      return "under";
    case Pronation::kNeutral:
      return "neutral";
    case Pronation::kOver:
      return "over";
  }
  return "?";
}

Strike classify_strike(double strike_index) {
  if (strike_index < 1.0 / 3.0) return Strike::kRearfoot;
  if (strike_index > 2.0 / 3.0) return Strike::kForefoot;
  return Strike::kMidfoot;
}

}  // namespace insole::analysis
