// GaitAnalyzer's rules that read both feet (pure): a step's flight time and its silent sensel.
// Shared by the live analyzer (gait_analyzer.h) and by feet analysed apart (foot_pass.h), so
// both give the same steps.
#ifndef INSOLE_ANALYSIS_CROSS_FOOT_H_
#define INSOLE_ANALYSIS_CROSS_FOOT_H_

#include <cstddef>
#include <span>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/analysis/layout.h"

namespace insole::analysis {

// The other foot as it stood when a step completed.
struct OtherFootState {
  bool attached = false;
  bool in_contact = false;
  double contact_started_s = 0;  // of the stance in progress (when in_contact)
  double last_toe_off_s = -1e9;  // of its last step taken
};

// From the other foot's last toe-off to this contact, if the other foot did not land again in
// between and it lasted at least 5 ms (walking has none: one foot is always down); 0 otherwise.
double flight_time_s(double contact_s, const OtherFootState& other);

// Both insoles carry the same sensels at the same places (within 1 mm).
bool same_layout(const std::vector<SenselPosition>& left, const std::vector<SenselPosition>& right);

// The sensel of one insole that reads under GaitConfig::silent_fraction of the same sensel on
// the other insole (see GaitConfig), from each foot's accepted steps and sensel peak means
// (FootAnalyzer); -1 when none or too few steps.
int silent_sensel(std::size_t own_steps, std::span<const float> own_means, std::size_t other_steps,
                  std::span<const float> other_means, const GaitConfig& config);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_CROSS_FOOT_H_
