#include "insole/run/flash_importer.h"

#include <algorithm>
#include <ctime>
#include <span>

#include "insole/run/device_record.h"
#include "insole/run/flash_records.h"
#include "insole/run/outing_merge.h"
#include "insole/run/run_builder.h"
#include "insole/run/time_mapping.h"
#include "insole/session/sensor_frame.h"
#include "insole/store/iso_time.h"
#include "insole/store/run_writer.h"
#include "insole/wire/crc32.h"
#include "insole/wire/recording_record.h"

namespace insole::run {

namespace v1 = insole::v1;

namespace {

// How the recording ended, as the store keeps it (run_devices.recording_end); empty: not said.
std::string end_name(v1::RecordingEnd end) {
  switch (end) {
    case v1::RECORDING_END_FOOT_OFF:
      return "foot_off";
    case v1::RECORDING_END_HOST:
      return "host";
    case v1::RECORDING_END_FLASH_FULL:
      return "flash_full";
    case v1::RECORDING_END_POWER_LOSS:
      return "power_loss";
    case v1::RECORDING_END_RESTART:
      return "restart";
    default:
      return "";
  }
}

std::string name(const v1::RecordingInfo& r) {
  return "recording " + std::to_string(r.recording_id()) + " (boot " + std::to_string(r.boot_id()) +
         ")";
}

}  // namespace

FlashImporter::FlashImporter(store::Connection& db, v1::DeviceInfo info,
                             std::function<void(const std::string&)> log)
    : db_(db), recordings_(db), info_(std::move(info)), log_(std::move(log)) {
  device_id_ = store::RunWriter(db_).upsert_device(device_record(info_));
}

void FlashImporter::set_device_uptime(std::uint64_t uptime_us,
                                      std::chrono::system_clock::time_point at) {
  uptime_ = {uptime_us, at};
}

store::InsoleRecordingKey FlashImporter::key(const v1::RecordingInfo& r) const {
  return {device_id_, r.boot_id(), r.recording_id()};
}

session::RecordingSink::Start FlashImporter::begin(const v1::RecordingInfo& r) {
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

bool FlashImporter::piece(const v1::RecordingInfo& r, std::uint32_t offset,
                          const std::string& data) {
  if (offset != pending_offset_ + pending_.size()) return false;
  pending_.insert(pending_.end(), data.begin(), data.end());
  return pending_.size() < kPieceBytes || flush(r);
}

bool FlashImporter::flush(const v1::RecordingInfo& r) {
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

void FlashImporter::interrupted(const v1::RecordingInfo& r) {
  if (flush(r))
    log_(name(r) + ": " + std::to_string(pending_offset_) + " of " +
         std::to_string(r.size_bytes()) + " bytes kept; the download resumes there next time");
}

bool FlashImporter::complete(const v1::RecordingInfo& r) {
  if (!flush(r)) return false;
  const std::vector<std::uint8_t> data = recordings_.data(key(r));
  if (data.size() != r.size_bytes() || wire::crc32(data.data(), data.size()) != r.crc32()) {
    log_(name(r) + " failed its CRC check; it stays on the insole and is downloaded again");
    recordings_.discard_pieces(key(r));
    return false;
  }
  if (!import(r, data)) return false;
  ++imported_;
  return true;
}

std::optional<std::int64_t> FlashImporter::started_wall_us(const v1::RecordingInfo& r) const {
  // Protocol 1.2: the wall clock a host gave the insole during the recording's boot, kept in its
  // flash across power cycles
  // (docs/protocol.md#dating-recordings-the-insole-has-no-real-time-clock-12).
  if (r.boot_wall_clock_us() != 0)
    return static_cast<std::int64_t>(r.boot_wall_clock_us() + r.start_time_us());
  // Older firmware: known when the insole has not restarted since it recorded (its clock still
  // runs). Otherwise no host saw that boot: the date cannot be known.
  if (!uptime_ || r.boot_id() != info_.boot_id() || uptime_->first < r.start_time_us())
    return std::nullopt;
  const std::int64_t at_us =
      std::chrono::duration_cast<std::chrono::microseconds>(uptime_->second.time_since_epoch())
          .count();
  return at_us - static_cast<std::int64_t>(uptime_->first - r.start_time_us());
}

bool FlashImporter::import(const v1::RecordingInfo& r, const std::vector<std::uint8_t>& data) {
  if (r.sensel_count() != info_.sensel_count() || r.record_bytes() == 0 ||
      r.record_bytes() != wire::recording_record_size(r.sensel_count())) {
    log_(name(r) + " has " + std::to_string(r.sensel_count()) + " sensels in records of " +
         std::to_string(r.record_bytes()) + " bytes; the insole has " +
         std::to_string(info_.sensel_count()) + ": not imported");
    return false;
  }
  try {
    const std::size_t bytes =
        std::min(data.size(), std::size_t{r.frame_count()} * r.record_bytes());
    const FlashRecords records(
        std::span<const std::uint8_t>(data).first(bytes),
        {r.first_sequence(), r.record_bytes(), r.sensel_count(), info_.newtons_per_count()});
    const std::optional<std::int64_t> wall = started_wall_us(r);
    const auto side = side_of(info_).value_or(analysis::Side::kLeft);
    // The other foot of the same outing, already a one-foot run: this foot joins it.
    if (wall) {
      store::OutingQuery q;
      q.device_id = device_id_;
      q.partner_side = side == analysis::Side::kLeft ? 'R' : 'L';
      q.sample_rate_hz = r.sample_rate_hz();
      q.started_wall_us = *wall;
      q.span_us = static_cast<std::int64_t>(records.size()) * 1'000'000 /
                  std::max<std::int64_t>(1, r.sample_rate_hz());
      if (const auto partner = recordings_.partner(q)) {
        store::Transaction tx(db_);
        const MergedRun merged = add_foot_to_run(
            db_,
            {*partner->run_id, *partner->started_wall_us + partner->span_us(),
             partner->key.device_id, partner->start_time_us, *partner->started_wall_us},
            {&info_, device_id_, &records, r.start_time_us(), *wall, r.sample_rate_hz()});
        if (const std::string end = end_name(r.end()); !end.empty())
          store::RunWriter(db_).set_recording_end(*partner->run_id, device_id_, end);
        recordings_.set_imported(key(r), *partner->run_id, wall);
        tx.commit();
        log_("imported " + name(r) + " into run " + std::to_string(*partner->run_id) +
             ", the other foot of the same outing: " + std::to_string(merged.steps_left) +
             " left and " + std::to_string(merged.steps_right) + " right steps");
        return true;
      }
    }
    RunBuilder builder(db_, r.sample_rate_hz());
    const int slot =
        builder.add_device(info_, std::make_unique<DeviceClockMapping>(r.start_time_us()));
    session::SensorFrame sensor;
    for (std::size_t k = 0; k < records.size(); ++k) {
      records.decode(k, sensor);
      builder.frame(slot, sensor, std::nullopt);
      if (k % 2000 == 1999 && !builder.flush_steps()) throw store::StoreError(builder.last_error());
    }
    session::LinkStats stats;
    stats.frames = r.frame_count();
    builder.flush(slot, stats);
    builder.finish("complete");
    const std::int64_t run = *builder.run_id();
    store::RunWriter writer(db_);
    if (wall) {  // dated by the insole's clock: from its first frame to the end of its last
      const std::int64_t span_us = static_cast<std::int64_t>(records.size()) * 1'000'000 /
                                   std::max<std::int64_t>(1, r.sample_rate_hz());
      writer.set_started_at(run, store::iso_utc(*wall / 1000));
      writer.set_ended_at(run, store::iso_utc((*wall + span_us) / 1000));
    } else {  // never the sync's date: the run says its date is unknown
      writer.set_date_unknown(run);
    }
    if (const std::string end = end_name(r.end()); !end.empty())
      writer.set_recording_end(run, device_id_, end);
    if (r.end() == v1::RECORDING_END_FLASH_FULL)
      log_(name(r) + " was cut: the insole's memory was full after " +
           std::to_string(records.size() / std::max<std::uint32_t>(1, r.sample_rate_hz())) +
           " s; sync more often or set a lower recording rate (recording_rate_hz)");
    recordings_.set_imported(key(r), run, wall);
    // Ended by this host's arrival in the insole's current boot: the start of the live run
    // (recorded_start.h).
    const bool live_start = r.end() == v1::RECORDING_END_HOST && r.boot_id() == info_.boot_id();
    log_("imported " + name(r) + " as run " + std::to_string(run) + ": " +
         std::to_string(builder.steps(side)) + " steps, one foot" +
         (live_start ? "; it is the start of the run being recorded and joins it when that run ends"
          : wall     ? "; the other foot's recording of this outing joins it when that insole is "
                       "synced"
                     : "; no host gave the insole the time in the boot it was recorded in, so its "
                       "date is unknown and it cannot be paired with the other foot"));
    return true;
  } catch (const std::exception& e) {
    log_(std::string("cannot import ") + name(r) + ": " + e.what());
    return false;
  }
}

void FlashImporter::erased(const v1::RecordingInfo& r) {
  try {
    recordings_.set_state(key(r), "erased");
  } catch (const std::exception& e) {
    log_(std::string("cannot note that ") + name(r) + " was freed: " + e.what());
  }
}

}  // namespace insole::run
