#include <gtest/gtest.h>

#include "insole/api/request.h"

namespace insole::api {
namespace {

TEST(Request, TheTwoRequests) {
  EXPECT_EQ(parse_request(R"({"get":"status"})").kind, RequestKind::kGetStatus);
  EXPECT_EQ(parse_request(R"({"subscribe":"live"})").kind, RequestKind::kSubscribeLive);
  EXPECT_EQ(parse_request(" { \"get\" : \"status\" }\r").kind, RequestKind::kGetStatus);
}

TEST(Request, BadRequestsSayWhatIsExpected) {
  const auto not_json = parse_request("get status");
  EXPECT_FALSE(not_json.kind);
  EXPECT_NE(not_json.error.find("not JSON"), std::string::npos) << not_json.error;
  EXPECT_NE(not_json.error.find(R"({"get":"status"})"), std::string::npos) << not_json.error;

  const auto truncated = parse_request(R"({"get":"sta)");
  EXPECT_FALSE(truncated.kind);

  const auto array = parse_request(R"(["get","status"])");
  EXPECT_FALSE(array.kind);
  EXPECT_NE(array.error.find("not an object"), std::string::npos) << array.error;

  const auto unknown_get = parse_request(R"({"get":"runs"})");
  EXPECT_FALSE(unknown_get.kind);
  EXPECT_NE(unknown_get.error.find(R"(unknown get "runs")"), std::string::npos)
      << unknown_get.error;

  const auto unknown_sub = parse_request(R"({"subscribe":1})");
  EXPECT_FALSE(unknown_sub.kind);
  EXPECT_NE(unknown_sub.error.find("unknown subscribe 1"), std::string::npos) << unknown_sub.error;

  const auto other = parse_request(R"({"put":"status"})");
  EXPECT_FALSE(other.kind);
  EXPECT_NE(other.error.find("unknown request"), std::string::npos) << other.error;

  EXPECT_FALSE(parse_request(R"({"get":"status","subscribe":"live"})").kind);
}

}  // namespace
}  // namespace insole::api
