// The dashboard's route table: methods, typed ids, 404/405 answers, literals before ids.
#include "insole/web/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace insole::web {
namespace {

using nlohmann::json;

struct Answer {
  std::optional<WebResponse> response;
  bool handled = false;
};

Answer ask(const Router& router, const std::string& method, const std::string& path) {
  Answer a;
  WebRequest r;
  r.method = method;
  r.path = path;
  a.handled = router.dispatch(r, [&](WebResponse response) { a.response = std::move(response); });
  return a;
}

// What the handler said, or the error the router answered.
std::string said(const Answer& a) {
  if (!a.response) return "";
  const json body = json::parse(a.response->body);
  return body.contains("said") ? body["said"].get<std::string>() : body.value("error", "");
}

Router table() {
  Router router;
  const auto say = [](std::string what) {
    return [what](const WebRequest&, const RouteIds& ids, const Router::Respond& respond) {
      std::string text = what;
      for (const char* name : {"customer", "trial", "run"}) {
        try {
          text += " " + std::string(name) + "=" + std::to_string(ids[name]);
        } catch (const std::out_of_range&) {
        }
      }
      respond(json_response({{"said", text}}));
    };
  };
  router.add("GET", "/api/customers", say("list"));
  router.add("POST", "/api/customers", say("add"));
  router.add("GET", "/api/customers/{customer}", say("show"));
  router.add("DELETE", "/api/customers/{customer}", say("delete"));
  router.add("POST", "/api/customers/{customer}/trials", say("start"));
  router.add("GET", "/api/trials/active", say("active"));
  router.add("GET", "/api/trials/{trial}", say("trial"));
  return router;
}

TEST(RouterTest, SendsEachMethodAndPathToItsHandlerWithTypedIds) {
  const Router router = table();
  EXPECT_EQ(said(ask(router, "GET", "/api/customers")), "list");
  EXPECT_EQ(said(ask(router, "POST", "/api/customers")), "add");
  EXPECT_EQ(said(ask(router, "GET", "/api/customers/42")), "show customer=42");
  EXPECT_EQ(said(ask(router, "DELETE", "/api/customers/7")), "delete customer=7");
  EXPECT_EQ(said(ask(router, "POST", "/api/customers/7/trials")), "start customer=7");
  EXPECT_EQ(said(ask(router, "GET", "/api/trials/3")), "trial trial=3");
}

TEST(RouterTest, LiteralSegmentsWinOverIds) {
  EXPECT_EQ(said(ask(table(), "GET", "/api/trials/active")), "active");
}

TEST(RouterTest, AnIdThatIsNotOneIs404NamingWhatWasLookedFor) {
  const Router router = table();
  for (const char* bad : {"abc", "0", "-1", "1e3", "1234567890123456", ""}) {
    const Answer a = ask(router, "GET", std::string("/api/customers/") + bad);
    ASSERT_TRUE(a.handled) << bad;
    EXPECT_EQ(a.response->status, 404) << bad;
    EXPECT_EQ(said(a), std::string("no customer ") + bad);
  }
  EXPECT_EQ(said(ask(router, "POST", "/api/customers/x/trials")), "no customer x");
}

TEST(RouterTest, AKnownPathWithAnotherMethodIs405) {
  const Answer a = ask(table(), "PUT", "/api/customers/5");
  ASSERT_TRUE(a.handled);
  EXPECT_EQ(a.response->status, 405);
  EXPECT_EQ(said(a), "PUT is not allowed on /api/customers/5");
  EXPECT_EQ(ask(table(), "DELETE", "/api/customers").response->status, 405);
}

TEST(RouterTest, PathsOfNoPatternAreLeftToTheCaller) {
  const Router router = table();
  for (const char* path : {"/", "/index.html", "/api/customers/5/shoes", "/api/nothing",
                           "/api/customers/5/trials/9"}) {
    const Answer a = ask(router, "GET", path);
    EXPECT_FALSE(a.handled) << path;
    EXPECT_FALSE(a.response) << path;
  }
}

TEST(RouterTest, ParseIdTakesPositiveWholeNumbersOfAtMost15Digits) {
  EXPECT_EQ(parse_id("1"), 1);
  EXPECT_EQ(parse_id("999999999999999"), 999999999999999);
  EXPECT_FALSE(parse_id("1000000000000000"));
  EXPECT_FALSE(parse_id("0"));
  EXPECT_FALSE(parse_id("+1"));
  EXPECT_FALSE(parse_id(" 1"));
}

}  // namespace
}  // namespace insole::web
