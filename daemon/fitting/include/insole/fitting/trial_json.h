// TrialResult <-> JSON, the `result` of a trial in docs/web.md (shape in docs/fitting.md).
//
// Non-finite numbers are written as null and read back as NaN, so a result survives being
// stored as text and read back (the server keeps it in SQLite): parse(to_json(r)) gives r again
// (doubles are written in their shortest exact form). Keys are never removed; new ones may be
// added, and readers ignore keys they do not know.
#ifndef INSOLE_FITTING_TRIAL_JSON_H_
#define INSOLE_FITTING_TRIAL_JSON_H_

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "insole/fitting/trial_result.h"

namespace insole::fitting {

class TrialJsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

nlohmann::json trial_result_json(const TrialResult& result);
// Throws TrialJsonError naming the key that is missing or of the wrong type.
TrialResult parse_trial_result(const nlohmann::json& json);

}  // namespace insole::fitting

#endif  // INSOLE_FITTING_TRIAL_JSON_H_
