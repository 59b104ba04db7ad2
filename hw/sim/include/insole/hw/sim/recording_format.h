// Text formats of a simulator recording directory (written by `insole-sim record`, read by the
// analysis tools; docs/simulator.md "Recordings"):
//   layout.json    {"name", "foot_length_mm", "foot_width_mm", "sensels": [{"x_mm", "y_mm",
//                   "area_mm2", "region"}, ...]}  (foot frame of docs/hardware.md)
//   recording.csv  header "t_s,side,f0,...,f<n-1>", then one row per foot per sample, L before R
//                  at each instant; forces in newtons with 3 decimals, t_s with 6. No comments.
//   truth.jsonl    one JSON object per step (StepTruth), time order of contact.
//   meta.json      scenario, seed, simulator version, sample rate, duration, format names.
// Pure formatting; the CLI does the file I/O. Output is byte-identical for identical input.
#ifndef INSOLE_HW_SIM_RECORDING_FORMAT_H_
#define INSOLE_HW_SIM_RECORDING_FORMAT_H_

#include <span>
#include <string>
#include <string_view>

#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/gait_simulator.h"

namespace insole::hw::sim {

inline constexpr std::string_view kSimulatorVersion = "insole-gait-sim 1.0";

std::string layout_json(const SenselLayout& layout);

// "t_s,side,f0,...,f<count-1>\n".
std::string csv_header(std::size_t sensel_count);

// Appends one row "t,side,f0,...\n" to out. Negative zero and tiny values print as 0.000.
void append_csv_row(std::string& out, double t_s, Foot side, std::span<const double> newtons);

// One line of truth.jsonl (no trailing newline). NaN values (undefined CPEI, heel_to_forefoot_s)
// are written as null.
std::string truth_json_line(const StepTruth& truth);

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_RECORDING_FORMAT_H_
