#include "insole/web/web_types.h"

#include <gtest/gtest.h>

namespace insole::web {
namespace {

TEST(ParseTargetTest, SplitsAndDecodesPathAndQuery) {
  std::string path;
  std::map<std::string, std::string> query;
  ASSERT_TRUE(parse_target("/api/runs/3?token=a%2Bb&x=hello+world&flag", path, query));
  EXPECT_EQ(path, "/api/runs/3");
  EXPECT_EQ(query.at("token"), "a+b");
  EXPECT_EQ(query.at("x"), "hello world");
  EXPECT_EQ(query.at("flag"), "");
  ASSERT_TRUE(parse_target("/a%20b", path, query));
  EXPECT_EQ(path, "/a b");
  EXPECT_TRUE(query.empty());
}

TEST(ParseTargetTest, RefusesWhatIsNotAnAbsolutePathOrHasBadEscapes) {
  std::string path;
  std::map<std::string, std::string> query;
  EXPECT_FALSE(parse_target("", path, query));
  EXPECT_FALSE(parse_target("http://example.com/", path, query));
  EXPECT_FALSE(parse_target("/bad%2", path, query));
  EXPECT_FALSE(parse_target("/bad%zz", path, query));
  EXPECT_FALSE(parse_target("/ok?k=%g0", path, query));
}

TEST(AuthorizedTest, NoTokenLetsEveryoneInATokenNeedsTheHeaderOrTheQuery) {
  WebRequest r;
  EXPECT_TRUE(authorized(r, ""));
  EXPECT_FALSE(authorized(r, "s3cret"));
  r.authorization = "Bearer s3cret";
  EXPECT_TRUE(authorized(r, "s3cret"));
  r.authorization = "Bearer s3cre";
  EXPECT_FALSE(authorized(r, "s3cret"));
  r.authorization = "Basic s3cret";
  EXPECT_FALSE(authorized(r, "s3cret"));
  r.authorization.clear();
  r.query["token"] = "s3cret";
  EXPECT_TRUE(authorized(r, "s3cret"));
  r.query["token"] = "s3cret2";
  EXPECT_FALSE(authorized(r, "s3cret"));
}

TEST(JsonErrorTest, CarriesStatusAndMessage) {
  const auto r = json_error(409, "a trial is running");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"api":1,"error":"a trial is running"})");
}

// Found by tests/fuzz (fuzz_web_request, corpus crash-ws-path-not-utf8): a WebSocket upgrade to
// "/ws\xC9live" got json_error(404, "no WebSocket at " + path), whose dump() threw type_error
// 316 out of the server's handler and out of io_context::run(): one request ended insoled.
TEST(JsonErrorTest, BytesThatAreNotUtf8AreReplacedNotThrown) {
  const auto r = json_error(404, "no WebSocket at /ws\xC9live");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "{\"api\":1,\"error\":\"no WebSocket at /ws\xEF\xBF\xBDlive\"}");
  EXPECT_EQ(json_response({{"path", "/\xFF"}}).body, "{\"path\":\"/\xEF\xBF\xBD\"}");
}

}  // namespace
}  // namespace insole::web
