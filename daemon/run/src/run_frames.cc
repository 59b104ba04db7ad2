#include "insole/run/run_frames.h"

#include <stdexcept>
#include <string>

namespace insole::run {

double RunFrameStream::Cursor::time_of(std::size_t frame) const {
  return static_cast<double>(static_cast<std::int64_t>(block.device_time_us[frame]) +
                             device.clock_offset_us) *
         1e-6;
}

bool RunFrameStream::Cursor::ready() {
  while (next_frame >= block.frames()) {
    if (next_block >= blocks.size()) {
      if (last_page || blocks.empty()) return false;
      const store::FrameBlockRecord after = std::move(blocks.back());
      blocks = reader->frame_blocks_after(run_id, device.device_id, &after, kPageBlocks);
      next_block = 0;
      last_page = blocks.size() < kPageBlocks;
      if (blocks.empty()) return false;
    }
    const auto& rec = blocks[next_block++];
    if (rec.codec != archive::kCodec) {
      throw std::runtime_error("frame block of device " + device.serial_number + " uses codec '" +
                               rec.codec + "', unknown to this build");
    }
    block = archive::decode(rec.data);
    next_frame = 0;
  }
  return true;
}

RunFrameStream::RunFrameStream(store::RunReader& reader, std::int64_t run_id)
    : devices_(reader.devices(run_id)) {
  for (const auto& d : devices_) {
    Cursor c;
    c.reader = &reader;
    c.run_id = run_id;
    c.device = d;
    c.blocks = reader.frame_blocks_after(run_id, d.device_id, nullptr, kPageBlocks);
    c.last_page = c.blocks.size() < kPageBlocks;
    if (c.blocks.empty()) continue;
    if (!d.has_clock) {
      // Interrupted before the clock was settled: start the device at the run's zero.
      c.device.clock_offset_us = -static_cast<std::int64_t>(c.blocks.front().first_device_time_us);
    }
    cursors_.push_back(std::move(c));
  }
  if (cursors_.empty()) {
    throw std::runtime_error("run " + std::to_string(run_id) +
                             " has no raw-frame archive (recorded before insole 0.3?)");
  }
}

bool RunFrameStream::next(RunFrame& frame) {
  Cursor* best = nullptr;
  for (Cursor& c : cursors_) {
    if (!c.ready()) continue;
    if (!best || c.time_of(c.next_frame) < best->time_of(best->next_frame)) best = &c;
  }
  if (!best) return false;
  const std::size_t i = best->next_frame++;
  const std::size_t n = best->block.sensel_count;
  frame.t_s = best->time_of(i);
  frame.side = best->device.side;
  frame.sequence = best->block.sequence[i];
  frame.forces_n.resize(n);
  const double scale = best->device.newtons_per_count > 0 ? best->device.newtons_per_count : 0.1;
  for (std::size_t k = 0; k < n; ++k) {
    frame.forces_n[k] = static_cast<float>(best->block.counts[i * n + k] * scale);
  }
  return true;
}

}  // namespace insole::run
