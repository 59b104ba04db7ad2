#include "insole/reports/training_load_words.h"

#include <cmath>
#include <string>
#include <vector>

#include "insole/analysis/training_load.h"
#include "insole/store/iso_time.h"

namespace insole::reports {
namespace {

struct Candidate {
  std::int64_t run_id;
  double km;
  bool measured;
};

std::string km_of(const Candidate& c) { return km_text(c.km) + (c.measured ? "" : " estimated"); }

}  // namespace

std::optional<store::AlertRecord> load_spike_finding(std::span<const DigestedRun> runs,
                                                     const RunnerCalibration& calibration,
                                                     std::int64_t run_id) {
  std::optional<analysis::DatedDistance> run;
  std::optional<Candidate> this_run;
  std::vector<analysis::DatedDistance> earlier;
  std::vector<Candidate> earlier_runs;
  for (const DigestedRun& r : runs) {
    if (!r.started_at) continue;  // a run of unknown date cannot be placed in a month
    const auto start = store::parse_iso_utc(*r.started_at);
    if (!start) continue;
    const RunDistance d = run_distance(&r.digest, calibration, r.run_id);
    if (d.source == "none" || !(d.distance_m > 0)) continue;
    const Candidate c{r.run_id, d.distance_m / 1000.0, d.source == "measured"};
    const analysis::DatedDistance dated{*start, c.km};
    if (r.run_id == run_id) {
      run = dated;
      this_run = c;
    } else {
      earlier.push_back(dated);
      earlier_runs.push_back(c);
    }
  }
  if (!run) return std::nullopt;
  const auto spike = analysis::load_spike(*run, earlier);
  if (!spike) return std::nullopt;
  const Candidate& longest = earlier_runs[spike->longest_index];
  const long percent = std::lround(spike->increase * 100.0);
  store::AlertRecord a;
  a.code = "load_spike";
  a.metric = "distance_km";
  a.finding = "This run (" + km_of(*this_run) + ") was " + std::to_string(percent) +
              " % longer than your longest run in the 30 days before it (" + km_of(longest) +
              ", run " + std::to_string(longest.run_id) + ").";
  if (!this_run->measured || !longest.measured)
    a.finding +=
        " Estimated distances can be 10-20 % off: set measured ones with insolectl "
        "set-run RUN --distance-km KM.";
  a.advice = std::string(
                 "Runs more than 10 % longer than the longest of the previous 30 days were "
                 "followed by more running injuries in 5,205 runners (Frandsen et al. 2025: ") +
             (spike->band == analysis::SpikeBand::kOver100
                  ? "2.28 times the injury rate for runs over twice as long"
                  : "1.64 times the injury rate for runs 10-30 % longer, 2.28 times for runs over "
                    "twice as long") +
             "). Progress slowly: let your longest run grow by at most 10 % at a time.";
  return a;
}

}  // namespace insole::reports
