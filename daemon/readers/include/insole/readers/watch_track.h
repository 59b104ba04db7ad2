// A watch's activity file read into a track (the edge between files and the import): FIT (the
// decoder of insole/fit), GPX 1.1 and TCX (libxml2's streaming reader, so memory does not grow
// with the file). Each bad input is an InputError naming the file and where: "FILE line 12:
// ..." for XML, "FILE: message 57 at byte 1234: ..." for FIT.
#ifndef INSOLE_READERS_WATCH_TRACK_H_
#define INSOLE_READERS_WATCH_TRACK_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace insole::readers {

struct WatchPoint {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double unix_s = 0;         // UTC
  double distance_m = kNaN;  // cumulative from the track's start
  double speed_mps = kNaN;
  double altitude_m = kNaN;
  double heart_rate_bpm = kNaN;
  // Cadence as the file gives it, per minute: FIT's and TCX's RunCadence count strides (one
  // foot's steps), GPX's cad is not defined either way. Only its shape over time is used (the
  // clock check of reports/watch_import.h), never its value.
  double cadence_per_min = kNaN;
  double latitude_deg = kNaN;
  double longitude_deg = kNaN;
};

struct WatchTrack {
  std::string format;              // fit | gpx | tcx
  std::vector<WatchPoint> points;  // by time, strictly increasing
  // As the file says, lower case: running, walking, generic, cycling, biking, other... (FIT's
  // sport enum by name, TCX's Sport attribute); empty when it does not say (GPX).
  std::string sport;
};

// The most points a track may hold: a 1 Hz recording of 5 days. More is not one run.
inline constexpr std::size_t kMaxWatchPoints = 432000;
// The largest FIT file read (a day at 1 Hz with every field is under 20 MB).
inline constexpr std::size_t kMaxFitBytes = 64u << 20;

// By the file's extension (.fit, .gpx, .tcx; any case). Points without a time are left out;
// a track whose times go backwards, or with no point with a time, is an InputError. Distances
// missing from the file (GPX) are summed from the positions (haversine, 6 371 km); speeds
// missing are left NaN.
WatchTrack read_watch_track(const std::string& path);

// A whole FIT file's bytes, at most kMaxFitBytes (InputError "PATH: ..." otherwise).
std::vector<std::uint8_t> read_fit_bytes(const std::string& path);

// Seconds since 1970 of an XML dateTime "YYYY-MM-DDTHH:MM:SS[.f...](Z|+hh:mm|-hh:mm)"; false for
// anything else (a time with no zone is refused: which zone it meant cannot be known).
bool parse_xml_datetime(const std::string& text, double& unix_s);

}  // namespace insole::readers

#endif  // INSOLE_READERS_WATCH_TRACK_H_
