#include "recording_importer.h"

#include <ctime>

#include "device_record.h"
#include "insole/session/sensor_frame.h"
#include "insole/store/run_writer.h"
#include "insole/wire/crc32.h"
#include "insole/wire/recording_record.h"
#include "run_recorder.h"

namespace insole::app {

namespace v1 = insole::v1;

namespace {

std::string iso_utc(std::chrono::system_clock::time_point t) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char text[80];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return text;
}

std::string name(const v1::RecordingInfo& r) {
  return "recording " + std::to_string(r.recording_id()) + " (boot " + std::to_string(r.boot_id()) +
         ")";
}

}  // namespace

RecordingImporter::RecordingImporter(store::Connection& db, v1::DeviceInfo info,
                                     std::function<void(const std::string&)> log)
    : db_(db), recordings_(db), info_(std::move(info)), log_(std::move(log)) {
  device_id_ = store::RunWriter(db_).upsert_device(device_record(info_));
}

void RecordingImporter::set_device_uptime(std::uint64_t uptime_us,
                                          std::chrono::system_clock::time_point at) {
  uptime_ = {uptime_us, at};
}

store::InsoleRecordingKey RecordingImporter::key(const v1::RecordingInfo& r) const {
  return {device_id_, r.boot_id(), r.recording_id()};
}

session::RecordingSink::Start RecordingImporter::begin(const v1::RecordingInfo& r) {
  store::InsoleRecordingRecord listed;
  listed.key = key(r);
  listed.first_sequence = r.first_sequence();
  listed.frame_count = r.frame_count();
  listed.start_time_us = r.start_time_us();
  listed.sample_rate_hz = r.sample_rate_hz();
  listed.sensel_count = r.sensel_count();
  listed.record_bytes = r.record_bytes();
  listed.size_bytes = r.size_bytes();
  listed.crc32 = r.crc32();
  try {
    const store::InsoleRecordingRecord known = recordings_.note(listed);
    if (known.state == "imported" || known.state == "erased") {
      log_(name(r) + " is already run " + std::to_string(known.run_id.value_or(0)) +
           "; freeing it on the insole");
      return {Plan::kErase, 0};
    }
    pending_.clear();
    pending_offset_ = recordings_.held_bytes(listed.key);
    log_("downloading " + name(r) + ": " + std::to_string(r.frame_count()) + " frames, " +
         std::to_string(r.size_bytes() / 1024) + " KiB" +
         (pending_offset_ > 0 ? ", resuming at byte " + std::to_string(pending_offset_) : ""));
    return {Plan::kDownload, pending_offset_};
  } catch (const std::exception& e) {
    log_(std::string("cannot sync ") + name(r) + ": " + e.what());
    return {Plan::kSkip, 0};
  }
}

bool RecordingImporter::piece(const v1::RecordingInfo& r, std::uint32_t offset,
                              const std::string& data) {
  if (offset != pending_offset_ + pending_.size()) return false;
  pending_.insert(pending_.end(), data.begin(), data.end());
  return pending_.size() < kPieceBytes || flush(r);
}

bool RecordingImporter::flush(const v1::RecordingInfo& r) {
  if (pending_.empty()) return true;
  try {
    recordings_.add_piece(key(r), pending_offset_, pending_);
  } catch (const std::exception& e) {
    log_(std::string("cannot keep ") + name(r) + ": " + e.what());
    return false;
  }
  pending_offset_ += static_cast<std::uint32_t>(pending_.size());
  pending_.clear();
  return true;
}

void RecordingImporter::interrupted(const v1::RecordingInfo& r) {
  if (flush(r))
    log_(name(r) + ": " + std::to_string(pending_offset_) + " of " +
         std::to_string(r.size_bytes()) + " bytes kept; the download resumes there next time");
}

bool RecordingImporter::complete(const v1::RecordingInfo& r) {
  if (!flush(r)) return false;
  const std::vector<std::uint8_t> data = recordings_.data(key(r));
  if (data.size() != r.size_bytes() || wire::crc32(data.data(), data.size()) != r.crc32()) {
    log_(name(r) + " failed its CRC check; it stays on the insole and is downloaded again");
    recordings_.discard_pieces(key(r));
    return false;
  }
  const std::optional<std::int64_t> run = import(r, data);
  if (!run) return false;
  recordings_.set_imported(key(r), *run);
  ++imported_;
  return true;
}

std::optional<std::int64_t> RecordingImporter::import(const v1::RecordingInfo& r,
                                                      const std::vector<std::uint8_t>& data) {
  if (r.sensel_count() != info_.sensel_count() || r.record_bytes() == 0 ||
      r.record_bytes() != wire::recording_record_size(r.sensel_count())) {
    log_(name(r) + " has " + std::to_string(r.sensel_count()) + " sensels in records of " +
         std::to_string(r.record_bytes()) + " bytes; the insole has " +
         std::to_string(info_.sensel_count()) + ": not imported");
    return std::nullopt;
  }
  try {
    RunRecorder recorder(db_, r.sample_rate_hz());
    const int slot = recorder.add_device(info_);
    const auto base = std::chrono::steady_clock::now();
    v1::Frame frame;
    session::SensorFrame sensor;
    std::string error;
    for (std::uint32_t k = 0; k < r.frame_count(); ++k) {
      wire::RecordView view{};
      if (!wire::decode_record(data.data() + std::size_t{k} * r.record_bytes(), r.record_bytes(),
                               &view)) {
        throw std::runtime_error("record " + std::to_string(k) + " is not a frame");
      }
      frame.set_sequence(r.first_sequence() + k);
      frame.set_device_time_us(view.device_time_us);
      frame.set_flags(view.flags);
      frame.set_readings(reinterpret_cast<const char*>(view.packed), view.packed_size);
      if (!to_sensor_frame(frame, info_, sensor, &error)) throw std::runtime_error(error);
      recorder.frame(slot, sensor,
                     base + std::chrono::microseconds(view.device_time_us - r.start_time_us()));
      if (k % 2000 == 1999 && !recorder.flush_steps())
        throw store::StoreError(recorder.last_error());
    }
    session::LinkStats stats;
    stats.frames = r.frame_count();
    recorder.flush(slot, stats);
    recorder.finish("complete");
    const std::int64_t run = *recorder.run_id();
    // Wall-clock start: known when the insole has not restarted since it recorded.
    if (uptime_ && r.boot_id() == info_.boot_id() && uptime_->first >= r.start_time_us()) {
      const auto ago = std::chrono::microseconds(uptime_->first - r.start_time_us());
      store::RunWriter(db_).set_started_at(
          run, iso_utc(uptime_->second -
                       std::chrono::duration_cast<std::chrono::system_clock::duration>(ago)));
    }
    log_("imported " + name(r) + " as run " + std::to_string(run) + ": " +
         std::to_string(recorder.steps(info_.side() == v1::SIDE_RIGHT ? 'R' : 'L')) + " steps");
    return run;
  } catch (const std::exception& e) {
    log_(std::string("cannot import ") + name(r) + ": " + e.what());
    return std::nullopt;
  }
}

void RecordingImporter::erased(const v1::RecordingInfo& r) {
  try {
    recordings_.set_state(key(r), "erased");
  } catch (const std::exception& e) {
    log_(std::string("cannot note that ") + name(r) + " was freed: " + e.what());
  }
}

}  // namespace insole::app
