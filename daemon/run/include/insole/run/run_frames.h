// Reads a stored run's raw-frame archive back as frames on the run's time axis, both feet merged
// in time order, one decoded block and a page of kPageBlocks compressed blocks in memory per
// device (a 3-hour run never sits in memory whole). Used by re-analysis (insolectl) and by the
// import that adds a foot to a stored run.
#ifndef INSOLE_RUN_RUN_FRAMES_H_
#define INSOLE_RUN_RUN_FRAMES_H_

#include <cstdint>
#include <vector>

#include "insole/archive/frame_block.h"
#include "insole/store/records.h"
#include "insole/store/run_reader.h"

namespace insole::run {

struct RunFrame {
  double t_s = 0;  // seconds since the run began
  char side = 'L';
  std::uint32_t sequence = 0;
  std::vector<float> forces_n;
};

class RunFrameStream {
 public:
  static constexpr std::size_t kPageBlocks = 64;

  // Throws std::runtime_error if the run has no archive or an undecodable block. reader must
  // outlive the stream (pages are read as the frames are).
  RunFrameStream(store::RunReader& reader, std::int64_t run_id);
  bool next(RunFrame& frame);
  const std::vector<store::RunDeviceRecord>& devices() const { return devices_; }

 private:
  struct Cursor {
    store::RunReader* reader = nullptr;
    std::int64_t run_id = 0;
    store::RunDeviceRecord device;
    std::vector<store::FrameBlockRecord> blocks;  // the current page, compressed
    bool last_page = false;
    std::size_t next_block = 0;
    archive::FrameBlock block;  // decoded current block
    std::size_t next_frame = 0;
    double time_of(std::size_t frame) const;
    bool ready();  // a frame is available (decodes the next block when needed)
  };
  std::vector<store::RunDeviceRecord> devices_;
  std::vector<Cursor> cursors_;
};

}  // namespace insole::run

#endif  // INSOLE_RUN_RUN_FRAMES_H_
