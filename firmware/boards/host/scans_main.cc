// insole-scans: writes the scan file of a deterministic run (replay/scan_file.h,
// docs/firmware.md#deterministic-run): one side of a gait-simulator scenario, read by the
// host board's electrical chain exactly as insole-fw-host --scenario scans it, one record per
// period from t = 0.
//
//   insole-scans --scenario F.json --side L|R --seconds S --out FILE [--rate HZ] [--size EU]
//                [--seed N]
//
// Exit status: 0 on success, 1 on a runtime error, 2 on bad usage.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/scenario_file.h"
#include "insole/hw/sim/sensor_readout.h"
#include "insole/replay/scan_file.h"
#include "scenario_readout.h"
#include "simulated_matrix.h"

namespace {

[[noreturn]] void usage(const std::string& msg) {
  std::fprintf(stderr,
               "insole-scans: %s\n"
               "usage: insole-scans --scenario F.json --side L|R --seconds S --out FILE\n"
               "                    [--rate HZ] [--size EU] [--seed N]\n",
               msg.c_str());
  std::exit(2);
}

double number(const std::string& flag, const char* text) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0') usage("not a number for " + flag);
  return v;
}

}  // namespace

int main(int argc, char** argv) try {
  std::string scenario_path, side, out;
  double seconds = 0, rate = 200;
  int size = 0;
  long long seed = -1;
  for (int i = 1; i < argc; i += 2) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage("missing value for " + a);
    const char* v = argv[i + 1];
    if (a == "--scenario")
      scenario_path = v;
    else if (a == "--side")
      side = v;
    else if (a == "--seconds")
      seconds = number(a, v);
    else if (a == "--out")
      out = v;
    else if (a == "--rate")
      rate = number(a, v);
    else if (a == "--size")
      size = static_cast<int>(number(a, v));
    else if (a == "--seed")
      seed = static_cast<long long>(number(a, v));
    else
      usage("unknown option " + a);
  }
  if (scenario_path.empty() || out.empty()) usage("--scenario and --out are required");
  if (side != "L" && side != "R") usage("--side must be L or R");
  if (!(seconds > 0)) usage("--seconds must be positive");
  if (!(rate >= 1 && rate <= 65535)) usage("--rate must be 1..65535 Hz");

  insole::hw::sim::Scenario scenario = insole::hw::sim::read_scenario_file(scenario_path);
  if (seed >= 0) scenario.seed = static_cast<std::uint64_t>(seed);
  if (size != 0) scenario.eu_size = size;
  const bool left = side == "L";
  const insole::hw::sim::ReadoutParams readout;
  insole::fw::host::SimulatedMatrix matrix(
      insole::hw::layout_for_eu_size(scenario.eu_size), scenario,
      left ? insole::hw::sim::Foot::kLeft : insole::hw::sim::Foot::kRight,
      insole::fw::host::trimmed_electrical(readout.newtons_per_count),
      insole::fw::host::electrical_seed(scenario.seed, left));

  const auto rate_hz = static_cast<std::uint16_t>(rate);
  const auto records = static_cast<std::uint64_t>(seconds * rate_hz);
  const size_t sensels = matrix.sensel_count();
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  if (!file) throw std::runtime_error("cannot create " + out);
  uint8_t header[insole::replay::kScanHeaderBytes];
  insole::replay::encode_scan_header({static_cast<std::uint16_t>(sensels), rate_hz}, header);
  file.write(reinterpret_cast<const char*>(header), sizeof(header));
  std::vector<std::uint16_t> counts(sensels);
  std::vector<std::uint8_t> record(insole::replay::scan_record_size(sensels));
  for (std::uint64_t n = 0; n < records; ++n) {
    const std::uint64_t t_us = n * 1000000u / rate_hz;
    matrix.scan(t_us, counts.data());
    insole::replay::encode_scan_record(t_us, counts.data(), sensels, record.data(), record.size());
    file.write(reinterpret_cast<const char*>(record.data()),
               static_cast<std::streamsize>(record.size()));
  }
  file.close();
  if (!file) throw std::runtime_error("cannot write " + out);
  std::fprintf(stderr, "insole-scans: %llu scans of %zu sensels at %u Hz in %s\n",
               static_cast<unsigned long long>(records), sensels, rate_hz, out.c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "insole-scans: %s\n", e.what());
  return 1;
}
