#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "insole/fit/activity_file.h"
#include "insole/fit/fit_crc.h"

namespace insole::fit {
namespace {

TEST(ActivityFile, ARunWithoutStepsIsNotWritten) {
  Activity a;
  a.clock_zero_unix_s = 1.8e9;
  EXPECT_THROW(activity_file(a), std::invalid_argument);
}

TEST(ActivityFile, IsAWholeFitFileWhoseCrcChecks) {
  Activity a;
  a.clock_zero_unix_s = 1796000000.25;
  for (int i = 0; i < 40; ++i) {
    analysis::Step s;
    s.side = i % 2 ? analysis::Side::kRight : analysis::Side::kLeft;
    s.contact_s = 2 + i * 0.36;
    s.toe_off_s = s.contact_s + 0.25;
    a.steps.push_back(s);
  }
  a.cadence_spm = 166.7;
  a.strike_left = "rearfoot";
  a.shoe_verdict = "a verdict far longer than its field";  // cut, never a failure
  const auto file = activity_file(a);
  ASSERT_GT(file.size(), 200u);
  EXPECT_EQ(std::string(file.begin() + 8, file.begin() + 12), ".FIT");
  EXPECT_EQ(fit_crc(file), 0);
}

TEST(ActivityFile, DeveloperFieldsHaveUniqueNumbersAndNames) {
  std::set<int> numbers;
  std::set<std::string> names;
  for (const auto& f : developer_fields()) {
    EXPECT_TRUE(numbers.insert(f.number).second) << f.name;
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    EXPECT_LT(std::string(f.name).size(), 32u);
  }
  EXPECT_EQ(names.size(), 15u);
}

}  // namespace
}  // namespace insole::fit
