#include "insole/dashboard/fitting_service.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "insole/store/fitting.h"
#include "insole/store/schema.h"
#include "scratch_dir_test.h"

namespace insole::dashboard {
namespace {

class FittingServiceTest : public testing::ScratchDirTest {
 protected:
  web::WebResponse put(const std::string& path, const std::string& body) {
    web::WebRequest r;
    r.method = "PUT";
    r.path = path;
    r.body = body;
    std::optional<web::WebResponse> response;
    EXPECT_TRUE(
        router_.dispatch(r, [&](web::WebResponse answer) { response = std::move(answer); }));
    EXPECT_TRUE(response.has_value());
    return response.value_or(web::WebResponse{});
  }

  void SetUp() override {
    ScratchDirTest::SetUp();
    connection_ = store::open_for_writing(db_);
    service_ = std::make_unique<FittingService>(io_, *connection_, FittingService::Recording{});
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
  store::FittingStore store(*connection_);
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

}  // namespace
}  // namespace insole::dashboard
