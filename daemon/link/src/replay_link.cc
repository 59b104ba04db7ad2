#include "insole/link/replay_link.h"

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/system/error_code.hpp>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>

namespace insole::link {

namespace asio = boost::asio;

ReplayOptions parse_replay_uri(const std::string& uri) {
  constexpr char kScheme[] = "replay:";
  const auto bad = [&uri](const std::string& why) {
    return LinkError("bad replay URI '" + uri + "': " + why +
                     "; expected replay:FILE or replay:FILE?speed=recorded|full|N");
  };
  if (uri.rfind(kScheme, 0) != 0) throw bad("not a replay: URI");
  ReplayOptions options;
  std::string rest = uri.substr(sizeof kScheme - 1);
  const auto query = rest.rfind('?');
  if (query != std::string::npos) {
    const std::string q = rest.substr(query + 1);
    rest.resize(query);
    if (q.rfind("speed=", 0) != 0) throw bad("unknown option '" + q + "'");
    const std::string value = q.substr(6);
    if (value == "recorded") {
      options.speed = 1.0;
    } else if (value == "full") {
      options.speed = 0.0;
    } else {
      std::size_t used = 0;
      double v = 0;
      try {
        v = std::stod(value, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != value.size() || !std::isfinite(v) || v <= 0)
        throw bad("bad speed '" + value + "'");
      options.speed = v;
    }
  }
  if (rest.empty()) throw bad("no file");
  options.path = rest;
  return options;
}

ReplayLink::ReplayLink(asio::io_context& io, const std::string& uri,
                       std::shared_ptr<CaptureOrigin> origin)
    : ReplayLink(io, uri, parse_replay_uri(uri), std::move(origin)) {}

namespace {

// Non-empty "in" records of a capture file, reading it through once: this is what checks it.
std::size_t count_in_records(const std::string& path) {
  CaptureReader reader(path);
  CaptureRecord record;
  std::size_t n = 0;
  while (reader.next(record)) n += record.direction == Direction::kIn && !record.bytes.empty();
  return n;
}

}  // namespace

ReplayLink::ReplayLink(asio::io_context& io, const std::string& uri, const ReplayOptions& options,
                       std::shared_ptr<CaptureOrigin> origin)
    : io_(io), uri_(uri), speed_(options.speed), origin_(std::move(origin)), timer_(io) {
  in_records_ = count_in_records(options.path);
  reader_ = std::make_unique<CaptureReader>(options.path);
  header_ = reader_->header();
  if (load_next()) last_served_t_us_ = current_.t_us;
}

ReplayLink::ReplayLink(asio::io_context& io, Capture capture, double speed, std::string uri,
                       std::shared_ptr<CaptureOrigin> origin)
    : io_(io),
      uri_(std::move(uri)),
      header_(std::move(capture.header)),
      speed_(speed),
      origin_(std::move(origin)),
      timer_(io) {
  for (auto& r : capture.records)
    if (r.direction == Direction::kIn && !r.bytes.empty())
      memory_.push_back({r.t_us, std::move(r.bytes)});
  in_records_ = memory_.size();
  if (load_next()) last_served_t_us_ = current_.t_us;
}

ReplayLink::~ReplayLink() { *alive_ = false; }

bool ReplayLink::load_next() {
  has_current_ = false;
  offset_ = 0;
  if (reader_) {
    try {
      while (reader_->next(record_)) {
        if (record_.direction != Direction::kIn || record_.bytes.empty()) continue;
        current_.t_us = record_.t_us;
        current_.bytes.swap(record_.bytes);
        return has_current_ = true;
      }
    } catch (const LinkError& e) {
      error_ = e.what();
    }
    reader_.reset();
    return false;
  }
  if (memory_next_ == memory_.size()) return false;
  current_ = std::move(memory_[memory_next_++]);
  return has_current_ = true;
}

std::chrono::steady_clock::time_point ReplayLink::due(std::uint64_t t_us) const {
  if (speed_ <= 0) return start_;
  const double us = std::ceil(static_cast<double>(t_us) / speed_);
  // Beyond 1e15 µs (31 years: a corrupt time, a tiny speed) is never; the clock would overflow.
  if (!(us < 1e15)) return std::chrono::steady_clock::time_point::max();
  return start_ + std::chrono::microseconds(static_cast<std::int64_t>(us));
}

std::size_t ReplayLink::fill(asio::mutable_buffer buffer) {
  auto* out = static_cast<std::uint8_t*>(buffer.data());
  std::size_t n = 0;
  const auto now = std::chrono::steady_clock::now();
  while (n < buffer.size() && has_current_ && due(current_.t_us) <= now) {
    const auto& bytes = current_.bytes;
    const std::size_t take = std::min(buffer.size() - n, bytes.size() - offset_);
    std::memcpy(out + n, bytes.data() + offset_, take);
    last_served_t_us_ = current_.t_us;
    n += take;
    offset_ += take;
    if (offset_ == bytes.size()) {
      ++served_;
      load_next();
      break;  // one recorded read per read: its bytes keep their own arrival time
    }
  }
  return n;
}

void ReplayLink::async_read_some(asio::mutable_buffer buffer, ReadHandler handler) {
  const auto post_result = [this, &handler](const boost::system::error_code& ec, std::size_t n) {
    asio::post(io_, [handler = std::move(handler), ec, n] { handler(ec, n); });
  };
  if (closed_) return post_result(asio::error::operation_aborted, 0);
  if (!has_current_)
    return post_result(error_.empty()
                           ? boost::system::error_code(asio::error::eof)
                           : boost::system::errc::make_error_code(boost::system::errc::io_error),
                       0);
  if (buffer.size() == 0) return post_result({}, 0);
  if (!started_) {
    started_ = true;
    start_ = origin_ ? origin_->get() : std::chrono::steady_clock::now();
  }
  if (due(current_.t_us) <= std::chrono::steady_clock::now()) return post_result({}, fill(buffer));
  timer_.expires_at(due(current_.t_us));
  timer_.async_wait([this, alive = alive_, buffer,
                     handler = std::move(handler)](const boost::system::error_code& ec) {
    if (!*alive || ec || closed_) return handler(asio::error::operation_aborted, 0);
    handler({}, fill(buffer));
  });
}

std::chrono::steady_clock::time_point ReplayLink::last_read_arrival() const {
  return start_ + std::chrono::microseconds(last_served_t_us_);
}

void ReplayLink::write(std::vector<std::uint8_t> bytes) {
  if (!closed_) host_writes_.push_back(std::move(bytes));
}

void ReplayLink::close() {
  closed_ = true;
  timer_.cancel();
}

}  // namespace insole::link
