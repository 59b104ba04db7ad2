#include "insole/run/run_frames.h"

#include <stdexcept>
#include <string>

namespace insole::run {

DeviceFrameStream::DeviceFrameStream(store::RunReader& reader, std::int64_t run_id,
                                     const store::RunDeviceRecord& device, std::mutex* reader_lock)
    : reader_(&reader), reader_lock_(reader_lock), run_id_(run_id), device_(device) {
  blocks_ = page(nullptr);
  last_page_ = blocks_.size() < kPageBlocks;
  archived_ = !blocks_.empty();
  if (archived_ && !device_.has_clock) {
    // Interrupted before the clock was settled: start the device at the run's zero.
    device_.clock_offset_us = -static_cast<std::int64_t>(blocks_.front().first_device_time_us);
  }
}

std::vector<store::FrameBlockRecord> DeviceFrameStream::page(const store::FrameBlockRecord* after) {
  std::unique_lock<std::mutex> lock;
  if (reader_lock_) lock = std::unique_lock<std::mutex>(*reader_lock_);
  return reader_->frame_blocks_after(run_id_, device_.device_id, after, kPageBlocks);
}

double DeviceFrameStream::time_of(std::size_t frame) const {
  return static_cast<double>(static_cast<std::int64_t>(block_.device_time_us[frame]) +
                             device_.clock_offset_us) *
         1e-6;
}

bool DeviceFrameStream::ready() {
  while (next_frame_ >= block_.frames()) {
    if (next_block_ >= blocks_.size()) {
      if (last_page_ || blocks_.empty()) return false;
      const store::FrameBlockRecord after = std::move(blocks_.back());
      blocks_ = page(&after);
      next_block_ = 0;
      last_page_ = blocks_.size() < kPageBlocks;
      if (blocks_.empty()) return false;
    }
    const auto& rec = blocks_[next_block_++];
    if (rec.codec != archive::kCodec) {
      throw std::runtime_error("frame block of device " + device_.serial_number + " uses codec '" +
                               rec.codec + "', unknown to this build");
    }
    block_ = archive::decode(rec.data);
    next_frame_ = 0;
  }
  return true;
}

void DeviceFrameStream::next(RunFrame& frame) {
  const std::size_t i = next_frame_++;
  const std::size_t n = block_.sensel_count;
  frame.t_s = time_of(i);
  frame.side = device_.side;
  frame.sequence = block_.sequence[i];
  frame.forces_n.resize(n);
  const double scale = device_.newtons_per_count > 0 ? device_.newtons_per_count : 0.1;
  for (std::size_t k = 0; k < n; ++k) {
    frame.forces_n[k] = static_cast<float>(block_.counts[i * n + k] * scale);
  }
}

RunFrameStream::RunFrameStream(store::RunReader& reader, std::int64_t run_id)
    : devices_(reader.devices(run_id)) {
  for (const auto& d : devices_) {
    DeviceFrameStream s(reader, run_id, d);
    if (s.archived()) streams_.push_back(std::move(s));
  }
  if (streams_.empty()) {
    throw std::runtime_error("run " + std::to_string(run_id) +
                             " has no raw-frame archive (recorded before insole 0.3?)");
  }
}

bool RunFrameStream::next(RunFrame& frame) {
  DeviceFrameStream* best = nullptr;
  for (DeviceFrameStream& s : streams_) {
    if (!s.ready()) continue;
    if (!best || s.next_time() < best->next_time()) best = &s;
  }
  if (!best) return false;
  best->next(frame);
  return true;
}

}  // namespace insole::run
