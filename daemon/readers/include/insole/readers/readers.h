// Readers for recordings and layouts on disk: the analysis CSV format, LAYOUT.json, and the
// PhysioNet gaitpdb text format (docs/cli.md). Every error names the file and line and says what
// was expected; nothing is guessed. Recordings are read a line at a time through a fixed buffer
// (line_reader.h): memory does not grow with the size of the file, and a line over the bound is
// an error. Values a foot cannot produce are errors, not data: see kForceNoiseFloorN and
// kMaxSenselForceN.
#ifndef INSOLE_READERS_READERS_H_
#define INSOLE_READERS_READERS_H_

#include <cstddef>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "insole/analysis/layout.h"
#include "insole/analysis/step.h"
#include "insole/readers/line_reader.h"

namespace insole::readers {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The force range a sensel can report. Zero-calibrated sensors read a little below zero at rest;
// below kForceNoiseFloorN it is not noise (a wrong sign, a wrong column, a wrong unit). Above
// kMaxSenselForceN (20 kN, some 25 times a runner's body weight on one sensel) it is not a foot.
inline constexpr double kForceNoiseFloorN = -10.0;
inline constexpr double kMaxSenselForceN = 20000.0;

// The largest LAYOUT.json accepted (a 1000-sensel layout is about 60 kB).
inline constexpr std::size_t kMaxLayoutBytes = 1024 * 1024;

// {"name": "...", "foot_length_mm": 265, ["foot_width_mm": 100,]
//  "sensels": [{"x_mm": 12.5, "y_mm": 20.0, "area_mm2": 150}, ...]}
// Errors name the line of the offending value: JSON syntax, a missing or non-numeric field, a
// foot length or width <= 0, a negative area_mm2, a sensel outside the foot, no heel or forefoot
// sensel, a file over kMaxLayoutBytes.
analysis::Layout read_layout_json(std::istream& in, const std::string& source);

struct Row {
  double t_s = 0;
  analysis::Side side = analysis::Side::kLeft;
  std::vector<float> forces_n;
};

// RECORDING.csv: header "t_s,side,f0,...,f<N-1>", then one row per foot per sample. Each foot's
// rows must be in increasing time; the feet may be interleaved. A line may be at most
// max(64 KiB, 64 bytes per column) long.
class CsvRecordingReader {
 public:
  CsvRecordingReader(std::istream& in, std::string source, std::size_t sensel_count);
  // Reads the next row; false at end of input. Throws InputError naming the line: a malformed
  // row, a force outside [kForceNoiseFloorN, kMaxSenselForceN], a file with no data rows.
  bool next(Row& row);
  std::size_t line() const { return lines_.line(); }
  std::size_t rows() const { return rows_; }

 private:
  [[noreturn]] void fail(const std::string& what) const;
  LineReader lines_;
  std::size_t sensels_;
  std::size_t rows_ = 0;
  double last_t_[2] = {-1e300, -1e300};
};

// The gaitpdb layout: its 8 sensors per foot placed in the foot frame (docs/algorithms.md).
analysis::Layout gaitpdb_layout();

// gaitpdb: 19 tab-separated columns (time, L1..L8, R1..R8, total L, total R), CRLF or LF.
// Each line yields two rows (left then right). A line may be at most 4 KiB long.
class GaitpdbReader {
 public:
  GaitpdbReader(std::istream& in, std::string source);
  // Throws InputError naming the line, as CsvRecordingReader::next (an empty file included).
  bool next(Row& left, Row& right);
  std::size_t line() const { return lines_.line(); }
  std::size_t rows() const { return rows_; }

 private:
  [[noreturn]] void fail(const std::string& what) const;
  LineReader lines_;
  std::size_t rows_ = 0;
  double last_t_ = -1e300;
};

}  // namespace insole::readers

#endif  // INSOLE_READERS_READERS_H_
