#include "insole/readers/watch_track.h"

#include <libxml/xmlreader.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <numbers>

#include "insole/fit/fit_decoder.h"
#include "insole/fit/fit_profile.h"
#include "insole/readers/readers.h"

namespace insole::readers {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

double haversine_m(const WatchPoint& a, const WatchPoint& b) {
  constexpr double kEarthRadiusM = 6371000.0;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (b.latitude_deg - a.latitude_deg) * kRad;
  const double dlon = (b.longitude_deg - a.longitude_deg) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.latitude_deg * kRad) * std::cos(b.latitude_deg * kRad) *
                       std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

// Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

void add_point(WatchTrack& track, const WatchPoint& p, const std::string& where) {
  if (!track.points.empty() && p.unix_s <= track.points.back().unix_s) {
    if (p.unix_s == track.points.back().unix_s) return;  // a repeated second: keep the first
    throw InputError(where + ": time goes backwards");
  }
  if (track.points.size() >= kMaxWatchPoints)
    throw InputError(where + ": more than " + std::to_string(kMaxWatchPoints) +
                     " track points; not one run");
  track.points.push_back(p);
}

// ---------------------------------------------------------------- FIT

// FIT's sport enum (profile "sport") for the values a watch's run, walk or something else is.
std::string fit_sport(int sport) {
  switch (sport) {
    case 0:
      return "generic";
    case 1:
      return "running";
    case 2:
      return "cycling";
    case 5:
      return "swimming";
    case 11:
      return "walking";
    case 17:
      return "hiking";
    default:
      return "sport " + std::to_string(sport);
  }
}

WatchTrack read_fit(const std::string& path) {
  const std::vector<std::uint8_t> bytes = read_fit_bytes(path);

  namespace p = fit::profile;
  WatchTrack track;
  track.format = "fit";
  bool activity = false;
  constexpr double kSemicircle = 180.0 / 2147483648.0;
  try {
    fit::decode(bytes, [&](const fit::DecodedMessage& m) {
      const auto num = [&m](std::uint8_t f) {
        const fit::DecodedField* d = m.field(f);
        return d ? d->number() : WatchPoint::kNaN;
      };
      if (m.global == p::mesg::kFileId) {
        activity = num(p::file_id::kType.num) == p::file_id::kTypeActivity;
        return;
      }
      if (m.global == p::mesg::kSession) {
        const double sport = num(p::session::kSport.num);
        if (!std::isnan(sport)) track.sport = fit_sport(static_cast<int>(sport));
        return;
      }
      if (m.global != p::mesg::kRecord) return;
      const double ts = num(p::record::kTimestamp.num);
      if (std::isnan(ts)) return;
      WatchPoint pt;
      pt.unix_s = ts + static_cast<double>(p::kUnixOfFitEpoch);
      pt.distance_m = num(p::record::kDistance.num) / p::record::kDistance.scale;
      const double enhanced = num(p::record::kEnhancedSpeed.num);
      pt.speed_mps = !std::isnan(enhanced) ? enhanced / p::record::kEnhancedSpeed.scale
                                           : num(p::record::kSpeed.num) / p::record::kSpeed.scale;
      const double alt = num(p::record::kEnhancedAltitude.num);
      pt.altitude_m =
          !std::isnan(alt)
              ? alt / p::record::kEnhancedAltitude.scale - p::record::kEnhancedAltitude.offset
              : num(p::record::kAltitude.num) / p::record::kAltitude.scale -
                    p::record::kAltitude.offset;
      pt.heart_rate_bpm = num(p::record::kHeartRate.num);
      const double fraction = num(p::record::kFractionalCadence.num);
      pt.cadence_per_min =
          num(p::record::kCadence.num) +
          (std::isnan(fraction) ? 0 : fraction / p::record::kFractionalCadence.scale);
      pt.latitude_deg = num(p::record::kPositionLat.num) * kSemicircle;
      pt.longitude_deg = num(p::record::kPositionLong.num) * kSemicircle;
      add_point(track, pt,
                path + ": message " + std::to_string(m.index + 1) + " at byte " +
                    std::to_string(m.byte_offset));
    });
  } catch (const fit::FitDecodeError& e) {
    throw InputError(path + ": " + e.what());
  }
  if (!activity) throw InputError(path + ": a FIT file, but not an activity (file_id type)");
  return track;
}

// ---------------------------------------------------------------- GPX, TCX

struct ReaderDeleter {
  void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
};

// The text of the element the reader is on (its first text child), advancing past it.
std::string element_text(xmlTextReader* r) {
  if (xmlTextReaderIsEmptyElement(r)) return {};
  std::string text;
  const int depth = xmlTextReaderDepth(r);
  while (xmlTextReaderRead(r) == 1) {
    const int type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth) break;
    if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) {
      if (const xmlChar* v = xmlTextReaderConstValue(r)) text += reinterpret_cast<const char*>(v);
      if (text.size() > 256) text.resize(256);  // no value of a track point is longer
    }
  }
  return text;
}

std::string local_name(xmlTextReader* r) {
  const xmlChar* n = xmlTextReaderConstLocalName(r);
  return n ? reinterpret_cast<const char*>(n) : "";
}

std::string attribute(xmlTextReader* r, const char* name) {
  xmlChar* v = xmlTextReaderGetAttribute(r, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

double number_at(const std::string& text, const std::string& where, const char* what) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(v))
    throw InputError(where + ": " + what + " \"" + text + "\" is not a number");
  return v;
}

// Collects libxml2's first error message instead of printing it.
void keep_first_error(void* arg, const char* msg, xmlParserSeverities severity,
                      xmlTextReaderLocatorPtr locator) {
  auto* first = static_cast<std::string*>(arg);
  if (severity != XML_PARSER_SEVERITY_ERROR || !first->empty()) return;
  *first = "line " + std::to_string(xmlTextReaderLocatorLineNumber(locator)) + ": " + msg;
  while (!first->empty() && (first->back() == '\n' || first->back() == ' ')) first->pop_back();
}

WatchTrack read_xml(const std::string& path, const std::string& format) {
  // XML_PARSE_NONET: never fetch anything; no entity expansion beyond the built-in ones.
  std::unique_ptr<xmlTextReader, ReaderDeleter> reader(xmlReaderForFile(
      path.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!reader) throw InputError(path + ": cannot open");
  xmlTextReader* r = reader.get();
  std::string xml_error;
  xmlTextReaderSetErrorHandler(r, keep_first_error, &xml_error);
  WatchTrack track;
  track.format = format;
  const bool gpx = format == "gpx";
  const std::string point_element = gpx ? "trkpt" : "Trackpoint";
  bool root_seen = false;
  bool in_point = false;
  std::size_t point_line = 0;
  WatchPoint pt;
  bool has_time = false;
  int status;
  // The line of the node the reader is on (the parser itself may have read ahead).
  auto node_line = [&] {
    const xmlNode* node = xmlTextReaderCurrentNode(r);
    const long line = node ? xmlGetLineNo(node) : -1;
    return line > 0 ? static_cast<std::size_t>(line)
                    : static_cast<std::size_t>(xmlTextReaderGetParserLineNumber(r));
  };
  auto where = [&] { return path + " line " + std::to_string(node_line()); };
  while ((status = xmlTextReaderRead(r)) == 1) {
    const int type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_ELEMENT) {
      const std::string name = local_name(r);
      if (!root_seen) {
        root_seen = true;
        const std::string want = gpx ? "gpx" : "TrainingCenterDatabase";
        if (name != want)
          throw InputError(where() + ": the root element is <" + name + ">, not <" + want + ">");
        continue;
      }
      if (!gpx && name == "Activity") {
        track.sport = lower(attribute(r, "Sport"));
        continue;
      }
      if (name == point_element) {
        in_point = true;
        point_line = node_line();
        pt = WatchPoint{};
        has_time = false;
        if (gpx) {
          const std::string where_pt = path + " line " + std::to_string(point_line);
          pt.latitude_deg = number_at(attribute(r, "lat"), where_pt, "lat");
          pt.longitude_deg = number_at(attribute(r, "lon"), where_pt, "lon");
          if (std::abs(pt.latitude_deg) > 90 || std::abs(pt.longitude_deg) > 180)
            throw InputError(where_pt + ": position outside the globe");
        }
        if (xmlTextReaderIsEmptyElement(r)) in_point = false;
        continue;
      }
      if (!in_point) continue;
      const std::string here = where();
      if (name == "time" || name == "Time") {
        const std::string text = element_text(r);
        if (!parse_xml_datetime(text, pt.unix_s))
          throw InputError(here + ": time \"" + text + "\" is not an XML dateTime with a zone");
        has_time = true;
      } else if (name == "ele" || name == "AltitudeMeters") {
        pt.altitude_m = number_at(element_text(r), here, "altitude");
      } else if (name == "hr" || (name == "Value" && !gpx)) {
        pt.heart_rate_bpm = number_at(element_text(r), here, "heart rate");
      } else if (name == "DistanceMeters") {
        pt.distance_m = number_at(element_text(r), here, "distance");
      } else if (name == "LatitudeDegrees") {
        pt.latitude_deg = number_at(element_text(r), here, "latitude");
      } else if (name == "LongitudeDegrees") {
        pt.longitude_deg = number_at(element_text(r), here, "longitude");
      } else if (name == "Speed" || name == "speed") {
        pt.speed_mps = number_at(element_text(r), here, "speed");
      } else if (name == "RunCadence" || name == "cad") {
        pt.cadence_per_min = number_at(element_text(r), here, "cadence");
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT && in_point && local_name(r) == point_element) {
      in_point = false;
      if (has_time) add_point(track, pt, path + " line " + std::to_string(point_line));
    }
  }
  if (status < 0)
    throw InputError(path + " " +
                     (xml_error.empty()
                          ? "line " + std::to_string(xmlTextReaderGetParserLineNumber(r)) +
                                ": not well-formed XML"
                          : xml_error));
  if (!root_seen) throw InputError(path + ": empty, no XML in it");
  // GPX has no distance: sum the positions.
  if (!track.points.empty() && std::isnan(track.points.front().distance_m)) {
    double d = 0;
    for (std::size_t i = 0; i < track.points.size(); ++i) {
      WatchPoint& p = track.points[i];
      if (i > 0 && !std::isnan(p.latitude_deg) && !std::isnan(track.points[i - 1].latitude_deg))
        d += haversine_m(track.points[i - 1], p);
      if (!std::isnan(p.latitude_deg)) p.distance_m = d;
    }
  }
  return track;
}

}  // namespace

bool parse_xml_datetime(const std::string& text, double& unix_s) {
  int y, mo, d, h, mi;
  double s;
  int n = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &s, &n) != 6)
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || !(s >= 0 && s < 61))
    return false;
  const std::string zone = text.substr(static_cast<std::size_t>(n));
  double offset_s = 0;
  if (zone == "Z") {
    offset_s = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int zh, zm;
    if (std::sscanf(zone.c_str() + 1, "%2d:%2d", &zh, &zm) != 2 || zh > 14 || zm > 59) return false;
    offset_s = (zone[0] == '+' ? 1 : -1) * (zh * 3600.0 + zm * 60.0);
  } else {
    return false;
  }
  unix_s =
      static_cast<double>(days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) *
          86400.0 +
      h * 3600.0 + mi * 60.0 + s - offset_s;
  return true;
}

std::vector<std::uint8_t> read_fit_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open");
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
  if (size > kMaxFitBytes)
    throw InputError(path + ": " + std::to_string(size >> 20) +
                     " MB is larger than any watch activity (limit " +
                     std::to_string(kMaxFitBytes >> 20) + " MB)");
  in.seekg(0);
  std::vector<std::uint8_t> bytes(size);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (!in) throw InputError(path + ": cannot read");
  return bytes;
}

WatchTrack read_watch_track(const std::string& path) {
  const auto dot = path.find_last_of('.');
  const std::string ext = dot == std::string::npos ? "" : lower(path.substr(dot + 1));
  WatchTrack track;
  if (ext == "fit") {
    track = read_fit(path);
  } else if (ext == "gpx" || ext == "tcx") {
    track = read_xml(path, ext);
  } else {
    throw InputError(path + ": not a .fit, .gpx or .tcx file");
  }
  if (track.points.empty()) throw InputError(path + ": no track point with a time");
  return track;
}

}  // namespace insole::readers
