// UUIDv7 (store/uuid.h): the layout RFC 9562 gives, order by time, uniqueness.
#include "insole/store/uuid.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace insole::store {
namespace {

TEST(UuidV7, LaysOutTimeVersionCounterVariantAndRandomBits) {
  // RFC 9562's example time, 2022-02-22T19:22:22Z = 0x017F22E279B0 ms.
  EXPECT_EQ(uuid_v7(0x017F22E279B0ull, 0xCC3, 0x18C4DC0C0C07398Full),
            "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
  EXPECT_EQ(uuid_v7(0, 0, 0), "00000000-0000-7000-8000-000000000000");
  // Bits beyond each field's width do not leak into the version or the variant.
  EXPECT_EQ(uuid_v7(~0ull, 0xFFFF, ~0ull), "ffffffff-ffff-7fff-bfff-ffffffffffff");
}

TEST(UuidV7, NewIdsAreUniqueWellFormedAndSortInTheOrderMade) {
  std::set<std::string> seen;
  std::string last;
  for (int i = 0; i < 20000; ++i) {  // many in one millisecond: the counter keeps the order
    const std::string u = new_uuid_v7();
    ASSERT_TRUE(is_uuid(u)) << u;
    ASSERT_EQ(u[14], '7');
    ASSERT_LT(last, u);
    last = u;
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 20000u);
}

TEST(UuidV7, TellsTheCanonicalFormFromOtherText) {
  EXPECT_TRUE(is_uuid("017F22E2-79B0-7CC3-98C4-DC0C0C07398F"));
  EXPECT_FALSE(is_uuid("017f22e2-79b0-7cc3-98c4-dc0c0c07398"));
  EXPECT_FALSE(is_uuid("017f22e2x79b0-7cc3-98c4-dc0c0c07398f"));
  EXPECT_FALSE(is_uuid("017f22e2-79b0-7cc3-98c4-dc0c0c07398g"));
  EXPECT_FALSE(is_uuid(""));
}

}  // namespace
}  // namespace insole::store
