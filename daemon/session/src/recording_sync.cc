#include "insole/session/recording_sync.h"

namespace insole::session {

namespace v1 = insole::v1;

RecordingSync::RecordingSync(RecordingSink& sink, std::function<std::uint32_t(v1::Command)> send,
                             std::function<void(const std::string&)> log)
    : sink_(sink), send_(std::move(send)), log_(std::move(log)) {}

void RecordingSync::start() { list(0); }

void RecordingSync::list(std::uint32_t skip) {
  v1::Command c;
  c.mutable_list_recordings()->set_skip(skip);
  list_request_ = send_(std::move(c));
}

bool RecordingSync::on_reply(const v1::DeviceMessage& m) {
  const std::uint32_t id = m.in_reply_to();
  if (id == 0 || done_) return false;
  if (id == list_request_) {
    list_request_ = 0;
    if (!m.has_recording_list()) {
      log_("cannot list the insole's recordings: " + m.error().message());
      done_ = true;
      return true;
    }
    const v1::RecordingList& l = m.recording_list();
    for (const v1::RecordingInfo& r : l.recordings()) {
      if (r.kind() == v1::RECORDING_KIND_OFFLINE && !r.open()) queue_.push_back(r);
    }
    listed_ += static_cast<std::uint32_t>(l.recordings_size());
    if (l.recordings_size() > 0 && listed_ < l.total()) {
      list(listed_);
    } else {
      next_recording();
    }
    return true;
  }
  if (in_flight_.erase(id) != 0) {
    if (!m.has_recording_chunk() || m.recording_chunk().offset() != received_offset_) {
      skip_current(m.has_error() ? m.error().message() : "unexpected reply");
      return true;
    }
    const std::string& data = m.recording_chunk().data();
    if (data.empty()) {
      skip_current("the insole sent an empty piece");
      return true;
    }
    if (!sink_.piece(*current_, received_offset_, data)) {
      log_("sync stopped: the daemon could not store recording " +
           std::to_string(current_->recording_id()));
      current_.reset();
      in_flight_.clear();
      done_ = true;
      return true;
    }
    received_offset_ += static_cast<std::uint32_t>(data.size());
    if (received_offset_ < current_->size_bytes()) {
      request_more();
      return true;
    }
    if (!sink_.complete(*current_)) {
      // The sink said why; the insole keeps the recording.
      current_.reset();
      next_recording();
      return true;
    }
    ++imported_;
    v1::Command c;
    c.mutable_erase_recording()->set_recording_id(current_->recording_id());
    erase_request_ = send_(std::move(c));
    return true;
  }
  if (id == erase_request_ && erase_request_ != 0) {
    erase_request_ = 0;
    if (m.has_ack()) {
      sink_.erased(*current_);
    } else {
      log_("the insole did not free recording " + std::to_string(current_->recording_id()) + ": " +
           m.error().message());
    }
    current_.reset();
    next_recording();
    return true;
  }
  return false;
}

void RecordingSync::next_recording() {
  while (!queue_.empty()) {
    current_ = queue_.front();
    queue_.pop_front();
    const RecordingSink::Start start = sink_.begin(*current_);
    if (start.plan == RecordingSink::Plan::kSkip) continue;
    if (start.plan == RecordingSink::Plan::kErase) {
      v1::Command c;
      c.mutable_erase_recording()->set_recording_id(current_->recording_id());
      erase_request_ = send_(std::move(c));
      return;
    }
    next_offset_ = received_offset_ = start.from_offset;
    if (received_offset_ >= current_->size_bytes()) {
      // Everything is already held (the daemon stopped before importing): import now.
      if (sink_.complete(*current_)) {
        ++imported_;
        v1::Command c;
        c.mutable_erase_recording()->set_recording_id(current_->recording_id());
        erase_request_ = send_(std::move(c));
        return;
      }
      continue;
    }
    request_more();
    return;
  }
  current_.reset();
  done_ = true;
}

void RecordingSync::request_more() {
  while (static_cast<int>(in_flight_.size()) < kPipeline && next_offset_ < current_->size_bytes()) {
    v1::Command c;
    v1::ReadRecording* r = c.mutable_read_recording();
    r->set_recording_id(current_->recording_id());
    r->set_offset(next_offset_);
    r->set_length(kChunkBytes);
    in_flight_.insert(send_(std::move(c)));
    next_offset_ += kChunkBytes;
  }
}

void RecordingSync::skip_current(const std::string& why) {
  log_("download of recording " + std::to_string(current_->recording_id()) + " stopped (" + why +
       "); the insole keeps it");
  sink_.interrupted(*current_);
  in_flight_.clear();  // late replies to these are ignored (not ours any more)
  current_.reset();
  next_recording();
}

void RecordingSync::abandon() {
  if (current_ && !done_) sink_.interrupted(*current_);
  current_.reset();
  done_ = true;
}

}  // namespace insole::session
