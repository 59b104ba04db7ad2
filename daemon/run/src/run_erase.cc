#include "insole/run/run_erase.h"

#include "insole/archive/frame_block.h"
#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"

namespace insole::run {

ErasedStretch erase_run_stretch(store::Connection& db, std::int64_t run_id, double from_s,
                                double to_s) {
  ErasedStretch erased;
  store::RunReader reader(db);
  store::RunWriter writer(db);
  const std::int64_t from_us = static_cast<std::int64_t>(from_s * 1e6);
  const std::int64_t to_us = static_cast<std::int64_t>(to_s * 1e6);
  for (const auto& device : reader.devices(run_id)) {
    const auto blocks = reader.frame_blocks(run_id, device.device_id);
    if (blocks.empty()) continue;
    // The run-time axis re-analysis uses (run_frames.h), the same the live trial was timed on.
    const std::int64_t offset_us =
        device.has_clock ? device.clock_offset_us
                         : -static_cast<std::int64_t>(blocks.front().first_device_time_us);
    for (const auto& record : blocks) {
      if (record.codec != archive::kCodec) {
        // Unreadable by this build: its frames cannot be told apart, so it goes whole if its
        // first frame could be in the stretch.
        const std::int64_t first_us =
            static_cast<std::int64_t>(record.first_device_time_us) + offset_us;
        if (first_us <= to_us) {
          writer.replace_frame_block(run_id, record.id, nullptr);
          erased.frames += record.frame_count;
        }
        continue;
      }
      const archive::FrameBlock block = archive::decode(record.data);
      archive::FrameBlock kept;
      kept.sensel_count = block.sensel_count;
      const std::size_t n = block.sensel_count;
      for (std::size_t i = 0; i < block.frames(); ++i) {
        const std::int64_t t_us = static_cast<std::int64_t>(block.device_time_us[i]) + offset_us;
        if (t_us >= from_us && t_us <= to_us) continue;
        kept.append(block.sequence[i], block.device_time_us[i],
                    std::span<const std::uint16_t>(block.counts).subspan(i * n, n));
      }
      if (kept.frames() == block.frames()) continue;
      erased.frames += block.frames() - kept.frames();
      if (kept.frames() == 0) {
        writer.replace_frame_block(run_id, record.id, nullptr);
        continue;
      }
      store::FrameBlockRecord rewritten;
      rewritten.device_id = record.device_id;
      rewritten.first_sequence = kept.sequence.front();
      rewritten.frame_count = static_cast<std::uint32_t>(kept.frames());
      rewritten.first_device_time_us = kept.device_time_us.front();
      rewritten.codec = archive::kCodec;
      rewritten.data = archive::encode(kept);
      writer.replace_frame_block(run_id, record.id, &rewritten);
      ++erased.blocks_rewritten;
    }
  }
  writer.delete_steps_between(run_id, from_s, to_s);
  return erased;
}

}  // namespace insole::run
