// The host's side of syncing one insole's offline recordings (session/recording_sync.h):
// keeps downloaded bytes in the database (store/insole_recordings.h) in pieces of up to
// kPieceBytes, so a cut download resumes where the last piece ended; verifies the whole against
// the insole's CRC; turns it into a run (analysed steps and archived frames, like a streamed
// run, through RunBuilder on the device's own clock: flash_records.h, time_mapping.h) whose start
// time is placed on the wall clock from the clock a host gave the insole in the recording's boot
// (protocol 1.2, kept in its flash across power cycles), or from its Status uptime when it has
// not restarted since (1.1); a run whose date cannot be known has none (started_at NULL), and a
// run cut by a full flash is marked so (run_devices.recording_end);
// and only then lets the insole free it. One outing is one run: when the other foot's recording
// of the same outing (other side, overlapping on the wall clock) is already a one-foot run, this
// foot is added to it (outing_merge.h) instead of becoming a run of its own.
#ifndef INSOLE_RUN_FLASH_IMPORTER_H_
#define INSOLE_RUN_FLASH_IMPORTER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "insole/session/recording_sync.h"
#include "insole/store/insole_recordings.h"
#include "insole/store/sqlite.h"
#include "insole/v1/control.pb.h"
#include "insole/v1/device.pb.h"

namespace insole::run {

class FlashImporter final : public session::RecordingSink {
 public:
  static constexpr std::size_t kPieceBytes = 64 * 1024;

  FlashImporter(store::Connection& db, insole::v1::DeviceInfo info,
                std::function<void(const std::string&)> log);

  // The insole's uptime at a host wall-clock instant (from its Status reply).
  void set_device_uptime(std::uint64_t uptime_us, std::chrono::system_clock::time_point at);

  Start begin(const insole::v1::RecordingInfo& r) override;
  bool piece(const insole::v1::RecordingInfo& r, std::uint32_t offset,
             const std::string& data) override;
  bool complete(const insole::v1::RecordingInfo& r) override;
  void erased(const insole::v1::RecordingInfo& r) override;
  void interrupted(const insole::v1::RecordingInfo& r) override;

  std::uint32_t imported() const { return imported_; }

 private:
  store::InsoleRecordingKey key(const insole::v1::RecordingInfo& r) const;
  bool flush(const insole::v1::RecordingInfo& r);
  // Imports a verified recording and marks it imported; false (logged) when it cannot be.
  bool import(const insole::v1::RecordingInfo& r, const std::vector<std::uint8_t>& data);
  // When the recording began on the wall clock (Unix µs); nullopt when no host gave that boot the
  // time (or, from a 1.1 insole, it restarted since).
  std::optional<std::int64_t> started_wall_us(const insole::v1::RecordingInfo& r) const;

  store::Connection& db_;
  store::InsoleRecordings recordings_;
  insole::v1::DeviceInfo info_;
  std::function<void(const std::string&)> log_;
  std::int64_t device_id_ = 0;
  std::optional<std::pair<std::uint64_t, std::chrono::system_clock::time_point>> uptime_;
  std::vector<std::uint8_t> pending_;
  std::uint32_t pending_offset_ = 0;
  std::uint32_t imported_ = 0;
};

}  // namespace insole::run

#endif  // INSOLE_RUN_FLASH_IMPORTER_H_
