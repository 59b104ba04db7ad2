#include "insole/hw/sim/history.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace insole::hw::sim {
namespace {

constexpr double kDayS = 86400;
constexpr double kSpeedMps = 3.0;
constexpr double kSpikeWindowS = 30 * kDayS;  // the rule of analysis/training_load.h
constexpr double kSpikeThreshold = 0.10;

struct Slot {
  int day;  // 0 = Monday
  double hour;
  double minutes;
  const char* surface;
};
constexpr Slot kWeek[3] = {{1, 7, 20, "road"}, {3, 7, 20, "track"}, {6, 8, 30, "road"}};
// kSlowerWeeks: each slot's speed in the first half of the weeks; the second half 0.3 slower.
constexpr double kVariedSpeedMps[3] = {3.3, 2.8, 3.0};
constexpr double kSlowerByMps = 0.3;

// 0 at `from` run, 1 at `to`, clamped.
double ramp(int k, int from, int to) {
  return std::clamp(static_cast<double>(k - from) / (to - from), 0.0, 1.0);
}

}  // namespace

std::string_view name(HistoryStory story) {
  switch (story) {
    case HistoryStory::kUnchanged:
      return "unchanged";
    case HistoryStory::kTwelveWeeks:
      return "twelve-weeks";
    case HistoryStory::kSlowerWeeks:
      return "slower-weeks";
  }
  return "unknown";
}

std::optional<HistoryStory> parse_history_story(std::string_view text) {
  for (const auto story :
       {HistoryStory::kUnchanged, HistoryStory::kTwelveWeeks, HistoryStory::kSlowerWeeks})
    if (text == name(story)) return story;
  return std::nullopt;
}

History plan_history(HistoryStory story, int weeks, std::uint64_t seed, double first_monday_unix_s,
                     double sample_rate_hz) {
  if (weeks < 1 || (story == HistoryStory::kTwelveWeeks && weeks < 12))
    throw std::invalid_argument("history: " + std::string(name(story)) + " needs at least " +
                                (story == HistoryStory::kTwelveWeeks ? "12" : "1") + " weeks");
  const double days = first_monday_unix_s / kDayS;
  if (days != std::floor(days) || static_cast<std::int64_t>(days + 3) % 7 != 0)
    throw std::invalid_argument("history: the first day must be a Monday 00:00 UTC");
  const bool twelve = story == HistoryStory::kTwelveWeeks;
  History h;
  h.story = story;
  h.shoe_starting_km = twelve ? 560 : 300;
  double shoe_km = h.shoe_starting_km;
  const int total = weeks * 3;
  for (int k = 0; k < total; ++k) {
    const int week = k / 3 + 1;
    const Slot& slot = kWeek[k % 3];
    HistoryRun r;
    r.week = week;
    r.start_unix_s = first_monday_unix_s + ((week - 1) * 7 + slot.day) * kDayS + slot.hour * 3600;
    r.surface = slot.surface;
    Scenario& s = r.scenario;
    s.name = std::string(name(story)) + " week " + std::to_string(week) + " run " +
             std::to_string(k % 3 + 1);
    s.speed_mps = kSpeedMps;
    s.sample_rate_hz = sample_rate_hz;
    s.seed = seed * 1000 + static_cast<std::uint64_t>(k);
    r.seconds = slot.minutes * 60;
    if (!twelve) {
      r.seconds = 25 * 60;
      s.cadence_spm = 172;
      s.shoe_wear = 0.5;
      if (story == HistoryStory::kSlowerWeeks)
        s.speed_mps = kVariedSpeedMps[k % 3] - (2 * (week - 1) >= weeks ? kSlowerByMps : 0);
    } else {
      const bool coached = week >= 5;
      s.cadence_spm = coached ? 172 : 158;
      s.strike = StrikeClass::kMidfoot;
      // The right leg weakens from the first run of week 5 to the last of week 10.
      const double weak = -8.0 * ramp(k, 4 * 3, 10 * 3 - 1);
      s.asymmetry.impulse_pct = weak;
      s.asymmetry.peak_force_pct = weak;
      s.asymmetry.loading_rate_pct = weak;
      s.shoe_wear = 0.4 + 0.6 * ramp(k, 0, total - 1);
      if (week == 9 && k % 3 == 2) r.seconds = 60 * 60;
      if (week == 11 && k % 3 == 2) {
        r.seconds = 45 * 60;
        s.fatigue.rate_per_hour = 2;
        r.late_fatigue = true;
      }
    }
    r.km = s.speed_mps * r.seconds / 1000;
    r.shoe_km_before = shoe_km;
    shoe_km += r.km;
    // The spike rule on the true distances.
    for (const HistoryRun& e : h.runs)
      if (e.start_unix_s >= r.start_unix_s - kSpikeWindowS)
        r.longest_before_km = std::max(r.longest_before_km, e.km);
    r.load_spike = r.longest_before_km > 0 && r.km > (1 + kSpikeThreshold) * r.longest_before_km;
    validate(s);
    h.runs.push_back(std::move(r));
  }
  return h;
}

}  // namespace insole::hw::sim
