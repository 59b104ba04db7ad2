// What a component watching insoled's runs (the local API, the web dashboard) is told as it
// happens, on the io_context's thread, and what it may ask. Events carry domain values (steps,
// frames, device descriptions), never database rows; status() is a snapshot by value that stays
// valid however long it is kept. Handlers must not block; every default does nothing.
#ifndef INSOLE_RUN_RUN_LISTENER_H_
#define INSOLE_RUN_RUN_LISTENER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "insole/analysis/step.h"
#include "insole/run/run_status.h"
#include "insole/session/sensor_frame.h"
#include "insole/v1/device.pb.h"

namespace insole::run {

class RunListener {
 public:
  virtual ~RunListener() = default;
  virtual void on_run_started(std::int64_t /*run_id*/) {}
  virtual void on_run_ended(std::int64_t /*run_id*/, const std::string& /*status*/) {}
  virtual void on_device_ready(const std::string& /*uri*/, const insole::v1::DeviceInfo&) {}
  virtual void on_device_closed(const std::string& /*uri*/, const std::string& /*reason*/) {}
  // Every frame of a device recorded into the current run (200 Hz per insole by default), with
  // its time on the run's clock (seconds since the run began, the steps' time base); nullopt
  // until the device's time mapping has settled (its first frames).
  virtual void on_frame(const std::string& /*serial_number*/, const session::SensorFrame&,
                        std::optional<double> /*run_time_s*/) {}
  virtual void on_step(const analysis::Step&) {}
};

// Where runs can be watched (insoled's Daemon).
class RunHub {
 public:
  virtual void add_listener(RunListener* listener) = 0;
  virtual DaemonStatus status() const = 0;
  // Stores every frame and step of the current run received so far (partial blocks too); false
  // when the database refused (the data stays buffered). For erasing a stretch of it.
  virtual bool store_recording_now() { return true; }
  // A stretch of the current run (run_id) was erased: steps overlapping it that the analysis
  // completes later are not stored either.
  virtual void forget_steps(std::int64_t /*run_id*/, double /*from_s*/, double /*to_s*/) {}

 protected:
  ~RunHub() = default;
};

}  // namespace insole::run

#endif  // INSOLE_RUN_RUN_LISTENER_H_
