// The report worker's lanes: one run's report is answered while a report over the whole
// history is still running (held open here, so nothing depends on timing).
#include "insole/dashboard/report_worker.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>

#include "insole/store/schema.h"
#include "scratch_dir_test.h"

namespace insole::dashboard {
namespace {

class ReportWorkerTest : public testing::ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    store::open_for_writing(db_);  // the schema the worker's read-only connections expect
  }
  // Runs the loop until `done` holds a value or 10 s pass.
  void run_until(const std::optional<web::WebResponse>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done && std::chrono::steady_clock::now() < deadline) {
      loop_.restart();
      loop_.run_for(std::chrono::milliseconds(20));
    }
  }
  boost::asio::io_context loop_;
};

TEST_F(ReportWorkerTest, OneRunsReportDoesNotWaitBehindTheHistory) {
  ReportWorker worker(loop_, db_);
  std::promise<void> release;
  std::shared_future<void> held = release.get_future().share();
  std::optional<web::WebResponse> history, one_run;
  worker.run(
      ReportWorker::Lane::kHistory,
      [held](store::Connection&) {
        held.wait();  // the trends over years of runs, still going
        return web::json_response({{"lane", "history"}});
      },
      [&](web::WebResponse r) { history = std::move(r); });
  worker.run(
      ReportWorker::Lane::kOneRun,
      [](store::Connection&) {
        return web::json_response({{"lane", "one run"}});
      },
      [&](web::WebResponse r) { one_run = std::move(r); });
  run_until(one_run);
  ASSERT_TRUE(one_run) << "one run's report queued behind the history";
  EXPECT_EQ(one_run->body, R"({"lane":"one run"})");
  EXPECT_FALSE(history);
  release.set_value();
  run_until(history);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->body, R"({"lane":"history"})");
}

TEST_F(ReportWorkerTest, AJobThatThrowsAnswers500WithItsMessage) {
  ReportWorker worker(loop_, db_);
  std::optional<web::WebResponse> answer;
  worker.run(
      ReportWorker::Lane::kOneRun,
      [](store::Connection&) -> web::WebResponse { throw std::runtime_error("disk on fire"); },
      [&](web::WebResponse r) { answer = std::move(r); });
  run_until(answer);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 500);
  EXPECT_NE(answer->body.find("disk on fire"), std::string::npos);
}

}  // namespace
}  // namespace insole::dashboard
