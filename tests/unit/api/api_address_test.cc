#include <gtest/gtest.h>

#include "insole/api/api_address.h"
#include "insole/api/api_error.h"

namespace insole::api {
namespace {

TEST(ApiAddress, LoopbackOnly) {
  const auto v4 = parse_loopback_endpoint("127.0.0.1:7788");
  EXPECT_EQ(v4.address().to_string(), "127.0.0.1");
  EXPECT_EQ(v4.port(), 7788);
  EXPECT_EQ(parse_loopback_endpoint("[::1]:0").address().to_string(), "::1");
  try {
    parse_loopback_endpoint("0.0.0.0:7788");
    FAIL() << "a wildcard address was accepted";
  } catch (const ApiError& e) {
    EXPECT_NE(std::string(e.what()).find("not a loopback address"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_loopback_endpoint("127.0.0.1"), ApiError);
  EXPECT_THROW(parse_loopback_endpoint("127.0.0.1:70000"), ApiError);
  EXPECT_THROW(parse_loopback_endpoint("localhost:7788"), ApiError);
  EXPECT_THROW(parse_loopback_endpoint("127.0.0.1:12x"), ApiError);
}

}  // namespace
}  // namespace insole::api
