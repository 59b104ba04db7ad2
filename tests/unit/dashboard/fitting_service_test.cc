#include "insole/dashboard/fitting_service.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "insole/store/schema.h"
#include "insole/store/sqlite_fitting.h"
#include "scratch_dir_test.h"

namespace insole::dashboard {
namespace {

class FittingServiceTest : public testing::ScratchDirTest {
 protected:
  web::WebResponse put(const std::string& path, const std::string& body) {
    return call("PUT", path, body);
  }
  web::WebResponse call(const std::string& method, const std::string& path, const std::string& body,
                        std::map<std::string, std::string> query = {}) {
    web::WebRequest r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.query = std::move(query);
    std::optional<web::WebResponse> response;
    EXPECT_TRUE(
        router_.dispatch(r, [&](web::WebResponse answer) { response = std::move(answer); }));
    EXPECT_TRUE(response.has_value());
    return response.value_or(web::WebResponse{});
  }

  void SetUp() override {
    ScratchDirTest::SetUp();
    connection_ = store::open_for_writing(db_);
    service_ = std::make_unique<FittingService>(
        io_, *connection_,
        std::make_unique<store::SqliteFittingStore>(
            *connection_, store::StationIdentity{"desk-1", "Berlin Mitte"}),
        nullptr, FittingService::Recording{});
    service_->add_routes(router_, [] { return false; });
  }

  boost::asio::io_context io_;
  std::unique_ptr<store::Connection> connection_;
  std::unique_ptr<FittingService> service_;
  web::Router router_;
};

// Found by tests/fuzz (fuzz_web_request, corpus/fuzz_web_request/crash-comfort-missing): a PUT
// without "comfort" read a missing key of a const JSON object (an assertion, or undefined
// behaviour without assertions). It is a bad request like any other wrong comfort.
TEST_F(FittingServiceTest, ComfortMissingFromTheBodyIsABadRequest) {
  store::SqliteFittingStore store(*connection_);
  const auto customer = store.add_customer("Ana");
  store::FittingTrialRecord trial;
  trial.customer_id = customer;
  trial.shoe = "Novablast 43";
  trial.duration_s = 30;
  trial.result_json = "{}";
  const auto id = store.add_trial(trial);
  const std::string path = "/api/trials/" + std::to_string(id);

  for (const char* body : {"", "{}", R"({"comfrot":7})"}) {
    const auto r = put(path, body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"],
              "comfort must be a whole number from 1 to 10, or null")
        << body;
  }
  EXPECT_EQ(put(path, R"({"comfort":7})").status, 200);
  EXPECT_EQ(store.trial(id)->comfort, 7);
  EXPECT_EQ(put(path, R"({"comfort":null})").status, 200);
  EXPECT_EQ(store.trial(id)->comfort, std::nullopt);
}

// A customer's body mass (issue 19): given with the customer or later, checked, cleared.
TEST_F(FittingServiceTest, BodyMassIsGivenCheckedAndCleared) {
  const auto added = call("POST", "/api/customers", R"({"name":"Maria","body_mass_kg":61.5})");
  ASSERT_EQ(added.status, 200) << added.body;
  const auto id = nlohmann::json::parse(added.body)["id"].get<std::int64_t>();
  const std::string path = "/api/customers/" + std::to_string(id);
  EXPECT_EQ(nlohmann::json::parse(call("GET", path, "").body)["customer"]["body_mass_kg"], 61.5);

  const auto words = [&](const web::WebResponse& r) {
    return nlohmann::json::parse(r.body)["error"].get<std::string>();
  };
  const auto text = call("POST", "/api/customers", R"({"name":"Maria","body_mass_kg":"61"})");
  EXPECT_EQ(text.status, 400);
  EXPECT_EQ(words(text), "body_mass_kg must be a number of kilograms (20 to 300), or null");
  const auto heavy = call("POST", "/api/customers", R"({"name":"Maria","body_mass_kg":610})");
  EXPECT_EQ(heavy.status, 400);
  EXPECT_EQ(words(heavy), "body mass 610 kg is out of range: give it in kilograms, 20 to 300");
  EXPECT_EQ(store::SqliteFittingStore(*connection_).customers().size(), 1u);  // neither was added

  EXPECT_EQ(call("PUT", path + "/body-mass", "{}").status, 400);
  EXPECT_EQ(call("PUT", path + "/body-mass", R"({"body_mass_kg":5})").status, 400);
  EXPECT_EQ(store::SqliteFittingStore(*connection_).customer(id)->body_mass_kg, 61.5);
  const auto changed = call("PUT", path + "/body-mass", R"({"body_mass_kg":63})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(nlohmann::json::parse(changed.body)["customer"]["body_mass_kg"], 63.0);
  EXPECT_EQ(call("PUT", path + "/body-mass", R"({"body_mass_kg":null})").status, 200);
  EXPECT_FALSE(store::SqliteFittingStore(*connection_).customer(id)->body_mass_kg);
  EXPECT_EQ(call("PUT", "/api/customers/99/body-mass", R"({"body_mass_kg":60})").status, 404);
}

// Issue 19, privacy: with a retention period, a customer of this store with no fitting for that
// long is erased (now, and every hour); one fitted since, or of another store, is kept.
TEST_F(FittingServiceTest, ARetentionPeriodErasesCustomersWithNoFittingSince) {
  store::SqliteFittingStore store(*connection_, {"desk-1", "Berlin Mitte"});
  const auto old = store.add_customer("Long Gone");
  const auto recent = store.add_customer("Recent");
  const auto fitted = store.add_customer("Fitted Lately");
  store::SqliteFittingStore elsewhere(*connection_, {"desk-9", "Hamburg"});
  const auto other_store = elsewhere.add_customer("Hamburg Customer");
  store::FittingTrialRecord t;
  t.customer_id = fitted;
  t.shoe = "Shoe";
  t.result_json = "{}";
  store.add_trial(t);  // now
  // Made (and last changed) three years ago, all but "Recent".
  connection_->exec(
      "UPDATE customers SET created_at = '2023-11-01T10:00:00.000Z', updated_at = "
      "'2023-11-01T10:00:00.000Z' WHERE name <> 'Recent'");
  service_->keep_for(730);
  EXPECT_FALSE(store.customer(old));
  EXPECT_TRUE(store.customer(recent));
  EXPECT_TRUE(store.customer(fitted));
  EXPECT_TRUE(store.customer(other_store));  // Hamburg's retention is Hamburg's
}

// Issue 19: a clerk finds a returning customer by name, email or phone; the list says which
// station and store made each record, and which station this is.
TEST_F(FittingServiceTest, CustomersAreFoundByNameEmailOrPhone) {
  const auto added = call("POST", "/api/customers",
                          R"({"name":"Maria","email":"maria@example.org","phone":"0171 2345678"})");
  ASSERT_EQ(added.status, 200) << added.body;
  const auto uuid = nlohmann::json::parse(added.body)["uuid"].get<std::string>();
  EXPECT_EQ(uuid.size(), 36u);
  ASSERT_EQ(call("POST", "/api/customers", R"({"name":"Maria"})").status, 200);
  ASSERT_EQ(call("POST", "/api/customers", R"({"name":"Tom"})").status, 200);
  EXPECT_EQ(call("POST", "/api/customers", R"({"name":"Eve","email":"eve"})").status, 400);

  const auto find = [&](const std::string& q) {
    return nlohmann::json::parse(call("GET", "/api/customers", "", {{"q", q}}).body);
  };
  const auto by_phone = find("0171-234");
  ASSERT_EQ(by_phone["customers"].size(), 1u);
  EXPECT_EQ(by_phone["customers"][0]["uuid"], uuid);
  EXPECT_EQ(by_phone["customers"][0]["email"], "maria@example.org");
  EXPECT_EQ(by_phone["customers"][0]["station"], "desk-1");
  EXPECT_EQ(by_phone["customers"][0]["store"], "Berlin Mitte");
  EXPECT_EQ(by_phone["station"], "desk-1");
  EXPECT_EQ(find("maria")["customers"].size(), 2u);
  EXPECT_EQ(find("EXAMPLE.ORG")["customers"].size(), 1u);
  EXPECT_EQ(find("nobody")["customers"].size(), 0u);
  const auto all = nlohmann::json::parse(call("GET", "/api/customers", "").body);
  EXPECT_EQ(all["customers"].size(), 3u);
}

}  // namespace
}  // namespace insole::dashboard
