// The second source's scorer on hand-built truth and analysed steps.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "insole/hw/validation/scoring.h"

namespace v = insole::hw::validation;
namespace an = insole::analysis;

namespace {

v::TruthStep truth(an::Side side, double contact, v::StrikeType strike = v::StrikeType::kRearfoot,
                   v::PronationType p = v::PronationType::kNeutral, double impulse = 100) {
  v::TruthStep t;
  t.side = side;
  t.contact_s = contact;
  t.toe_off_s = contact + 0.25;
  t.strike = strike;
  t.pronation = p;
  t.impulse_ns = impulse;
  return t;
}

an::Step step(an::Side side, double contact, double toe_off, an::Strike strike, an::Pronation p,
              double index = 19) {
  an::Step s;
  s.side = side;
  s.contact_s = contact;
  s.toe_off_s = toe_off;
  s.strike = strike;
  s.pronation = p;
  s.pronation_index = index;
  return s;
}

}  // namespace

TEST(ValidationScoring, MatchesNearestSameSideStepWithinWindowAndCountsExtras) {
  const std::vector<v::TruthStep> t = {truth(an::Side::kLeft, 2.0), truth(an::Side::kRight, 2.4),
                                       truth(an::Side::kLeft, 2.8)};
  const std::vector<an::Step> s = {
      step(an::Side::kLeft, 2.001, 2.252, an::Strike::kRearfoot, an::Pronation::kNeutral),
      // right foot's step is 0.1 s off: outside the window, so missed AND extra
      step(an::Side::kRight, 2.5, 2.75, an::Strike::kRearfoot, an::Pronation::kNeutral),
      // a left step near the right truth must not match it
      step(an::Side::kLeft, 2.399, 2.65, an::Strike::kRearfoot, an::Pronation::kNeutral),
      step(an::Side::kLeft, 2.797, 3.047, an::Strike::kMidfoot, an::Pronation::kOver)};
  const auto sc = v::score_steps(t, s, 1.0, 10.0, {});
  EXPECT_EQ(sc.truth, 3u);
  EXPECT_EQ(sc.found, 2u);
  EXPECT_EQ(sc.extra, 2u);
  EXPECT_NEAR(sc.contact_mae_ms(), (1.0 + 3.0) / 2, 1e-9);
  EXPECT_NEAR(sc.toe_off_mae_ms(), (2.0 + 3.0) / 2, 1e-9);
  EXPECT_NEAR(sc.contact_bias_ms(), (1.0 - 3.0) / 2, 1e-9);  // +1 ms late, 3 ms early
  EXPECT_NEAR(sc.toe_off_bias_ms(), (2.0 - 3.0) / 2, 1e-9);
  EXPECT_NEAR(sc.strike_pct(), 50.0, 1e-9);
  EXPECT_NEAR(sc.pronation_pct(v::StrikeType::kRearfoot), 50.0, 1e-9);
  EXPECT_TRUE(std::isnan(sc.midfoot_pct()));
}

TEST(ValidationScoring, AnAnalysedStepMatchesOneTruthStepOnly) {
  const std::vector<v::TruthStep> t = {truth(an::Side::kLeft, 2.0), truth(an::Side::kLeft, 2.05)};
  const std::vector<an::Step> s = {
      step(an::Side::kLeft, 2.02, 2.3, an::Strike::kRearfoot, an::Pronation::kNeutral)};
  const auto sc = v::score_steps(t, s, 1.0, 10.0, {});
  EXPECT_EQ(sc.found, 1u);
  EXPECT_EQ(sc.extra, 0u);
}

TEST(ValidationScoring, StepsOutsideTheSpanOrWhereAFootSentNothingAreNotScored) {
  const std::vector<v::TruthStep> t = {truth(an::Side::kLeft, 0.5), truth(an::Side::kRight, 3.0),
                                       truth(an::Side::kLeft, 3.1)};
  const std::vector<an::Step> s = {
      step(an::Side::kLeft, 3.1, 3.35, an::Strike::kRearfoot, an::Pronation::kNeutral)};
  const std::vector<v::TimeInterval> absent = {{an::Side::kRight, 2.9, 5.0}};
  const auto sc = v::score_steps(t, s, 1.0, 10.0, absent);
  EXPECT_EQ(sc.truth, 1u);
  EXPECT_EQ(sc.found, 1u);
  EXPECT_NEAR(sc.found_pct(), 100.0, 1e-9);
}

TEST(ValidationScoring, PronationIndexOrderingNeedsUnderAboveNeutralAboveOver) {
  std::vector<v::TruthStep> t;
  std::vector<an::Step> s;
  const v::PronationType classes[] = {v::PronationType::kUnder, v::PronationType::kNeutral,
                                      v::PronationType::kOver};
  const double index[] = {30, 19, 8};
  for (int i = 0; i < 3; ++i) {
    t.push_back(truth(an::Side::kLeft, 2.0 + i, v::StrikeType::kMidfoot, classes[i]));
    s.push_back(step(an::Side::kLeft, 2.0 + i, 2.25 + i, an::Strike::kMidfoot,
                     an::Pronation::kNeutral, index[i]));
  }
  auto sc = v::score_steps(t, s, 1.0, 10.0, {});
  EXPECT_TRUE(sc.pronation_ordered(v::StrikeType::kMidfoot));
  EXPECT_FALSE(sc.pronation_ordered(v::StrikeType::kRearfoot));  // no data: not ordered
  EXPECT_NEAR(sc.pronation_pct(v::StrikeType::kMidfoot), 100.0 / 3, 1e-9);
  EXPECT_NEAR(sc.midfoot_pct(), 100.0, 1e-9);
  s[0].pronation_index = 15;  // under now below neutral
  sc = v::score_steps(t, s, 1.0, 10.0, {});
  EXPECT_FALSE(sc.pronation_ordered(v::StrikeType::kMidfoot));
}

TEST(ValidationScoring, ImpulseSymmetryIndexOfTruth) {
  const std::vector<v::TruthStep> t = {
      truth(an::Side::kLeft, 1, v::StrikeType::kRearfoot, v::PronationType::kNeutral, 100),
      truth(an::Side::kRight, 1.4, v::StrikeType::kRearfoot, v::PronationType::kNeutral, 103),
      truth(an::Side::kLeft, 1.8, v::StrikeType::kRearfoot, v::PronationType::kNeutral, 100)};
  EXPECT_NEAR(v::impulse_si_pct(t), 200.0 * 3 / 203, 1e-9);
}
