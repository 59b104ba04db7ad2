// What a component inside insoled (the local API server, for one) is told as it happens, on the
// io_context's thread. Handlers must not block; every default does nothing.
#ifndef INSOLE_DAEMON_APP_DAEMON_LISTENER_H_
#define INSOLE_DAEMON_APP_DAEMON_LISTENER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "insole/session/device_session.h"
#include "insole/store/records.h"

namespace insole::app {

class DaemonListener {
 public:
  virtual ~DaemonListener() = default;
  virtual void on_run_started(std::int64_t /*run_id*/) {}
  virtual void on_run_ended(std::int64_t /*run_id*/, const std::string& /*status*/) {}
  virtual void on_device_ready(const std::string& /*uri*/, const insole::v1::DeviceInfo&) {}
  virtual void on_device_closed(const std::string& /*uri*/, const std::string& /*reason*/) {}
  // Every frame of a device recorded into the current run (200 Hz per insole by default), with
  // its time on the run's clock (seconds since the run began, the steps' time base); nullopt
  // until the device's clock mapping has settled (its first frames).
  virtual void on_frame(const std::string& /*serial_number*/, const session::SensorFrame&,
                        std::optional<double> /*run_time_s*/) {}
  virtual void on_step(const store::StepRecord&) {}
};

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_DAEMON_LISTENER_H_
