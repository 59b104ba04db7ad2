// A shoe as the wear model sees it (docs/shoe-wear.md): its runs in order, the distance each
// added, and the cushioning assessment; read from the database, shared by `insolectl shoes` and
// the web dashboard.
#ifndef INSOLE_REPORTS_SHOE_WEAR_H_
#define INSOLE_REPORTS_SHOE_WEAR_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

#include "insole/store/run_reader.h"
#include "insole/store/shoes.h"
#include "insole/wear/distance.h"
#include "insole/wear/wear_model.h"

namespace insole::reports {

// The wear model's view of a shoe: its runs, distances and the assessment.
struct ShoeRun {
  store::ShoeRunRecord record;
  wear::RunLoad load;
  double shoe_km_at_middle = 0;
};
struct ShoeWear {
  double runner_factor = 1;
  std::size_t calibration_runs = 0;
  std::vector<ShoeRun> runs;
  double distance_km = 0;
  wear::WearAssessment assessment;
};

// The runner's calibration from every run with a measured distance (any shoe); *used (if given)
// gets the number of runs it used.
wear::SpeedModel calibrated_model(store::ShoeStore& shoes, store::RunReader& reader,
                                  std::size_t* used);
// Runs still recording are left out (counted once they end).
ShoeWear shoe_wear(store::Connection& db, const store::ShoeRecord& shoe,
                   const wear::SpeedModel& model);

nlohmann::json shoe_json(const store::ShoeRecord& shoe, double distance_km);
nlohmann::json trend_json(const wear::MetricTrend& trend);

// Every shoe with its wear assessment and per-run points for a chart (docs/web.md /api/shoes).
nlohmann::json shoes_json(store::Connection& db);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_SHOE_WEAR_H_
