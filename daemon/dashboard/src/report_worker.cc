#include "insole/dashboard/report_worker.h"

#include <boost/asio/post.hpp>

#include "insole/store/schema.h"

namespace insole::dashboard {

ReportWorker::ReportWorker(boost::asio::io_context& loop, std::string database_path)
    : loop_(loop),
      path_(std::move(database_path)),
      work_(boost::asio::make_work_guard(io_)),
      thread_([this] { io_.run(); }) {}

ReportWorker::~ReportWorker() {
  work_.reset();
  io_.stop();
  thread_.join();
}

void ReportWorker::run(Job job, web::WebServer::Respond respond) {
  boost::asio::post(io_, [this, job = std::move(job), respond = std::move(respond)]() mutable {
    web::WebResponse answer;
    try {
      if (!db_) db_ = store::open_for_reading(path_);
      answer = job(*db_);
    } catch (const std::exception& e) {
      answer = web::json_error(500, e.what());
    }
    boost::asio::post(
        loop_, [respond = std::move(respond), answer = std::move(answer)] { respond(answer); });
  });
}

}  // namespace insole::dashboard
