// What the dashboard's live page is sent (docs/web.md, /ws/live), built from the daemon's frames
// and steps: per insole its layout, and at each tick the newest frame of each foot with its
// centre of pressure. Pure: no sockets, the clock is an argument.
#ifndef INSOLE_DASHBOARD_LIVE_FEED_H_
#define INSOLE_DASHBOARD_LIVE_FEED_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "insole/analysis/layout.h"
#include "insole/analysis/step.h"
#include "insole/session/sensor_frame.h"

namespace insole::dashboard {

class LiveFeed {
 public:
  // An insole that finished its handshake; layout nullopt when the grid is unknown (its frames
  // are then not shown). Returns the layout message to send.
  std::optional<std::string> device_ready(const std::string& serial_number, analysis::Side side,
                                          const std::string& grid_id,
                                          const std::optional<analysis::Layout>& layout);
  // Keeps the newest frame of the insole; received_ms: host Unix time of its arrival.
  void frame(const std::string& serial_number, const session::SensorFrame& frame,
             std::int64_t received_ms);
  // The frame message with the feet that have a frame not sent yet; nullopt when none has.
  std::optional<std::string> tick(std::int64_t now_ms);
  // The layout messages of every known insole, for a page that just connected.
  std::vector<std::string> layouts() const;
  static std::string step_message(const analysis::Step& step);

  // Centre of pressure in mm; nullopt when the foot carries less than min_total_n.
  static std::optional<std::pair<double, double>> centre_of_pressure(
      const analysis::Layout& layout, const std::vector<float>& forces_n,
      double min_total_n = 20.0);

 private:
  struct Foot {
    analysis::Side side = analysis::Side::kLeft;
    std::string message;  // its layout message
    analysis::Layout layout;
    std::optional<session::SensorFrame> latest;
    std::int64_t received_ms = 0;
    bool sent = true;
  };
  std::map<std::string, Foot> feet_;  // by serial number
};

}  // namespace insole::dashboard

#endif  // INSOLE_DASHBOARD_LIVE_FEED_H_
