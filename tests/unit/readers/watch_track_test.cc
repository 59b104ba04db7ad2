#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "insole/fit/fit_encoder.h"
#include "insole/fit/fit_profile.h"
#include "insole/readers/readers.h"
#include "insole/readers/watch_track.h"
#include "scratch_dir_test.h"

namespace insole::readers {
namespace {

using insole::testing::ScratchDirTest;

TEST(XmlDateTime, ReadsZonesAndRefusesTimesWithout) {
  double t = 0;
  ASSERT_TRUE(parse_xml_datetime("2026-12-07T06:30:00Z", t));
  EXPECT_DOUBLE_EQ(t, 1796625000);
  ASSERT_TRUE(parse_xml_datetime("2026-12-07T07:30:00.250+01:00", t));
  EXPECT_DOUBLE_EQ(t, 1796625000.25);
  ASSERT_TRUE(parse_xml_datetime("2026-12-07T01:00:00-05:30", t));
  EXPECT_DOUBLE_EQ(t, 1796625000);
  ASSERT_TRUE(parse_xml_datetime("2024-02-29T00:00:00Z", t));
  EXPECT_DOUBLE_EQ(t, 1709164800);
  for (const char* bad : {"2026-12-07T06:30:00", "2026-12-07 06:30:00Z", "yesterday",
                          "2026-13-01T00:00:00Z", "2026-12-07T06:30:00Zjunk"})
    EXPECT_FALSE(parse_xml_datetime(bad, t)) << bad;
}

class WatchTrackTest : public ScratchDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    const auto p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string error_of(const std::string& path) {
    try {
      read_watch_track(path);
    } catch (const InputError& e) {
      return e.what();
    }
    return "(no error)";
  }
};

// Along a meridian, 1 km north is 1000 / 6371000 rad of latitude.
constexpr double kDegPerKm = 1000.0 / 6371000.0 * 180.0 / 3.14159265358979323846;

TEST_F(WatchTrackTest, GpxDistanceComesFromThePositions) {
  const auto p = write("a.gpx", R"(<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:x="urn:x"><trk><trkseg>
<trkpt lat="46.0" lon="6.0"><ele>400</ele><time>2026-12-07T06:30:00Z</time>
 <extensions><x:TrackPointExtension><x:hr>140</x:hr><x:cad>84</x:cad></x:TrackPointExtension></extensions></trkpt>
<trkpt lat=")" + std::to_string(46.0 + kDegPerKm) +
                                    R"(" lon="6.0"><time>2026-12-07T06:35:00Z</time></trkpt>
<trkpt lat="46.1" lon="6.0"></trkpt>
</trkseg></trk></gpx>)");
  const WatchTrack t = read_watch_track(p);
  EXPECT_EQ(t.format, "gpx");
  ASSERT_EQ(t.points.size(), 2u);  // the point without a time is left out
  EXPECT_DOUBLE_EQ(t.points[0].unix_s, 1796625000);
  EXPECT_DOUBLE_EQ(t.points[0].heart_rate_bpm, 140);
  EXPECT_DOUBLE_EQ(t.points[0].altitude_m, 400);
  EXPECT_NEAR(t.points[1].distance_m, 1000, 0.15);  // the file's 6 decimals: 0.11 m
  EXPECT_TRUE(std::isnan(t.points[1].heart_rate_bpm));
  EXPECT_DOUBLE_EQ(t.points[0].cadence_per_min, 84);
  EXPECT_TRUE(std::isnan(t.points[1].cadence_per_min));
}

TEST_F(WatchTrackTest, TcxGivesItsOwnDistanceAndSport) {
  const auto p = write("a.tcx", R"(<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Lap><Track>
<Trackpoint><Time>2026-12-07T06:30:00Z</Time><DistanceMeters>0</DistanceMeters>
  <HeartRateBpm><Value>120</Value></HeartRateBpm>
  <Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><RunCadence>86</RunCadence></TPX></Extensions></Trackpoint>
<Trackpoint><Time>2026-12-07T06:30:10Z</Time><DistanceMeters>31.5</DistanceMeters></Trackpoint>
</Track></Lap></Activity></Activities></TrainingCenterDatabase>)");
  const WatchTrack t = read_watch_track(p);
  EXPECT_EQ(t.sport, "running");
  ASSERT_EQ(t.points.size(), 2u);
  EXPECT_DOUBLE_EQ(t.points[1].distance_m, 31.5);
  EXPECT_DOUBLE_EQ(t.points[0].heart_rate_bpm, 120);
  EXPECT_DOUBLE_EQ(t.points[0].cadence_per_min, 86);
}

TEST_F(WatchTrackTest, BadXmlNamesTheFileAndLine) {
  const auto bad_time = write("t.gpx",
                              "<gpx>\n<trk><trkseg>\n<trkpt lat=\"1\" lon=\"2\">\n"
                              "<time>noon</time></trkpt></trkseg></trk></gpx>");
  EXPECT_EQ(error_of(bad_time),
            bad_time + " line 4: time \"noon\" is not an XML dateTime with a zone");
  const auto backwards = write(
      "b.gpx",
      "<gpx><trk><trkseg>\n<trkpt lat=\"1\" lon=\"2\"><time>2026-12-07T06:30:00Z</time></trkpt>\n"
      "<trkpt lat=\"1\" lon=\"2\"><time>2026-12-07T06:29:00Z</time></trkpt></trkseg></trk></gpx>");
  EXPECT_EQ(error_of(backwards), backwards + " line 3: time goes backwards");
  const auto broken = write("c.tcx", "<TrainingCenterDatabase>\n<Activities>\n<Activity");
  EXPECT_NE(error_of(broken).find(broken + " line "), std::string::npos) << error_of(broken);
  const auto wrong_root = write("d.gpx", "<kml></kml>");
  EXPECT_EQ(error_of(wrong_root), wrong_root + " line 1: the root element is <kml>, not <gpx>");
  const auto lat = write("e.gpx", "<gpx>\n<trkpt lat=\"north\" lon=\"2\"/></gpx>");
  EXPECT_EQ(error_of(lat), lat + " line 2: lat \"north\" is not a number");
  const auto empty = write("f.gpx", "<gpx></gpx>");
  EXPECT_EQ(error_of(empty), empty + ": no track point with a time");
  EXPECT_EQ(error_of((dir_ / "none.gpx").string()), (dir_ / "none.gpx").string() + ": cannot open");
  EXPECT_EQ(error_of(write("g.kml", "")),
            (dir_ / "g.kml").string() + ": not a .fit, .gpx or .tcx file");
}

TEST_F(WatchTrackTest, FitRecordsInProfileUnits) {
  namespace p = fit::profile;
  fit::Encoder e;
  const fit::FieldSpec id[] = {p::file_id::kType};
  e.define(0, p::mesg::kFileId, id);
  const fit::Value activity[] = {4.0};
  e.write(0, activity);
  const fit::FieldSpec rec[] = {p::record::kTimestamp,     p::record::kDistance,
                                p::record::kEnhancedSpeed, p::record::kHeartRate,
                                p::record::kAltitude,      p::record::kPositionLat,
                                p::record::kCadence,       p::record::kFractionalCadence};
  e.define(1, p::mesg::kRecord, rec);
  const double fit_t = 1796625000.0 - static_cast<double>(p::kUnixOfFitEpoch);
  const fit::Value r0[] = {fit_t, 12.34, 3.25, 150.0, 401.2, 46.0 * 2147483648.0 / 180, 85.0, 0.5};
  e.write(1, r0);
  const auto bytes = e.finish(p::kVersion);
  const auto path = (dir_ / "w.FIT").string();
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  const WatchTrack t = read_watch_track(path);
  ASSERT_EQ(t.points.size(), 1u);
  EXPECT_DOUBLE_EQ(t.points[0].unix_s, 1796625000);
  EXPECT_DOUBLE_EQ(t.points[0].distance_m, 12.34);
  EXPECT_DOUBLE_EQ(t.points[0].speed_mps, 3.25);
  EXPECT_DOUBLE_EQ(t.points[0].heart_rate_bpm, 150);
  EXPECT_DOUBLE_EQ(t.points[0].altitude_m, 401.2);
  EXPECT_NEAR(t.points[0].latitude_deg, 46.0, 1e-7);
  EXPECT_TRUE(std::isnan(t.points[0].longitude_deg));
  EXPECT_DOUBLE_EQ(t.points[0].cadence_per_min, 85.5);  // strides/min with its fraction
  // A FIT file that is not an activity is named as such.
  fit::Encoder other;
  other.define(0, p::mesg::kFileId, id);
  const fit::Value settings[] = {2.0};
  other.write(0, settings);
  const auto b2 = other.finish(p::kVersion);
  const auto p2 = (dir_ / "s.fit").string();
  std::ofstream(p2, std::ios::binary)
      .write(reinterpret_cast<const char*>(b2.data()), static_cast<std::streamsize>(b2.size()));
  EXPECT_EQ(error_of(p2), p2 + ": a FIT file, but not an activity (file_id type)");
}

}  // namespace
}  // namespace insole::readers
