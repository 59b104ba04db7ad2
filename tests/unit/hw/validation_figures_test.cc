// The CI gate's comparison of headline figures with the expected-figures file.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "insole/hw/validation/expected_figures.h"

namespace v = insole::hw::validation;
using Verdict = v::FigureCheck::Verdict;

namespace {

v::Figures expected() {
  return {{"clean.found_pct", {99.0, true, 1.0}},
          {"clean.contact_mae_ms", {0.5, false, 0.1}},
          {"rbds.X.found_pct", {100.0, true, 1.0}}};
}

Verdict verdict_of(const std::vector<v::FigureCheck>& checks, const std::string& key) {
  for (const auto& c : checks)
    if (c.key == key) return c.verdict;
  ADD_FAILURE() << key << " not checked";
  return Verdict::kOk;
}

}  // namespace

TEST(ValidationFigures, RoundTripPassesAndEachDirectionRegressesBeyondItsMarginOnly) {
  const std::string file = v::expected_figures_json(expected(), "test");
  EXPECT_FALSE(v::regressed(v::check_figures(file, expected(), "rbds.")));

  v::Figures within = expected();
  within["clean.found_pct"].value = 98.1;       // 0.9 worse, margin 1
  within["clean.contact_mae_ms"].value = 0.59;  // 0.09 worse, margin 0.1
  EXPECT_FALSE(v::regressed(v::check_figures(file, within, "rbds.")));

  v::Figures worse = expected();
  worse["clean.found_pct"].value = 97.9;
  auto checks = v::check_figures(file, worse, "rbds.");
  EXPECT_TRUE(v::regressed(checks));
  EXPECT_EQ(verdict_of(checks, "clean.found_pct"), Verdict::kRegressed);
  EXPECT_EQ(verdict_of(checks, "clean.contact_mae_ms"), Verdict::kOk);

  worse = expected();
  worse["clean.contact_mae_ms"].value = 0.61;
  EXPECT_TRUE(v::regressed(v::check_figures(file, worse, "rbds.")));

  v::Figures better = expected();  // improvements never fail
  better["clean.found_pct"].value = 100;
  better["clean.contact_mae_ms"].value = 0.1;
  EXPECT_FALSE(v::regressed(v::check_figures(file, better, "rbds.")));

  worse = expected();
  worse["clean.contact_mae_ms"].value = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(v::regressed(v::check_figures(file, worse, "rbds.")));
}

TEST(ValidationFigures, MissingFiguresRegressUnlessTheirWholeDatasetIsAbsent) {
  const std::string file = v::expected_figures_json(expected(), "test");
  v::Figures no_rbds = expected();
  no_rbds.erase("rbds.X.found_pct");
  auto checks = v::check_figures(file, no_rbds, "rbds.");
  EXPECT_FALSE(v::regressed(checks));
  EXPECT_EQ(verdict_of(checks, "rbds.X.found_pct"), Verdict::kSkipped);

  v::Figures no_clean = expected();
  no_clean.erase("clean.found_pct");
  checks = v::check_figures(file, no_clean, "rbds.");
  EXPECT_TRUE(v::regressed(checks));
  EXPECT_EQ(verdict_of(checks, "clean.found_pct"), Verdict::kMissing);
}

TEST(ValidationFigures, NullExpectedValuesAreNotCheckedAndBadFilesAreErrors) {
  v::Figures with_nan = expected();
  with_nan["clean.found_pct"].value = std::numeric_limits<double>::quiet_NaN();
  const std::string file = v::expected_figures_json(with_nan, "test");
  EXPECT_NE(file.find("\"value\": null"), std::string::npos);
  const auto checks = v::check_figures(file, expected(), "rbds.");
  EXPECT_EQ(verdict_of(checks, "clean.found_pct"), Verdict::kNotChecked);

  EXPECT_THROW(v::check_figures("{", expected(), ""), v::ExpectedFiguresError);
  EXPECT_THROW(v::check_figures("{\"x\": 1}", expected(), ""), v::ExpectedFiguresError);
  EXPECT_THROW(v::check_figures(R"({"figures": {"a": {"value": 1, "better": "up", "margin": 1}}})",
                                expected(), ""),
               v::ExpectedFiguresError);
}
