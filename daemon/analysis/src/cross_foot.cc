#include "insole/analysis/cross_foot.h"

#include <algorithm>
#include <cmath>

namespace insole::analysis {

double flight_time_s(double contact_s, const OtherFootState& other) {
  const bool other_down_since =
      other.attached && other.in_contact && other.contact_started_s <= contact_s;
  // Under 5 ms is within the events' timing error (a walker's feet overlapping by a hair reads as
  // a sub-millisecond "flight"): no flight.
  constexpr double kMinFlightS = 0.005;
  if (other.last_toe_off_s + kMinFlightS <= contact_s && !other_down_since &&
      contact_s - other.last_toe_off_s < 1.0) {
    return contact_s - other.last_toe_off_s;
  }
  return 0.0;
}

bool same_layout(const std::vector<SenselPosition>& left,
                 const std::vector<SenselPosition>& right) {
  return !left.empty() && left.size() == right.size() &&
         std::equal(left.begin(), left.end(), right.begin(), [](const auto& a, const auto& b) {
           return std::abs(a.x_mm - b.x_mm) < 1 && std::abs(a.y_mm - b.y_mm) < 1;
         });
}

int silent_sensel(std::size_t own_steps, std::span<const float> own_means, std::size_t other_steps,
                  std::span<const float> other_means, const GaitConfig& config) {
  if (own_steps < config.silent_min_steps || other_steps < config.silent_min_steps) return -1;
  double their_sum = 0;
  for (float p : other_means) their_sum += std::max(0.0, static_cast<double>(p));
  int silent = -1;
  double loudest_mirror = 0;
  for (std::size_t k = 0; k < own_means.size() && k < other_means.size(); ++k) {
    const double mirror = static_cast<double>(other_means[k]);
    if (mirror < config.silent_mirror_min_n || mirror < config.silent_mirror_share * their_sum)
      continue;
    if (static_cast<double>(own_means[k]) < config.silent_fraction * mirror &&
        mirror > loudest_mirror) {
      silent = static_cast<int>(k);
      loudest_mirror = mirror;
    }
  }
  return silent;
}

}  // namespace insole::analysis
