// Real treadmill running forces as truth for event timing: the RBDS force files (Fukuchi,
// Fukuchi & Duarte 2017, PeerJ 5:e3298; ../shared/datasets/rbds-running-grf/SOURCE.md).
//
// A file holds one force stream of the whole plate at 300 Hz: a header row
// `Time Fx Fy Fz COPx COPy COPz Ty` (tab-separated), then one row per frame; Time is the frame
// index 1..N, Fy the vertical force (N), COPx the anterior-posterior and COPz the
// medio-lateral centre of pressure (mm, lab frame). Running has a flight phase, so stances
// alternate between the feet; which foot lands first is unknown and taken as left.
//
// Truth: the flight-phase baseline of each file (the median of all samples below 80 N: 0 for a
// file clipped at 0, about 20 N for a raw export) is subtracted; contact / toe-off are the
// instants the baseline-corrected force crosses 20 N, interpolated linearly between the 300 Hz
// samples. Stances shorter than 0.1 s, lighter than 200 N, or cut by the file's start or end
// are left out; dips under 20 N shorter than 30 ms do not split a stance.
#ifndef INSOLE_HW_VALIDATION_RBDS_H_
#define INSOLE_HW_VALIDATION_RBDS_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "insole/hw/validation/generator.h"
#include "insole/hw/validation/sensel_grid.h"
#include "insole/hw/validation/sensor_model.h"

namespace insole::hw::validation {

struct PlateSample {
  double vertical_n = 0;
  double cop_ap_mm = 0;
  double cop_ml_mm = 0;
};

struct PlateRecording {
  std::string path;
  double rate_hz = 300;
  std::vector<PlateSample> samples;
};

// What is wrong with a file, starting "path:line: ".
class RbdsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads a *forces.txt file line by line; throws RbdsError naming the file and line (also when
// Fy averages under 100 N: then it is not the vertical force).
PlateRecording read_rbds_forces(const std::string& path, double rate_hz = 300);

double flight_baseline_n(const PlateRecording& recording);

// Stances of the baseline-corrected force (truth), alternately left and right.
std::vector<TruthStep> rbds_stances(const PlateRecording& recording, double baseline_n);

// The recording as an insole pair would report it: each stance's force laid over `grid` around
// its centre of pressure (converted to the foot frame: the belt's travel at `belt_mps` added
// back, the path ending at 85 % of foot length; CoP held where the force is under 80 N),
// interpolated to 3 kHz, passed through the artefacts' lag (per sensel) and sensor model, and
// sampled at artefacts.rate_hz (a divisor of 3000). Frames in time order, left then right.
void replay_rbds(const PlateRecording& recording, double baseline_n,
                 const std::vector<TruthStep>& stances, const SenselGrid& grid,
                 const SensorArtefacts& artefacts, double belt_mps, std::uint64_t seed,
                 const FrameSink& sink);

}  // namespace insole::hw::validation

#endif  // INSOLE_HW_VALIDATION_RBDS_H_
