// Replay of the PhysioNet "Gait in Parkinson's Disease" insole recordings (gaitpdb 1.0.0;
// Hausdorff 2008, doi:10.13026/C24H3N; see the dataset's SOURCE.md) through the same per-sample
// frame path as the simulator: 8 sensels per foot, 100 Hz, newtons.
//
// File format: ASCII, CRLF (LF accepted), tab-separated, no header, 19 columns per line: time s,
// left sensors L1..L8 (N), right sensors R1..R8 (N), left total, right total.
//
// Layout: the dataset gives sensor positions in arbitrary units (origin between the feet, +Y
// forward, |X| = 300 medial edge, 700 lateral edge, 500 the foot's centre line; Y from -800 at
// the heel to +800 at the toe). gaitpdb_layout() maps them into the foot frame of
// docs/hardware.md with one isotropic scale s = 0.83 L / 1600 mm per unit (0.1375 mm at
// L = 265 mm):  y = 0.07 L + (Y + 800) s,  x = (500 - |X|) s  (+x medial on both feet). So the
// heel sensor sits at 0.07 L (heel pad), the toe sensor at 0.90 L (hallux), the three pairs at
// 0.28, 0.49 and 0.69 L, and medial/lateral sensors at +-27.5 mm for L = 265 mm. Sensor areas are
// not published; area_mm2 is a nominal 300 mm^2. Regions are labels only (the heel sensor, on
// the centre line, is labelled medial_heel for want of a centre region).
//
// Pure parsing and mapping; read_gaitpdb_file() in gaitpdb_file.h does the I/O.
#ifndef INSOLE_HW_SIM_GAITPDB_H_
#define INSOLE_HW_SIM_GAITPDB_H_

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "insole/hw/sensel_layout.h"

namespace insole::hw::sim {

inline constexpr std::size_t kGaitpdbSensors = 8;
inline constexpr double kGaitpdbRateHz = 100.0;

struct GaitpdbSample {
  double t_s;
  std::array<double, kGaitpdbSensors> left;
  std::array<double, kGaitpdbSensors> right;
  double left_total_n;   // column 18 as written in the file
  double right_total_n;  // column 19
};

class GaitpdbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a whole file's text. Throws GaitpdbError naming the line (1-based) and column for a
// line without exactly 19 numeric fields, and for an empty text.
std::vector<GaitpdbSample> parse_gaitpdb(std::string_view text);

// The 8-sensel layout described above for a foot of foot_length_mm (width 0.38 L).
SenselLayout gaitpdb_layout(double foot_length_mm = 265.0);

// Frames of a parsed recording, the same shape as GaitSimulator::frame().
class GaitpdbReplay {
 public:
  explicit GaitpdbReplay(std::vector<GaitpdbSample> samples) : samples_(std::move(samples)) {}

  std::size_t frame_count() const { return samples_.size(); }
  // The file's time column for frame n (n < frame_count()).
  double frame_time_s(std::size_t n) const { return samples_.at(n).t_s; }
  // left and right must hold 8 values each (std::invalid_argument otherwise).
  void frame(std::size_t n, std::span<double> left, std::span<double> right) const;

 private:
  std::vector<GaitpdbSample> samples_;
};

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_GAITPDB_H_
