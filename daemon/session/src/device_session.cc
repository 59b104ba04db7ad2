#include "insole/session/device_session.h"

#include "insole/link/link_error.h"

#include <boost/asio/error.hpp>

#include "insole/session/protocol_check.h"

namespace insole::session {

namespace asio = boost::asio;
namespace v1 = insole::v1;

DeviceSession::DeviceSession(asio::io_context& io, std::unique_ptr<link::Link> link,
                             SessionConfig config, SessionCallbacks callbacks)
    : link_(std::move(link)),
      config_(config),
      callbacks_(std::move(callbacks)),
      timer_(io),
      recovery_timer_(io),
      alive_(std::make_shared<bool>(true)) {}

DeviceSession::~DeviceSession() {
  *alive_ = false;
  timer_.cancel();
  recovery_timer_.cancel();
  link_->close();
}

LinkStats DeviceSession::stats() const {
  const wire::DecodeStats& d = decoder_.stats();
  LinkStats s;
  s.frames = frames_;
  s.crc_errors = d.crc_errors;
  s.malformed = d.malformed + d.overflows + bad_messages_;
  if (recovery_) {
    s.sequence_gaps = recovery_->gaps();
    s.frames_lost = recovery_->lost();
    s.frames_recovered = recovery_->recovered_count();
  }
  return s;
}

std::optional<ResumePoint> DeviceSession::resume_point() const {
  if (!last_delivered_) return std::nullopt;
  return ResumePoint{info_.boot_id(), *last_delivered_ + 1};
}

void DeviceSession::start() {
  state_ = State::kHandshake;
  link_->set_write_error_handler([this, alive = alive_](const boost::system::error_code& ec) {
    if (!*alive) return;
    const bool gone = link::device_went_away(ec);  // unplugged: not an error (read_more)
    close("write to " + link_->uri() + " failed: " + ec.message() +
              (gone ? " (the insole was unplugged or switched off)" : ""),
          !gone);
  });
  read_more();
  send_request_info();
}

void DeviceSession::send_request_info() {
  if (state_ != State::kHandshake) return;
  if (attempts_++ >= config_.handshake_attempts) {
    close("no answer from " + link_->uri() + " to " + std::to_string(config_.handshake_attempts) +
              " info requests; is an insole connected there?",
          true);
    return;
  }
  v1::Command command;
  command.mutable_request_info();
  info_request_id_ = next_request_id_;
  send(std::move(command));
  timer_.expires_after(config_.handshake_retry);
  timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (!ec && *alive) send_request_info();
  });
}

std::uint32_t DeviceSession::send(v1::Command command) {
  const std::uint32_t id = next_request_id_++;
  command.set_request_id(id);
  const std::string payload = command.SerializeAsString();
  // Leading delimiter: isolates this frame from any damage to the previous one.
  std::vector<std::uint8_t> out(1 + wire::encoded_size_max(payload.size()), wire::kDelimiter);
  const std::size_t n = wire::encode_frame(static_cast<std::uint8_t>(wire::Channel::kProtocol),
                                           reinterpret_cast<const std::uint8_t*>(payload.data()),
                                           payload.size(), out.data() + 1, out.size() - 1);
  out.resize(n + 1);
  link_->write(std::move(out));
  return id;
}

void DeviceSession::read_more() {
  link_->async_read_some(
      asio::buffer(rx_),
      [this, alive = alive_](const boost::system::error_code& ec, std::size_t n) {
        if (!*alive || state_ == State::kClosed) return;
        if (ec) {
          if (ec == asio::error::operation_aborted) return;
          // Unplugged or switched off is how a run usually ends: not an error.
          if (link::device_went_away(ec)) {
            close("link " + link_->uri() + " lost: " + ec.message() +
                      " (the insole was unplugged or switched off)",
                  false);
          } else {
            close("link " + link_->uri() + " lost: " + ec.message(), true);
          }
          return;
        }
        read_arrival_ = link_->last_read_arrival();
        on_bytes(n);
        if (state_ != State::kClosed) read_more();
      });
}

void DeviceSession::on_bytes(std::size_t n) {
  for (std::size_t i = 0; i < n && state_ != State::kClosed;) {
    std::size_t used = 0;
    const wire::DecodeResult result = decoder_.push(rx_.data() + i, n - i, &used);
    i += used;
    if (result != wire::DecodeResult::kFrame) continue;
    const auto channel = static_cast<wire::Channel>(decoder_.channel());
    if (channel == wire::Channel::kLog) {
      if (callbacks_.on_device_log) {
        callbacks_.on_device_log(std::string(reinterpret_cast<const char*>(decoder_.payload()),
                                             decoder_.payload_size()));
      }
      continue;
    }
    if (channel != wire::Channel::kProtocol) continue;  // a channel from a newer minor version
    v1::DeviceMessage message;
    if (!message.ParseFromArray(decoder_.payload(), static_cast<int>(decoder_.payload_size()))) {
      ++bad_messages_;
      continue;
    }
    on_message(message);
  }
}

void DeviceSession::on_message(const v1::DeviceMessage& message) {
  if (sync_ && state_ == State::kStreaming && sync_->on_reply(message)) return;
  switch (message.body_case()) {
    case v1::DeviceMessage::kInfo:
      if (state_ == State::kHandshake) on_info(message.info());
      return;
    case v1::DeviceMessage::kFrame:
      if (state_ != State::kStreaming && state_ != State::kStopping) return;  // stale bytes
      on_frame(message);
      return;
    case v1::DeviceMessage::kFramesEnd:
      if (!recovery_) return;
      if (message.frames_end().missing() > 0 && callbacks_.on_device_log) {
        callbacks_.on_device_log(std::to_string(message.frames_end().missing()) +
                                 " of the frames from " +
                                 std::to_string(message.frames_end().first_sequence()) +
                                 " asked for again are no longer in the insole's journal");
      }
      if (const auto again =
              recovery_->range_done(message.frames_end().first_sequence(),
                                    message.frames_end().sent() + message.frames_end().missing(),
                                    std::chrono::steady_clock::now()))
        queued_reads_.push_back(*again);
      if (!recovery_->waiting() && queued_reads_.empty() && callbacks_.on_device_log) {
        const std::uint64_t n = recovery_->recovered_count() - recovered_reported_;
        recovered_reported_ = recovery_->recovered_count();
        callbacks_.on_device_log("dropout recovered: " + std::to_string(n) +
                                 " frames re-read from the insole's journal");
      }
      reads_by_id_.erase(message.in_reply_to());
      if (reads_in_flight_ > 0) --reads_in_flight_;
      send_reads();
      deliver();
      return;
    case v1::DeviceMessage::kStatus:
      if (callbacks_.on_status) callbacks_.on_status(message.status());
      return;
    case v1::DeviceMessage::kError:
      if (const auto read = reads_by_id_.find(message.in_reply_to()); read != reads_by_id_.end()) {
        // Refused (the device's queue was full): ask again once another request has ended.
        queued_reads_.push_back(read->second);
        reads_by_id_.erase(read);
        if (reads_in_flight_ > 0) --reads_in_flight_;
        return;
      }
      if (callbacks_.on_device_log) {
        callbacks_.on_device_log("error reply to request " + std::to_string(message.in_reply_to()) +
                                 ": " + message.error().message());
      }
      return;
    case v1::DeviceMessage::kAck:
      if (state_ == State::kStopping && message.in_reply_to() == stop_request_id_) {
        close("stopped", false);
      }
      return;
    default:
      return;
  }
}

void DeviceSession::on_frame(const v1::DeviceMessage& message) {
  HeldFrame held;
  std::string error;
  if (!to_sensor_frame(message.frame(), info_, held.frame, &error)) {
    ++bad_messages_;
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  held.received = read_arrival_;
  // Only the answer to one of our read_frames requests is a re-read frame; anything else is live.
  if (message.in_reply_to() != 0 && reads_by_id_.count(message.in_reply_to()) != 0) {
    recovery_->recovered(std::move(held));
  } else {
    for (const GapRecovery::Request& r : recovery_->live(std::move(held), now))
      queued_reads_.push_back(r);
    send_reads();
    if (recovery_->waiting()) arm_recovery_timer();
  }
  deliver();
}

// The device queues only kMaxReadsInFlight read_frames requests; a long gap waits its turn.
void DeviceSession::send_reads() {
  while (reads_in_flight_ < kMaxReadsInFlight && !queued_reads_.empty()) {
    v1::Command read;
    read.mutable_read_frames()->set_first_sequence(queued_reads_.front().first);
    read.mutable_read_frames()->set_count(queued_reads_.front().count);
    reads_by_id_[send(std::move(read))] = queued_reads_.front();
    queued_reads_.pop_front();
    ++reads_in_flight_;
  }
}

void DeviceSession::deliver() {
  for (;;) {
    std::optional<HeldFrame> f = recovery_->pop();
    if (!f) return;
    ++frames_;
    last_delivered_ = f->frame.sequence;
    if (callbacks_.on_frame) callbacks_.on_frame(f->frame, f->received);
  }
}

void DeviceSession::arm_recovery_timer() {
  if (recovery_timer_armed_) return;
  recovery_timer_armed_ = true;
  recovery_timer_.expires_after(std::chrono::milliseconds(500));
  recovery_timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (ec || !*alive) return;
    recovery_timer_armed_ = false;
    if (state_ == State::kClosed) return;
    recovery_->tick(std::chrono::steady_clock::now());
    send_reads();  // requests refused earlier go again
    deliver();
    if (recovery_->waiting()) arm_recovery_timer();
  });
}

void DeviceSession::on_info(const v1::DeviceInfo& info) {
  if (auto reason = refuse_reason(info)) {
    close(*reason, true);
    return;
  }
  timer_.cancel();
  info_ = info;
  GapRecovery::Options options;
  options.device_can_resend = info.protocol_minor() >= 1;
  options.give_up = config_.recovery_give_up;
  recovery_.emplace(options);
  if (config_.resume) {
    if (config_.resume->boot_id != 0 && config_.resume->boot_id == info.boot_id()) {
      recovery_->expect(config_.resume->next_sequence);
    } else if (callbacks_.on_device_log) {
      callbacks_.on_device_log("restarted since it was last seen (boot " +
                               std::to_string(info.boot_id()) + ", was " +
                               std::to_string(config_.resume->boot_id) +
                               "): frames recorded while away cannot be re-read");
    }
  }
  if (info.protocol_minor() >= 2) {
    // Before anything else, so the recordings listed below already carry this boot's clock.
    v1::Command clock;
    clock.mutable_set_clock()->set_unix_time_us(
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count()));
    send(std::move(clock));
    if (config_.recording_rate_hz) {
      v1::Command rate;
      rate.mutable_set_recording_rate()->set_sample_rate_hz(*config_.recording_rate_hz);
      send(std::move(rate));
    }
  } else if (config_.recording_rate_hz && callbacks_.on_device_log) {
    callbacks_.on_device_log("speaks insole protocol 1." + std::to_string(info.protocol_minor()) +
                             ": it cannot be given a recording rate (update its firmware to 1.2)");
  }
  if (info.sample_rate_hz() != config_.sample_rate_hz) {
    v1::Command rate;
    rate.mutable_set_rate()->set_sample_rate_hz(config_.sample_rate_hz);
    send(std::move(rate));
    info_.set_sample_rate_hz(config_.sample_rate_hz);
  }
  v1::Command start;
  start.mutable_start_streaming();
  send(std::move(start));
  state_ = State::kStreaming;
  if (info.protocol_minor() >= 1) {
    v1::Command status;
    status.mutable_request_status();
    send(std::move(status));
  }
  if (callbacks_.on_ready) callbacks_.on_ready(info_);
  RecordingSink* sink =
      state_ == State::kStreaming && info.protocol_minor() >= 1 && callbacks_.recording_sink
          ? callbacks_.recording_sink(info_)
          : nullptr;
  if (sink != nullptr) {
    sync_.emplace(
        *sink, [this](v1::Command c) { return send(std::move(c)); },
        [this](const std::string& line) {
          if (callbacks_.on_device_log) callbacks_.on_device_log(line);
        });
    sync_->start();
  }
}

void DeviceSession::stop() {
  if (state_ == State::kClosed || state_ == State::kStopping) return;
  if (state_ != State::kStreaming) {
    close("stopped", false);
    return;
  }
  state_ = State::kStopping;
  stop_deadline_ = std::chrono::steady_clock::now() + kStopWaitForRecovery;
  send_stop();
}

// Frames being re-read are let in before the stop (bounded by kStopWaitForRecovery), so a run
// ended right after a reconnect keeps them.
void DeviceSession::send_stop() {
  if (recovery_ && recovery_->waiting() && std::chrono::steady_clock::now() < stop_deadline_) {
    timer_.expires_after(std::chrono::milliseconds(50));
    timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
      if (!ec && *alive && state_ == State::kStopping) send_stop();
    });
    return;
  }
  stop_request_id_ = next_request_id_;
  v1::Command command;
  command.mutable_stop_streaming();
  send(std::move(command));
  // Close even if the device never acknowledges.
  timer_.expires_after(std::chrono::milliseconds(300));
  timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (!ec && *alive) close("stopped (no acknowledgement)", false);
  });
}

void DeviceSession::close(const std::string& reason, bool error) {
  if (state_ == State::kClosed) return;
  if (recovery_ && error) {
    // The link is gone (unplugged?): frames held behind a gap are set aside, not delivered, so
    // the run's last frame stays before the gap and a reconnecting session re-reads all of it.
    deliver();
    if (const std::size_t n = recovery_->set_aside(); n > 0 && callbacks_.on_device_log)
      callbacks_.on_device_log(std::to_string(n) + " frames set aside until the insole reconnects");
  } else if (recovery_) {
    // Stopping: what is still missing is not coming; deliver everything held.
    recovery_->tick(std::chrono::steady_clock::time_point::max());
    deliver();
  }
  state_ = State::kClosed;
  if (sync_) sync_->abandon();
  timer_.cancel();
  recovery_timer_.cancel();
  link_->close();
  if (callbacks_.on_closed) callbacks_.on_closed(reason, error);
}

}  // namespace insole::session
