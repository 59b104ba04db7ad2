#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "insole/fit/fit_crc.h"
#include "insole/fit/fit_decoder.h"
#include "insole/fit/fit_encoder.h"
#include "insole/fit/fit_profile.h"
#include "insole/fit/merged_file.h"

namespace insole::fit {
namespace {

namespace p = profile;

constexpr double kZero = 1796625000;  // the run clock's zero, UTC

// A watch's file: file_id, another application's developer data (index 0) on its records, a
// record per second from kZero + 1 to kZero + 20 on local type 15, a session.
std::vector<std::uint8_t> watch_file(bool activity = true) {
  Encoder e;
  const FieldSpec id[] = {p::file_id::kType};
  e.define(0, p::mesg::kFileId, id);
  const Value type[] = {activity ? 4.0 : 2.0};
  e.write(0, type);
  const FieldSpec dev_id[] = {p::developer_data_id::kDeveloperDataIndex};
  e.define(1, p::mesg::kDeveloperDataId, dev_id);
  const Value zero[] = {0.0};
  e.write(1, zero);
  const FieldSpec rec[] = {p::record::kTimestamp, p::record::kHeartRate};
  const DeveloperFieldSpec power[] = {{0, BaseType::kUint16, 0, 0}};
  e.define(15, p::mesg::kRecord, rec, power);
  for (int i = 1; i <= 20; ++i) {
    const Value v[] = {kZero + i - static_cast<double>(p::kUnixOfFitEpoch), 140.0 + i, 250.0};
    e.write(15, v);
  }
  const FieldSpec session[] = {p::session::kTimestamp, p::session::kSport};
  e.define(2, p::mesg::kSession, session);
  const Value s[] = {kZero + 21 - static_cast<double>(p::kUnixOfFitEpoch), 1.0};
  e.write(2, s);
  return e.finish(p::kVersion);
}

Activity run() {
  Activity a;
  a.clock_zero_unix_s = kZero;
  for (int i = 0; i < 30; ++i) {
    analysis::Step s;
    s.side = i % 2 ? analysis::Side::kRight : analysis::Side::kLeft;
    s.contact_s = 5.2 + i * 0.35;
    s.toe_off_s = s.contact_s + 0.24;
    s.pronation_index = 17;
    a.steps.push_back(s);
  }
  a.strike_left = "midfoot";
  return a;
}

TEST(MergedFile, KeepsTheWatchsMessagesAndAddsInsolesUnderANewIndex) {
  const auto watch = watch_file();
  const MergedFile merged = merge_into(watch, run());
  EXPECT_EQ(fit_crc(merged.bytes), 0);
  EXPECT_EQ(merged.records, 20u);
  // insole's steps run from 5.2 s to about 15.6 s: records at 6..16 s have figures.
  EXPECT_EQ(merged.records_with_run, 11u);
  std::vector<int> indices;
  int records = 0, with_insole = 0, hr_kept = 0;
  decode(merged.bytes, [&](const DecodedMessage& m) {
    if (m.global == p::mesg::kDeveloperDataId)
      indices.push_back(static_cast<int>(m.field(3)->number()));
    if (m.global != p::mesg::kRecord) return;
    ++records;
    hr_kept += m.field(p::record::kHeartRate.num)->number() == 140.0 + records ? 1 : 0;
  });
  EXPECT_EQ(records, 20);
  EXPECT_EQ(hr_kept, 20);
  EXPECT_EQ(indices, (std::vector<int>{1, 0}));  // insole's after the file id, then the watch's
  // The record definition now lists the watch's developer field and insole's, index 1.
  walk(
      merged.bytes,
      [&](const RawDefinition& d) {
        if (d.global != p::mesg::kRecord) return;
        const std::size_t at = 6 + 3 * d.bytes[5];
        ASSERT_GT(d.bytes[at], 1);
        EXPECT_EQ(d.bytes[at + 3], 0);  // the watch's field keeps its index
        for (std::size_t i = 1; i < d.bytes[at]; ++i) EXPECT_EQ(d.bytes[at + 3 + 3 * i], 1);
        ++with_insole;
      },
      [](const DecodedMessage&, std::span<const std::uint8_t>, std::uint8_t) {});
  EXPECT_EQ(with_insole, 1);
}

TEST(MergedFile, RefusesWhatIsNotAnActivity) {
  EXPECT_THROW(merge_into(watch_file(false), run()), std::invalid_argument);
  auto cut = watch_file();
  cut.resize(cut.size() / 2);
  EXPECT_THROW(merge_into(cut, run()), FitDecodeError);
  EXPECT_THROW(merge_into(watch_file(), Activity{}), std::invalid_argument);
}

}  // namespace
}  // namespace insole::fit
