// The ranking rule on simulated trials: measurements decide when they really differ, comfort
// decides when they do not, and nothing within noise becomes a verdict.
#include "insole/fitting/recommendation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "insole/fitting/ranking_json.h"
#include "trial_sim.h"

namespace insole::fitting {
namespace {

using ::testing::HasSubstr;

TrialForRanking trial(std::int64_t id, const std::string& shoe, double shoe_wear,
                      std::uint64_t seed, std::optional<int> comfort) {
  hw::sim::Scenario s;
  s.shoe_wear = shoe_wear;  // 1: loading rate +20 %, peak force +7.5 % (docs/simulator.md)
  s.seed = seed;
  return {id, shoe, comfort, testing::simulate_trial(s, 30).result};
}

const TrialRank& of(const Ranking& r, std::int64_t id) {
  for (const auto& t : r.ranking) {
    if (t.trial_id == id) return t;
  }
  throw std::logic_error("no trial");
}

std::string all_reasons(const TrialRank& t) {
  std::string s;
  for (const auto& r : t.reasons) s += r + "\n";
  return s;
}

TEST(Recommendation, SofterLandingRanksAboveHarderInEitherOrder) {
  const TrialForRanking soft = trial(1, "Soft Cruiser", 0.0, 11, std::nullopt);
  const TrialForRanking hard = trial(2, "Firm Racer", 1.0, 12, std::nullopt);
  for (const auto& trials : {std::vector{soft, hard}, std::vector{hard, soft}}) {
    const Ranking r = rank_trials(trials);
    ASSERT_EQ(r.ranking.size(), 2u);
    EXPECT_EQ(r.ranking[0].trial_id, 1);
    EXPECT_EQ(r.ranking[0].rank, 1);
    EXPECT_EQ(r.ranking[1].rank, 2);
    EXPECT_GT(r.ranking[0].score, r.ranking[1].score);
    const std::string why = all_reasons(of(r, 1));
    EXPECT_THAT(why, HasSubstr("Soft Cruiser landed"));
    EXPECT_THAT(why, HasSubstr("softer than Firm Racer (loading rate"));
    EXPECT_THAT(why, HasSubstr("No comfort rating yet"));
    EXPECT_THAT(all_reasons(of(r, 2)), HasSubstr("harder than Soft Cruiser"));
    EXPECT_THAT(r.summary, HasSubstr("Soft Cruiser comes out best."));
    std::printf("  %s\n  %s\n", r.summary.c_str(), r.ranking[0].reasons[0].c_str());
  }
}

TEST(Recommendation, BetterComfortWinsWhenMeasurementsAreEqualWithinNoise) {
  // The same runner in the same shoe model twice: only step-to-step noise differs.
  const TrialForRanking a = trial(1, "Shoe A", 0.0, 21, 5);
  const TrialForRanking b = trial(2, "Shoe B", 0.0, 22, 8);
  const Ranking r = rank_trials(std::vector{a, b});
  EXPECT_EQ(r.ranking[0].trial_id, 2);
  EXPECT_EQ(r.ranking[1].rank, 2);
  const std::string why = all_reasons(r.ranking[0]);
  EXPECT_THAT(why, HasSubstr("The customer rated Shoe B 8/10 against 5/10 for Shoe A."));
  EXPECT_THAT(why, HasSubstr("No real difference in loading rate, peak pressure"));
  std::printf("  %s\n", r.summary.c_str());
}

TEST(Recommendation, NoRealDifferenceIsSaidAndSharesTheRank) {
  const TrialForRanking a = trial(1, "Shoe A", 0.0, 31, 7);
  const TrialForRanking b = trial(2, "Shoe B", 0.0, 32, 6);  // one point: below the minimum
  const Ranking r = rank_trials(std::vector{a, b});
  EXPECT_EQ(r.ranking[0].rank, 1);
  EXPECT_EQ(r.ranking[1].rank, 1);
  EXPECT_DOUBLE_EQ(r.ranking[0].score, 50);
  EXPECT_THAT(r.summary, HasSubstr("No real difference between Shoe A and Shoe B"));
  EXPECT_THAT(r.ranking[0].reasons[0], HasSubstr("no real difference in comfort, loading rate"));
}

TEST(Recommendation, PronationIsNeverARankingFactor) {
  TrialForRanking a = trial(1, "Neutral Trainer", 0.0, 41, 7);
  TrialForRanking b = a;  // identical measurements ...
  b.trial_id = 2;
  b.shoe = "Stability Trainer";
  for (FootResult& f : b.result.feet) {  // ... but the foot rolls in
    f.pronation = analysis::Pronation::kOver;
    f.pronation_index = 6;
  }
  const Ranking r = rank_trials(std::vector{a, b});
  EXPECT_EQ(r.ranking[0].rank, r.ranking[1].rank);
  EXPECT_THAT(r.summary, HasSubstr("Pronation is shown for information only"));
}

TEST(Recommendation, ComfortAloneDecidesWhenNothingWasMeasured) {
  TrialForRanking a{1, "A", 9, {}}, b{2, "B", 4, {}}, c{3, "C", std::nullopt, {}};
  const Ranking r = rank_trials(std::vector{a, b, c});
  EXPECT_EQ(r.ranking[0].trial_id, 1);
  EXPECT_THAT(all_reasons(r.ranking[0]), HasSubstr("Only 0 steps on the left foot"));
  EXPECT_THAT(all_reasons(of(r, 3)), HasSubstr("No comfort rating yet"));
  EXPECT_EQ(of(r, 3).rank, 2);  // level with nothing: between A and B
  EXPECT_EQ(of(r, 2).rank, 3);
}

TEST(Recommendation, OneOrNoTrial) {
  EXPECT_EQ(rank_trials({}).summary, "No trials to compare yet.");
  const TrialForRanking a{7, "Only Shoe", 6, {}};
  const Ranking r = rank_trials(std::span(&a, 1));
  ASSERT_EQ(r.ranking.size(), 1u);
  EXPECT_EQ(r.ranking[0].rank, 1);
  EXPECT_THAT(r.summary, HasSubstr("Only Only Shoe has been tried"));
}

TEST(Recommendation, JsonHasTheComparisonShape) {
  const TrialForRanking a{1, "A", 9, {}}, b{2, "B", 4, {}};
  const auto j = ranking_json(rank_trials(std::vector{a, b}));
  EXPECT_EQ(j.at("rule"), "docs/fitting.md");
  EXPECT_TRUE(j.at("summary").is_string());
  ASSERT_EQ(j.at("ranking").size(), 2u);
  const auto& first = j.at("ranking")[0];
  EXPECT_EQ(first.at("trial_id"), 1);
  EXPECT_EQ(first.at("rank"), 1);
  EXPECT_TRUE(first.at("score").is_number());
  EXPECT_TRUE(first.at("reasons").is_array());
}

}  // namespace
}  // namespace insole::fitting
