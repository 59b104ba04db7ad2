// The store's timestamp text: written and read back, the database's own form accepted, anything
// else refused.
#include "insole/store/iso_time.h"

#include <gtest/gtest.h>

#include "insole/store/sqlite.h"

namespace insole::store {
namespace {

TEST(IsoTime, WritesMillisecondsInUtcAndReadsThemBack) {
  EXPECT_EQ(iso_utc(std::int64_t{0}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso_utc(std::int64_t{1'795'710'907'786}), "2026-11-26T16:35:07.786Z");
  EXPECT_EQ(iso_utc(std::int64_t{-1}), "1969-12-31T23:59:59.999Z");
  const auto back = parse_iso_utc("2026-11-26T16:35:07.786Z");
  ASSERT_TRUE(back);
  EXPECT_NEAR(*back, 1'795'710'907.786, 1e-6);
  EXPECT_EQ(parse_iso_utc("2026-11-26T16:35:07Z"), 1'795'710'907.0);
}

TEST(IsoTime, ReadsWhatSqliteWritesForNow) {
  Connection db(":memory:", Connection::Mode::kReadWriteCreate);
  auto st = db.prepare("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
  ASSERT_TRUE(st.step());
  const std::string now = st.column_text(0);
  const auto unix_s = parse_iso_utc(now);
  ASSERT_TRUE(unix_s) << now;
  EXPECT_EQ(iso_utc(static_cast<std::int64_t>(*unix_s * 1000 + 0.5)), now);
}

TEST(IsoTime, RefusesOtherZonesAndTrailingText) {
  for (const char* bad : {"", "2026-11-27", "2026-11-27T16:35:07", "2026-11-27T16:35:07+01:00",
                          "2026-11-27T16:35:07.5Zx", "2026-11-27 16:35:07Z", "yesterday"})
    EXPECT_FALSE(parse_iso_utc(bad)) << bad;
}

}  // namespace
}  // namespace insole::store
