// A stored run as a FIT activity (insole/fit/activity_file.h): its steps, the figures its report
// gives (cadence, flat landings, impulse asymmetry, strike and pronation per foot), its distance
// (FIT's own only when measured; else the estimate as a developer field) and its shoe.
#ifndef INSOLE_REPORTS_FIT_ACTIVITY_H_
#define INSOLE_REPORTS_FIT_ACTIVITY_H_

#include <cstdint>
#include <optional>
#include <stdexcept>

#include "insole/fit/activity_file.h"
#include "insole/store/sqlite.h"

namespace insole::reports {

// A run that cannot be a FIT file, with why (still recording, date unknown, no steps).
class FitExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// nullopt for an unknown run; throws FitExportError for a run that cannot be written.
std::optional<fit::Activity> fit_activity(store::Connection& db, std::int64_t run_id);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_FIT_ACTIVITY_H_
