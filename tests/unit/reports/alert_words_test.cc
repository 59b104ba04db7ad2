#include "insole/reports/alert_words.h"

#include <gtest/gtest.h>

#include <string>

#include "insole/reports/analysis_json.h"

namespace insole::reports {
namespace {

using analysis::Alert;
using analysis::AlertCode;
using analysis::Metric;
using analysis::Side;

Alert foot_alert(AlertCode code, std::optional<Side> side, double left, double right) {
  Alert a;
  a.code = code;
  a.side = side;
  a.share = {left, right};
  if (code == AlertCode::kOverpronation) {
    a.pronation_index = {7.6, 9.04};
    a.neutral_band = {13.5, 24.5};
  }
  return a;
}

analysis::FlaggedMetric flagged(Metric metric, double si, double lo, double hi) {
  analysis::FlaggedMetric m;
  m.metric = metric;
  m.asymmetry.si_pct = si;
  m.asymmetry.ci_low_pct = lo;
  m.asymmetry.ci_high_pct = hi;
  m.asymmetry.flagged = true;
  return m;
}

Alert imbalance(std::vector<analysis::FlaggedMetric> metrics) {
  Alert a;
  a.code = AlertCode::kImbalance;
  a.metrics = std::move(metrics);
  return a;
}

const char* const kFlatAdvice =
    "A flat landing sends the impact straight up the leg to the lower back. Land with your foot "
    "under your hips rather than ahead of you: shorten your stride and raise your cadence by "
    "5-10%, and let the foot roll from the outer heel or midfoot.";
const char* const kOverInformation =
    "Pronation is information, not a fault: many runners roll in and run well. If nothing hurts, "
    "nothing needs changing; choose shoes by comfort (stability shoes are not proven to prevent "
    "injury).";
const char* const kImbalanceAdvice =
    "Loading one side more than the other is linked to muscular imbalance and lower-back pain. "
    "Add single-leg strength work (split squats, single-leg deadlifts, hip bridges) on the weaker "
    "side, and see a physiotherapist if it hurts.";

TEST(AlertWords, FlatLandingOnBothFeetQuotesEach) {
  const auto w = describe(foot_alert(AlertCode::kFlatLanding, std::nullopt, 1.0, 0.996));
  EXPECT_EQ(w.finding,
            "100% of your left and 100% of your right steps land flat-footed: heel and forefoot "
            "hit the ground together.");
  EXPECT_EQ(w.advice, kFlatAdvice);
}

TEST(AlertWords, FlatLandingOnOneFootQuotesOnlyIt) {
  const auto w = describe(foot_alert(AlertCode::kFlatLanding, Side::kRight, 0.1, 0.424));
  EXPECT_EQ(w.finding,
            "42% of your right steps land flat-footed: heel and forefoot hit the ground together.");
  // A foot without steps (NaN) is never quoted.
  const auto left = describe(foot_alert(AlertCode::kFlatLanding, Side::kLeft, 0.35, Alert::kNaN));
  EXPECT_EQ(left.finding,
            "35% of your left steps land flat-footed: heel and forefoot hit the ground together.");
}

TEST(AlertWords, OverpronationOnBothFeetQuotesEachFootsOwnIndex) {
  const auto w = describe(foot_alert(AlertCode::kOverpronation, std::nullopt, 0.92, 0.91));
  EXPECT_EQ(w.finding,
            "Both ankles roll in (overpronation): on 92% of left and 91% of right steps "
            "(pronation index 7.6 left, 9.0 right; neutral is 13.5-24.5).");
  EXPECT_EQ(w.advice, kOverInformation);
}

TEST(AlertWords, PronationIsToWorkOnOnlyWhenItFellAgainstTheRunnersBaseline) {
  const Alert both = foot_alert(AlertCode::kOverpronation, std::nullopt, 0.92, 0.91);
  // No baseline, or too few earlier runs: information.
  EXPECT_FALSE(work_on(both));
  PronationBaseline few;
  few.index = {15.0, 15.0};
  few.runs = {2, 2};
  EXPECT_FALSE(work_on(both, few));
  // Always about this low: information still.
  PronationBaseline usual;
  usual.index = {8.0, 10.0};
  usual.runs = {5, 5};
  EXPECT_FALSE(work_on(both, usual));
  EXPECT_EQ(describe(both, usual).advice, kOverInformation);
  // The left foot rolls in 7.4 points more than it used to: something to work on.
  PronationBaseline fell;
  fell.index = {15.0, 10.0};
  fell.runs = {5, 5};
  EXPECT_TRUE(work_on(both, fell));
  const auto w = describe(both, fell);
  EXPECT_EQ(w.finding,
            "Both ankles roll in (overpronation): on 92% of left and 91% of right steps "
            "(pronation index 7.6 left, 9.0 right; neutral is 13.5-24.5). Your left index fell "
            "from 15.0, your usual, to 7.6.");
  EXPECT_NE(w.advice.find("Strengthen the foot and hip"), std::string::npos) << w.advice;
  // The other findings are always something to work on.
  EXPECT_TRUE(work_on(foot_alert(AlertCode::kFlatLanding, std::nullopt, 1, 1)));
  EXPECT_TRUE(work_on(imbalance({flagged(Metric::kImpulse, 8.0, 5.7, 10.4)})));
}

TEST(AlertWords, OverpronationOnOneFootQuotesItsIndex) {
  const auto w = describe(foot_alert(AlertCode::kOverpronation, Side::kRight, 0.2, 0.55));
  EXPECT_EQ(w.finding,
            "Your right ankle rolls in (overpronation) on 55% of steps (pronation index 9.0; "
            "neutral is 13.5-24.5).");
}

TEST(AlertWords, ImbalanceOneWayNamesTheLegThatTakesMore) {
  const auto right = describe(imbalance({flagged(Metric::kPeakForce, 9.1, 7.1, 11.0),
                                         flagged(Metric::kImpulse, 8.0, 5.7, 10.4),
                                         flagged(Metric::kLoadingRate, 7.2, 3.4, 11.0)}));
  EXPECT_EQ(right.finding,
            "Your right leg takes more than your left: peak force +9.1% (95% interval 7.1 to "
            "11.0%), impulse +8.0% (95% interval 5.7 to 10.4%), loading rate +7.2% (95% interval "
            "3.4 to 11.0%).");
  EXPECT_EQ(right.advice, kImbalanceAdvice);
  // Left: the SI and its interval are negative; the words quote magnitudes, low to high.
  const auto left = describe(imbalance({flagged(Metric::kContactTime, -6.25, -9.0, -3.5)}));
  EXPECT_EQ(left.finding,
            "Your left leg takes more than your right: contact time +6.2% (95% interval 3.5 to "
            "9.0%).");
}

TEST(AlertWords, ImbalanceBothWaysTagsEachMetric) {
  const auto w = describe(imbalance({flagged(Metric::kPeakForce, 9.1, 7.1, 11.0),
                                     flagged(Metric::kContactTime, -6.0, -8.0, -4.0)}));
  EXPECT_EQ(w.finding,
            "Your legs are loaded unevenly: peak force (right) +9.1% (95% interval 7.1 to 11.0%), "
            "contact time (left) +6.0% (95% interval 4.0 to 8.0%).");
}

TEST(AlertWords, CodesAsJsonAndTheStoreSpellThem) {
  EXPECT_EQ(side_code(foot_alert(AlertCode::kFlatLanding, Side::kLeft, 1, 0)), "L");
  EXPECT_EQ(side_code(foot_alert(AlertCode::kFlatLanding, Side::kRight, 0, 1)), "R");
  EXPECT_EQ(side_code(foot_alert(AlertCode::kFlatLanding, std::nullopt, 1, 1)), "");
  EXPECT_EQ(metric_codes(foot_alert(AlertCode::kFlatLanding, std::nullopt, 1, 1)), "");
  const Alert both = imbalance(
      {flagged(Metric::kPeakForce, 9.1, 7.1, 11.0), flagged(Metric::kLoadingRate, 7.2, 3.4, 11.0)});
  EXPECT_EQ(side_code(both), "");
  EXPECT_EQ(metric_codes(both), "peak_force,loading_rate");
}

TEST(AlertWords, SummaryJsonAndStoredAlertsCarryTheSameWords) {
  analysis::GaitSummary g;
  g.alerts = {foot_alert(AlertCode::kOverpronation, Side::kLeft, 0.6, 0.1),
              imbalance({flagged(Metric::kImpulse, 8.0, 5.7, 10.4)})};
  const auto json = summary_json(g);
  const auto stored = reports::alert_records(g.alerts);
  // Pronation is information (no baseline here); the imbalance is to work on.
  ASSERT_EQ(json["information"].size(), 1u);
  ASSERT_EQ(json["alerts"].size(), 1u);
  ASSERT_EQ(stored.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto words = describe(g.alerts[i]);
    const auto& j = i == 0 ? json["information"][0] : json["alerts"][0];
    EXPECT_EQ(j["code"], std::string(analysis::name(g.alerts[i].code)));
    EXPECT_EQ(j["finding"], words.finding);
    EXPECT_EQ(j["advice"], words.advice);
    EXPECT_EQ(stored[i].code, j["code"]);
    EXPECT_EQ(stored[i].side, j["side"]);
    EXPECT_EQ(stored[i].metric, j["metric"]);
    EXPECT_EQ(stored[i].finding, words.finding);
    EXPECT_EQ(stored[i].advice, words.advice);
  }
  EXPECT_EQ(json["information"][0]["side"], "L");
  EXPECT_EQ(json["alerts"][0]["metric"], "impulse");
  EXPECT_EQ(stored[0].finding,
            "Your left ankle rolls in (overpronation) on 60% of steps (pronation index 7.6; "
            "neutral is 13.5-24.5).");
}

// A run with steps of the left foot only (a one-foot flash import, or a foot that never joined).
std::vector<analysis::Step> left_foot_only() {
  std::vector<analysis::Step> steps;
  for (int i = 0; i < 30; ++i) {
    analysis::Step s;
    s.side = Side::kLeft;
    s.contact_s = 0.7 * i;
    s.toe_off_s = s.contact_s + 0.25;
    s.strike_index = 0.1;
    s.pronation_index = 18.0;
    s.peak_force_n = 1500 + i;
    s.loading_rate_n_per_s = 60000;
    s.impulse_ns = 200;
    steps.push_back(s);
  }
  return steps;
}

TEST(MissingFoot, IsNullInJsonAndNoValueIsInventedForIt) {
  const auto g = analysis::summarize(left_foot_only(), analysis::GaitConfig{});
  const auto j = summary_json(g);
  EXPECT_EQ(j["steps"]["R"], 0);
  EXPECT_EQ(j["feet_recorded"], nlohmann::json::array({"L"}));
  EXPECT_TRUE(j["strike"]["R"].is_null());
  EXPECT_TRUE(j["pronation"]["R"].is_null());
  EXPECT_TRUE(j["pronation_index"]["R"].is_null());
  EXPECT_TRUE(j["flat_foot_fraction"]["R"].is_null());
  EXPECT_TRUE(j["mean_flight_time_s"].is_null());  // needs both feet
  EXPECT_EQ(j["strike"]["L"], "rearfoot");
  EXPECT_DOUBLE_EQ(j["pronation_index"]["L"].get<double>(), 18.0);
  for (const auto& [metric, a] : j["asymmetry"].items()) {
    EXPECT_TRUE(a["si_pct"].is_null()) << metric;
    EXPECT_TRUE(a["ci95"].is_null()) << metric;
    EXPECT_FALSE(a["flagged"].get<bool>()) << metric;
  }
  EXPECT_EQ(j["note"],
            "Only the left foot was recorded: nothing is said about your right foot, your flight "
            "time or the balance between your legs.");
  // The dump never holds "nan" (invalid JSON) for it either.
  EXPECT_EQ(j.dump().find("nan"), std::string::npos);
}

TEST(MissingFoot, NoFindingsNeverSaysNothingToChange) {
  const auto one = analysis::summarize(left_foot_only(), analysis::GaitConfig{});
  ASSERT_TRUE(one.alerts.empty());
  EXPECT_EQ(no_findings(one), "No findings for your left foot; your right foot was not recorded.");
  EXPECT_EQ(no_findings(analysis::summarize({}, analysis::GaitConfig{})),
            "No steps found: nothing to analyse.");
  auto both = left_foot_only();
  for (auto s : left_foot_only()) {
    s.side = Side::kRight;
    s.contact_s += 0.35;
    s.toe_off_s += 0.35;
    both.push_back(s);
  }
  const auto g = analysis::summarize(both, analysis::GaitConfig{});
  EXPECT_EQ(coverage_note(g), "");
  EXPECT_TRUE(summary_json(g)["note"].is_null());
  ASSERT_TRUE(g.alerts.empty());
  EXPECT_EQ(no_findings(g), "No findings: nothing to change.");
}

TEST(SilentSensor, TheNoteNamesTheInsoleAndSensorAndTheForceBalanceIsNullNeverAFigure) {
  auto steps = left_foot_only();
  for (auto s : left_foot_only()) {
    s.side = Side::kRight;
    s.contact_s += 0.35;
    s.toe_off_s += 0.35;
    s.peak_force_n *= 0.8;  // a fifth of the right foot's load unseen: a 22 % "imbalance"
    s.silent_sensel = 4;
    steps.push_back(s);
  }
  const auto g = analysis::summarize(steps, analysis::GaitConfig{});
  ASSERT_TRUE(g.force_asymmetry_withheld);
  EXPECT_EQ(sensor_note(g),
            "Sensor 5 of your right insole read nothing on 100 % of its steps while the same "
            "sensor of the other insole carried load. The force balance between your legs is not "
            "shown: it would be wrong. That foot's landing and pronation figures may be off too. "
            "Check that the insole lies flat and is not creased or damaged; if it stays silent, "
            "the insole needs repair.");
  const auto j = summary_json(g);
  EXPECT_EQ(j["sensor_note"], sensor_note(g));
  EXPECT_EQ(j["silent_sensel"]["R"]["sensel"], 4);
  EXPECT_TRUE(j["silent_sensel"]["L"].is_null());
  EXPECT_TRUE(j["asymmetry"]["peak_force"]["si_pct"].is_null());
  EXPECT_TRUE(j["asymmetry"]["peak_force"]["withheld"].get<bool>());
  EXPECT_FALSE(j["asymmetry"]["peak_force"]["flagged"].get<bool>());
  EXPECT_FALSE(j["asymmetry"]["contact_time"]["withheld"].get<bool>());
  // No imbalance finding is made from the spoiled force.
  for (const auto& a : g.alerts) EXPECT_NE(a.code, AlertCode::kImbalance);
  EXPECT_EQ(j.dump().find("nan"), std::string::npos);
}

TEST(SilentSensor, NoNoteWhenEverySensorWorks) {
  const auto g = analysis::summarize(left_foot_only(), analysis::GaitConfig{});
  EXPECT_EQ(sensor_note(g), "");
  EXPECT_TRUE(summary_json(g)["sensor_note"].is_null());
}

}  // namespace
}  // namespace insole::reports
