// Readers for recordings and layouts on disk: the analysis CSV format, LAYOUT.json, and the
// PhysioNet gaitpdb text format (docs/cli.md). Every error names the file and line and says what
// was expected; nothing is guessed.
#ifndef INSOLE_READERS_READERS_H_
#define INSOLE_READERS_READERS_H_

#include <cstddef>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "insole/analysis/layout.h"
#include "insole/analysis/step.h"

namespace insole::readers {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// {"name": "...", "foot_length_mm": 265, ["foot_width_mm": 100,]
//  "sensels": [{"x_mm": 12.5, "y_mm": 20.0, "area_mm2": 150}, ...]}
analysis::Layout read_layout_json(std::istream& in, const std::string& source);

struct Row {
  double t_s = 0;
  analysis::Side side = analysis::Side::kLeft;
  std::vector<float> forces_n;
};

// RECORDING.csv: header "t_s,side,f0,...,f<N-1>", then one row per foot per sample. Each foot's
// rows must be in increasing time; the feet may be interleaved.
class CsvRecordingReader {
 public:
  CsvRecordingReader(std::istream& in, std::string source, std::size_t sensel_count);
  // Reads the next row; false at end of input. Throws InputError naming the line.
  bool next(Row& row);
  std::size_t line() const { return line_; }

 private:
  [[noreturn]] void fail(const std::string& what) const;
  std::istream& in_;
  std::string source_;
  std::size_t sensels_;
  std::size_t line_ = 0;
  double last_t_[2] = {-1e300, -1e300};
  std::string text_;
};

// The gaitpdb layout: its 8 sensors per foot placed in the foot frame (docs/algorithms.md).
analysis::Layout gaitpdb_layout();

// gaitpdb: 19 tab-separated columns (time, L1..L8, R1..R8, total L, total R), CRLF or LF.
// Each line yields two rows (left then right).
class GaitpdbReader {
 public:
  GaitpdbReader(std::istream& in, std::string source);
  bool next(Row& left, Row& right);
  std::size_t line() const { return line_; }

 private:
  [[noreturn]] void fail(const std::string& what) const;
  std::istream& in_;
  std::string source_;
  std::size_t line_ = 0;
  double last_t_ = -1e300;
  std::string text_;
};

}  // namespace insole::readers

#endif  // INSOLE_READERS_READERS_H_
