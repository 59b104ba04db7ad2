#include "insole/run/stored_run_analysis.h"

#include <stdexcept>
#include <string>

#include "insole/analysis/gait_analyzer.h"
#include "insole/reports/alert_words.h"
#include "insole/run/grid_layouts.h"
#include "insole/run/run_frames.h"
#include "insole/store/step_rows.h"

namespace insole::run {

StoredRunAnalysis analyse_stored_run(store::RunReader& reader, std::int64_t run_id) {
  RunFrameStream frames(reader, run_id);
  analysis::GaitAnalyzer analyzer(analysis::GaitConfig{});
  for (const auto& d : frames.devices()) {
    const auto layout = layout_for_grid(d.grid_id);
    if (!layout)
      throw std::runtime_error("device " + d.serial_number + " has sensel grid '" + d.grid_id +
                               "', unknown to this build");
    analyzer.attach(store::side_of_letter(d.side), *layout);
  }
  StoredRunAnalysis out;
  RunFrame f;
  while (frames.next(f)) {
    analyzer.push(store::side_of_letter(f.side), f.t_s, f.forces_n);
    ++out.frames;
  }
  for (const auto& s : analyzer.steps()) {
    out.steps.push_back(store::to_step_record(s));
    (s.side == analysis::Side::kLeft ? out.steps_left : out.steps_right)++;
  }
  out.alerts = reports::alert_records(analyzer.summary().alerts);
  return out;
}

}  // namespace insole::run
