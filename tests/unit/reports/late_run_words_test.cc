// The words for a late-run form change: only real changes are named, each with its interval,
// and the runner is told that pace is unknown.
#include "insole/reports/late_run_words.h"

#include <gtest/gtest.h>

namespace insole::reports {
namespace {

analysis::FormShift shift(double first, double last, double half_width, bool real) {
  analysis::FormShift f;
  f.first = first;
  f.last = last;
  f.change = last - first;
  f.ci_low = f.change - half_width;
  f.ci_high = f.change + half_width;
  f.real = real;
  return f;
}

TEST(LateRunWords, NamesEachRealChangeWithItsIntervalAndSaysPaceIsUnknown) {
  analysis::LateRunForm form;
  form.judged = true;
  form.contact_time_s = shift(0.250, 0.260, 0.0025, true);      // +4 %, 3-5 %
  form.cadence_spm = shift(170, 169, 1, false);                 // not real: not named
  form.loading_rate_n_per_s = shift(60000, 66000, 1200, true);  // +10 %, 8-12 %
  form.strike_index = shift(0.20, 0.16, 0.01, true);            // 4 % of foot length back
  const auto a = late_run_finding(form);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->code, "late_run_form");
  EXPECT_EQ(a->metric, "contact_time_s");
  EXPECT_NE(a->finding.find("4.0 % longer (95 % interval 3.0-5.0 %), 250 -> 260 ms"),
            std::string::npos)
      << a->finding;
  EXPECT_NE(a->finding.find("10.0 % faster (95 % interval 8.0-12.0 %)"), std::string::npos)
      << a->finding;
  EXPECT_NE(a->finding.find("4 % of your foot's length further back (95 % interval 3-5 %)"),
            std::string::npos)
      << a->finding;
  EXPECT_EQ(a->finding.find("cadence"), std::string::npos) << a->finding;
  EXPECT_NE(a->finding.find("does not know your pace"), std::string::npos);
  EXPECT_FALSE(a->advice.empty());
}

TEST(LateRunWords, WithTheWatchsPaceTheChangeIsSaidToBeFormNotPace) {
  analysis::LateRunForm form;
  form.judged = true;
  form.contact_time_s = shift(0.250, 0.260, 0.0025, true);
  form.pace_known = true;
  form.first_speed_mps = 3.0;  // 5:33 /km
  form.last_speed_mps = 2.9;
  const auto a = late_run_finding(form);
  ASSERT_TRUE(a);
  EXPECT_NE(a->finding.find("Compared at the same pace (your watch: steps within 3 % of 5:33 /km)"),
            std::string::npos)
      << a->finding;
  EXPECT_EQ(a->finding.find("does not know your pace"), std::string::npos) << a->finding;
}

TEST(LateRunWords, OneLegTiringFirstIsNamedWithTheSideAndTheInterval) {
  analysis::LateRunForm form;
  form.judged = true;
  form.impulse_si_pct = shift(-1.0, -5.5, 1.5, true);  // the left leg took more, growing
  const auto a = late_run_finding(form);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->metric, "impulse_si_pct");
  EXPECT_NE(a->finding.find("your left leg took 5.5 % more of the load than the other, from "
                            "1.0 % in the first third (95 % interval of the change 3.0-6.0 "
                            "points: one leg tiring first)"),
            std::string::npos)
      << a->finding;
}

TEST(LateRunWords, NothingWhenNotJudgedOrNothingReal) {
  analysis::LateRunForm form;
  form.contact_time_s = shift(0.25, 0.27, 0.001, true);
  EXPECT_FALSE(late_run_finding(form));  // not judged: too short a run
  form.judged = true;
  form.contact_time_s.real = false;
  EXPECT_FALSE(late_run_finding(form));
}

}  // namespace
}  // namespace insole::reports
