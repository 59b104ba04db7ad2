// Headline figures of a validation run and their check against an expected-figures file (the
// CI gate of docs/accuracy.md, section 5). Pure: JSON text in and out, no files.
//
// File format: {"about": "...", "figures": {"<key>": {"value": <number|null>,
// "better": "higher"|"lower", "margin": <number>}}}. A figure regresses when it is worse than
// its expected value by more than the margin, is not finite, or is missing from the run.
// Expected values of null (not measurable when the file was written) are not checked; keys
// starting with `skip_prefix` are skipped when the run measured none of them (a dataset absent).
#ifndef INSOLE_HW_VALIDATION_EXPECTED_FIGURES_H_
#define INSOLE_HW_VALIDATION_EXPECTED_FIGURES_H_

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace insole::hw::validation {

struct Figure {
  double value = 0;
  bool higher_better = true;
  double margin = 0;
};
using Figures = std::map<std::string, Figure>;

struct FigureCheck {
  enum class Verdict { kOk, kRegressed, kMissing, kSkipped, kNotChecked };
  std::string key;
  double expected = 0, measured = 0, margin = 0;
  Verdict verdict = Verdict::kOk;
};

class ExpectedFiguresError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

std::string expected_figures_json(const Figures& figures, std::string_view about);

// Throws ExpectedFiguresError when the text is not such a file.
std::vector<FigureCheck> check_figures(std::string_view expected_json, const Figures& measured,
                                       std::string_view skip_prefix);

bool regressed(const std::vector<FigureCheck>& checks);

}  // namespace insole::hw::validation

#endif  // INSOLE_HW_VALIDATION_EXPECTED_FIGURES_H_
