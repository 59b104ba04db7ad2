// A cadence the analysis cannot know yet (no foot has 3 steps) is said to be unknown, never
// "0 steps/min": in the summary's words and as null in its JSON.
#include <gtest/gtest.h>

#include "insole/analysis/gait_analyzer.h"
#include "insole/reports/analysis_json.h"
#include "insole/reports/run_report.h"

namespace insole::reports {
namespace {

analysis::Step step(analysis::Side side, double contact_s) {
  analysis::Step s;
  s.side = side;
  s.contact_s = contact_s;
  s.toe_off_s = contact_s + 0.25;
  s.peak_force_n = 1500;
  return s;
}

TEST(CadenceWords, UnderThreeStepsOfEitherFootTheCadenceIsNotKnown) {
  std::vector<analysis::Step> steps = {
      step(analysis::Side::kLeft, 0.0), step(analysis::Side::kRight, 0.35),
      step(analysis::Side::kLeft, 0.70), step(analysis::Side::kRight, 1.05)};
  const analysis::GaitSummary early = analysis::summarize(steps, analysis::GaitConfig{});
  EXPECT_EQ(cadence_text(early.cadence_spm),
            "cadence not known yet (under 3 steps of either foot)");
  EXPECT_TRUE(summary_json(early, {}).at("cadence_spm").is_null());

  steps.push_back(step(analysis::Side::kLeft, 1.40));  // a third left step: 2 strides of 0.7 s
  const analysis::GaitSummary known = analysis::summarize(steps, analysis::GaitConfig{});
  EXPECT_EQ(cadence_text(known.cadence_spm), "cadence 171 steps/min");
  EXPECT_NEAR(summary_json(known, {}).at("cadence_spm").get<double>(), 171.4, 0.1);
}

}  // namespace
}  // namespace insole::reports
