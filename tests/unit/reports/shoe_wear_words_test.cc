// The words a runner reads about a shoe's wear (reports/shoe_wear.h): they never contradict the
// numbers they come with.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "insole/reports/shoe_wear.h"
#include "insole/wear/wear_model.h"

namespace insole::reports {
namespace {

using wear::Metric;
using wear::Verdict;

wear::MetricTrend trend(double change, double low, double high, double threshold) {
  wear::MetricTrend t;
  t.estimable = true;
  t.threshold_pct = threshold;
  t.change_pct = change;
  t.change_low_pct = low;
  t.change_high_pct = high;
  t.rising = low > 0;
  return t;
}

TEST(ShoeWearWords, AnEstimatePastTheLimitIsNeverNoLoss) {
  // The shoe: peak force +11 % against a 5 % limit, the interval reaching below it.
  wear::WearAssessment a;
  a.peak_force = trend(11.0, -2.0, 26.0, 5.0);
  a.loading_rate = trend(3.0, -4.0, 10.5, 10.0);
  a.verdict = Verdict::kLikelyWorn;
  a.decided_by = Metric::kPeakForce;
  const std::string m = wear_message(a);
  EXPECT_EQ(m.rfind("Likely worn, not yet certain: peak force +11.0% (95% CI -2.0% to +26.0%)", 0),
            0u)
      << m;
  EXPECT_EQ(m.find("No measurable"), std::string::npos) << m;
}

TEST(ShoeWearWords, NoChangeSaysWhenTheLimitIsNotRuledOut) {
  wear::WearAssessment a;
  a.peak_force = trend(2.0, -1.5, 5.6, 5.0);
  a.loading_rate = trend(1.0, -3.0, 5.0, 10.0);
  a.verdict = Verdict::kNoChange;
  std::string m = wear_message(a);
  EXPECT_EQ(m.rfind("No clear cushioning loss yet", 0), 0u) << m;
  EXPECT_NE(m.find("+5.0% limit of peak force"), std::string::npos) << m;
  a.peak_force = trend(1.0, -1.5, 3.6, 5.0);
  m = wear_message(a);
  EXPECT_EQ(m.rfind("No measurable cushioning loss", 0), 0u) << m;
}

TEST(ShoeWearWords, ReplaceAndOutliersAreNamed) {
  wear::WearAssessment a;
  a.peak_force = trend(4.0, 2.0, 6.0, 5.0);
  a.loading_rate = trend(14.0, 11.0, 17.0, 10.0);
  a.verdict = Verdict::kReplace;
  a.decided_by = Metric::kLoadingRate;
  const std::string m = wear_message(a, {12, 40});
  EXPECT_EQ(m.rfind("Replace these shoes", 0), 0u) << m;
  EXPECT_NE(m.find("loading rate +14.0%"), std::string::npos) << m;
  EXPECT_NE(m.find("runs 12, 40."), std::string::npos) << m;
}

TEST(ShoeWearWords, FromTheModelANoisyRiseIsLikelyWorn) {
  // Hand-built runs (truth: peak force rising, noisy) through the model and into words.
  const double peak[] = {2.50, 2.70, 2.45, 2.85, 2.62, 2.83};
  std::vector<wear::RunObservation> runs;
  for (int i = 0; i < 6; ++i) {
    runs.push_back({5.0 + 10 * i, 3.3, peak[i], 80.0 * (1 + 0.01 * (i % 2))});
  }
  const auto a = wear::assess_wear(runs, 60);
  const std::string m = wear_message(a);
  EXPECT_EQ(m.rfind("Likely worn, not yet certain", 0), 0u) << m;
}

}  // namespace
}  // namespace insole::reports
