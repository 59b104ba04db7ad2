// Reads a stored run's raw-frame archive back as frames on the run's time axis, both feet merged
// in time order, one decoded block and a page of kPageBlocks compressed blocks in memory per
// device (a 3-hour run never sits in memory whole). Used by re-analysis (insolectl) and by the
// import that adds a foot to a stored run.
#ifndef INSOLE_RUN_RUN_FRAMES_H_
#define INSOLE_RUN_RUN_FRAMES_H_

#include <cstdint>
#include <mutex>
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

// One device's frames in device-time order, a page of kPageBlocks compressed blocks and one
// decoded block in memory. When reader_lock is given it is held while the reader is used, so the
// devices of one run can be read on several threads through one connection.
class DeviceFrameStream {
 public:
  static constexpr std::size_t kPageBlocks = 64;

  // Throws std::runtime_error on an undecodable block (here or in ready()). reader must outlive
  // the stream.
  DeviceFrameStream(store::RunReader& reader, std::int64_t run_id,
                    const store::RunDeviceRecord& device, std::mutex* reader_lock = nullptr);
  bool archived() const { return archived_; }  // the device has at least one block
  // A frame is available (decodes the next block when needed).
  bool ready();
  // The time of the frame next() gives; only after ready() returned true.
  double next_time() const { return time_of(next_frame_); }
  // Only after ready() returned true.
  void next(RunFrame& frame);
  const store::RunDeviceRecord& device() const { return device_; }

 private:
  double time_of(std::size_t frame) const;
  std::vector<store::FrameBlockRecord> page(const store::FrameBlockRecord* after);

  store::RunReader* reader_;
  std::mutex* reader_lock_;
  std::int64_t run_id_;
  store::RunDeviceRecord device_;
  std::vector<store::FrameBlockRecord> blocks_;  // the current page, compressed
  bool archived_ = false;
  bool last_page_ = false;
  std::size_t next_block_ = 0;
  archive::FrameBlock block_;  // decoded current block
  std::size_t next_frame_ = 0;
};

// All devices of a run merged in time order (on equal times, the device listed first).
class RunFrameStream {
 public:
  static constexpr std::size_t kPageBlocks = DeviceFrameStream::kPageBlocks;

  // Throws std::runtime_error if the run has no archive or an undecodable block. reader must
  // outlive the stream (pages are read as the frames are).
  RunFrameStream(store::RunReader& reader, std::int64_t run_id);
  bool next(RunFrame& frame);
  const std::vector<store::RunDeviceRecord>& devices() const { return devices_; }

 private:
  std::vector<store::RunDeviceRecord> devices_;
  std::vector<DeviceFrameStream> streams_;  // the devices with an archive, in devices_ order
};

}  // namespace insole::run

#endif  // INSOLE_RUN_RUN_FRAMES_H_
