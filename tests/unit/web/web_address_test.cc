#include "insole/web/web_address.h"

#include <gtest/gtest.h>

namespace insole::web {
namespace {

TEST(WebAddressTest, ParsesIpv4Ipv6AndLocalhost) {
  const auto a = parse_web_address("127.0.0.1:8421");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port(), 8421);
  EXPECT_TRUE(is_loopback(*a));
  const auto b = parse_web_address("[::1]:0");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->address().is_v6());
  EXPECT_TRUE(is_loopback(*b));
  const auto c = parse_web_address("localhost:80");
  ASSERT_TRUE(c);
  EXPECT_TRUE(is_loopback(*c));
  const auto d = parse_web_address("0.0.0.0:8421");
  ASSERT_TRUE(d);
  EXPECT_FALSE(is_loopback(*d));
}

TEST(WebAddressTest, RefusesNamesMissingPortsAndBadPorts) {
  EXPECT_FALSE(parse_web_address("127.0.0.1"));
  EXPECT_FALSE(parse_web_address(":8421"));
  EXPECT_FALSE(parse_web_address("127.0.0.1:"));
  EXPECT_FALSE(parse_web_address("127.0.0.1:65536"));
  EXPECT_FALSE(parse_web_address("127.0.0.1:84x"));
  EXPECT_FALSE(parse_web_address("example.com:8421"));
}

}  // namespace
}  // namespace insole::web
