#include "insole/api/live_metrics.h"

#include <cmath>
#include <string>

#include "insole/reports/alert_words.h"

namespace insole::api {

namespace {

FootLive foot_live(const analysis::FootSummary& summary, const analysis::Step* last) {
  FootLive out;
  out.steps = summary.steps;
  if (summary.steps == 0) return out;
  if (last) out.last_strike = std::string(analysis::name(last->strike));
  out.flat_foot_pct = summary.flat_foot_fraction * 100.0;
  out.pronation = std::string(analysis::name(summary.pronation));
  if (std::isfinite(summary.pronation_index_median))
    out.pronation_index = summary.pronation_index_median;
  return out;
}

}  // namespace

LiveMetrics live_metrics(const std::vector<analysis::Step>& steps, double now_run_s,
                         const analysis::GaitConfig& config, std::size_t window) {
  LiveMetrics out;
  const std::size_t first = steps.size() > window ? steps.size() - window : 0;
  const std::vector<analysis::Step> recent(steps.begin() + static_cast<std::ptrdiff_t>(first),
                                           steps.end());
  out.window_steps = recent.size();
  if (recent.empty()) return out;

  const analysis::GaitSummary summary = analysis::summarize(recent, config);
  if (summary.cadence_spm > 0) out.cadence_spm = summary.cadence_spm;
  double last_toe_off = recent.front().toe_off_s;
  const analysis::Step* last_of[2] = {nullptr, nullptr};
  for (const analysis::Step& s : recent) {
    last_of[s.side == analysis::Side::kLeft ? 0 : 1] = &s;
    last_toe_off = std::max(last_toe_off, s.toe_off_s);
  }
  out.since_last_step_s = std::max(0.0, now_run_s - last_toe_off);
  out.left = foot_live(summary.feet[0], last_of[0]);
  out.right = foot_live(summary.feet[1], last_of[1]);
  for (std::size_t i = 0; i < analysis::kAsymmetryMetrics.size(); ++i) {
    const analysis::Asymmetry& a = summary.asymmetry[i];
    AsymmetryLive m;
    m.metric = std::string(analysis::name(analysis::kAsymmetryMetrics[i]));
    if (std::isfinite(a.si_pct)) m.si_pct = a.si_pct;
    m.flagged = a.flagged;
    m.withheld = a.withheld;
    out.asymmetry.push_back(std::move(m));
  }
  out.sensor_note = reports::sensor_note(summary);
  for (const analysis::Alert& a : summary.alerts) {
    out.alerts.push_back({std::string(analysis::name(a.code)), reports::side_code(a),
                          reports::metric_codes(a), reports::describe(a).finding});
  }
  return out;
}

}  // namespace insole::api
