// Reports over everything stored (every run's steps for the trends, every shoe's runs for its
// wear) can take seconds on a runner's years of runs. They run here, on a thread of their own
// with their own read-only SQLite connection (WAL: readers never block the daemon's writes),
// so the loop that records the insoles never waits on them. Answers go back to the loop.
#ifndef INSOLE_DASHBOARD_REPORT_WORKER_H_
#define INSOLE_DASHBOARD_REPORT_WORKER_H_

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

  ReportWorker(boost::asio::io_context& loop, std::string database_path);
  // Lets the job at hand finish, drops the queued ones, joins the thread.
  ~ReportWorker();
  ReportWorker(const ReportWorker&) = delete;
  ReportWorker& operator=(const ReportWorker&) = delete;

  // Runs job on the worker (jobs run one at a time, in order) and calls respond with its answer
  // on the loop; a job that throws answers 500 with the message.
  void run(Job job, web::WebServer::Respond respond);

 private:
  boost::asio::io_context& loop_;
  std::string path_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::unique_ptr<store::Connection> db_;  // opened by the worker at its first job
  std::thread thread_;
};

}  // namespace insole::dashboard

#endif  // INSOLE_DASHBOARD_REPORT_WORKER_H_
