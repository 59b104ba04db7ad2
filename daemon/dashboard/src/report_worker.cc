#include "insole/dashboard/report_worker.h"

#include <boost/asio/post.hpp>

#include "insole/store/schema.h"

namespace insole::dashboard {

ReportWorker::ReportWorker(boost::asio::io_context& loop, std::string database_path)
    : loop_(loop), path_(std::move(database_path)) {
  for (Thread& t : lanes_) t.thread = std::thread([&t] { t.io.run(); });
}

ReportWorker::~ReportWorker() {
  for (Thread& t : lanes_) {
    t.work.reset();
    t.io.stop();
  }
  for (Thread& t : lanes_) t.thread.join();
}

void ReportWorker::run(Lane lane, Job job, web::WebServer::Respond respond) {
  Thread& t = lanes_[lane == Lane::kHistory ? 0 : 1];
  boost::asio::post(t.io, [this, &t, job = std::move(job), respond = std::move(respond)]() mutable {
    web::WebResponse answer;
    try {
      // The history lane keeps what it computes once (trends entries, store/run_digests.h): it
      // writes, in short transactions beside insoled's. One run's report only reads.
      if (!t.db)
        t.db = &t == &lanes_[0] ? store::open_for_editing(path_) : store::open_for_reading(path_);
      answer = job(*t.db);
    } catch (const std::exception& e) {
      answer = web::json_error(500, e.what());
    }
    boost::asio::post(
        loop_, [respond = std::move(respond), answer = std::move(answer)] { respond(answer); });
  });
}

}  // namespace insole::dashboard
