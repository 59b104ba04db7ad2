#include "insole/dashboard/live_feed.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace insole::dashboard {

using nlohmann::json;

namespace {

// One decimal is finer than the sensors resolve and keeps a frame message near 1 KiB.
double round1(double v) { return std::round(v * 10.0) / 10.0; }

}  // namespace

std::optional<std::string> LiveFeed::device_ready(const std::string& serial_number,
                                                  analysis::Side side, const std::string& grid_id,
                                                  const std::optional<analysis::Layout>& layout) {
  if (!layout) {
    feet_.erase(serial_number);
    return std::nullopt;
  }
  json sensels = json::array();
  for (const auto& s : layout->sensels) sensels.push_back({s.x_mm, s.y_mm, s.area_mm2});
  const double width =
      layout->foot_width_mm > 0 ? layout->foot_width_mm : 0.38 * layout->foot_length_mm;
  Foot foot;
  foot.side = side;
  foot.layout = *layout;
  foot.message = json{
      {"type", "layout"},
      {"side", analysis::name(side)},
      {"serial_number", serial_number},
      {"grid_id", grid_id},
      {"foot_length_mm", layout->foot_length_mm},
      {"foot_width_mm", width},
      {"sensels",
       sensels}}.dump();
  feet_[serial_number] = std::move(foot);
  return feet_[serial_number].message;
}

void LiveFeed::frame(const std::string& serial_number, const session::SensorFrame& frame,
                     std::int64_t received_ms) {
  const auto it = feet_.find(serial_number);
  if (it == feet_.end()) return;
  it->second.latest = frame;
  it->second.received_ms = received_ms;
  it->second.sent = false;
}

std::optional<std::string> LiveFeed::tick(std::int64_t now_ms) {
  json feet = json::object();
  for (auto& [serial, foot] : feet_) {
    if (foot.sent || !foot.latest) continue;
    foot.sent = true;
    const auto& f = *foot.latest;
    json forces = json::array();
    for (const float v : f.forces_n) forces.push_back(round1(static_cast<double>(v)));
    const auto cop = centre_of_pressure(foot.layout, f.forces_n);
    feet[std::string(analysis::name(foot.side))] = {
        {"seq", f.sequence},
        {"received_ms", foot.received_ms},
        {"total_n", round1(f.total_n)},
        {"forces_n", forces},
        {"cop", cop ? json{round1(cop->first), round1(cop->second)} : json(nullptr)}};
  }
  if (feet.empty()) return std::nullopt;
  return json{{"type", "frame"}, {"sent_ms", now_ms}, {"feet", feet}}.dump();
}

std::vector<std::string> LiveFeed::layouts() const {
  std::vector<std::string> out;
  for (const auto& [serial, foot] : feet_) out.push_back(foot.message);
  return out;
}

std::string LiveFeed::step_message(const analysis::Step& s) {
  auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  return json{{"type", "step"},
              {"side", analysis::name(s.side)},
              {"contact_s", s.contact_s},
              {"contact_time_ms", s.contact_time_s() * 1000.0},
              {"peak_force_n", s.peak_force_n},
              {"loading_rate_n_per_s", s.loading_rate_n_per_s},
              {"strike", analysis::name(s.strike)},
              {"flat_foot", s.flat_foot},
              {"pronation", analysis::name(s.pronation)},
              {"pronation_index", num(s.pronation_index)}}
      .dump();
}

std::optional<std::pair<double, double>> LiveFeed::centre_of_pressure(
    const analysis::Layout& layout, const std::vector<float>& forces_n, double min_total_n) {
  if (forces_n.size() != layout.sensels.size()) return std::nullopt;
  double total = 0, x = 0, y = 0;
  for (std::size_t i = 0; i < forces_n.size(); ++i) {
    const double f = forces_n[i] > 0 ? static_cast<double>(forces_n[i]) : 0.0;
    total += f;
    x += f * layout.sensels[i].x_mm;
    y += f * layout.sensels[i].y_mm;
  }
  if (total < min_total_n) return std::nullopt;
  return std::make_pair(x / total, y / total);
}

}  // namespace insole::dashboard
