// Reports over everything stored (every run's steps for the trends, every shoe's runs for its
// wear) can take seconds on a runner's years of runs. They run here, off the loop that records
// the insoles, each lane on a thread of its own with its own SQLite connection (WAL: readers
// never block the daemon's writes; the history lane also keeps the trends entries it computes,
// store/run_digests.h, in short write transactions). Answers go back to the loop.
//
// Two lanes, so a small request never queues behind a large one: kHistory for the reports over
// the whole history (run list, trends, shoes), kOneRun for one run's report. Within a lane jobs
// run one at a time, in order.
#ifndef INSOLE_DASHBOARD_REPORT_WORKER_H_
#define INSOLE_DASHBOARD_REPORT_WORKER_H_

#include <array>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "insole/store/sqlite.h"
#include "insole/web/web_server.h"

namespace insole::dashboard {

class ReportWorker {
 public:
  using Job = std::function<web::WebResponse(store::Connection&)>;
  enum class Lane { kHistory, kOneRun };

  ReportWorker(boost::asio::io_context& loop, std::string database_path);
  // Lets the jobs at hand finish, drops the queued ones, joins the threads.
  ~ReportWorker();
  ReportWorker(const ReportWorker&) = delete;
  ReportWorker& operator=(const ReportWorker&) = delete;

  // Runs job on the lane's thread and calls respond with its answer on the loop; a job that
  // throws answers 500 with the message.
  void run(Lane lane, Job job, web::WebServer::Respond respond);

 private:
  struct Thread {
    boost::asio::io_context io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{
        boost::asio::make_work_guard(io)};
    std::unique_ptr<store::Connection> db;  // opened at the lane's first job
    std::thread thread;
  };

  boost::asio::io_context& loop_;
  std::string path_;
  std::array<Thread, 2> lanes_;
};

}  // namespace insole::dashboard

#endif  // INSOLE_DASHBOARD_REPORT_WORKER_H_
