// One foot of a stored run analysed on its own (pure), so the two feet can be analysed on two
// threads: a FootAnalyzer over the foot's frames, plus what GaitAnalyzer's cross-foot rules read
// of a foot while the other one's steps complete (cross_foot.h): whether it is in a stance and
// since when, after every frame that changed it; its steps, each with the foot's accepted-step
// count and sensel peak means once it was taken. combine_feet() then gives exactly the steps,
// in the same order and with the same flight times and silent sensels, that one GaitAnalyzer
// gives when the same frames are pushed merged in time order (on equal times, first_on_ties's
// frame first). Not for live runs: frames there arrive in no set order across feet.
#ifndef INSOLE_ANALYSIS_FOOT_PASS_H_
#define INSOLE_ANALYSIS_FOOT_PASS_H_

#include <cstddef>
#include <span>
#include <vector>

#include "insole/analysis/foot_analyzer.h"
#include "insole/analysis/gait_analyzer.h"
#include "insole/analysis/layout.h"
#include "insole/analysis/step.h"

namespace insole::analysis {

class FootPass {
 public:
  FootPass(Side side, const Layout& layout, const FootAnalyzerConfig& config);

  // Frames of this foot, in increasing time.
  void push(double t_s, std::span<const float> forces_n);

  // After the frame at t_s: the foot's stance state, and the step that frame completed (an
  // index into steps(), or -1).
  struct Change {
    double t_s = 0;
    bool in_contact = false;
    double contact_started_s = 0;
    int step = -1;
  };
  const std::vector<Change>& changes() const { return changes_; }
  const std::vector<Step>& steps() const { return steps_; }
  // Step i's snapshot of the foot (FootAnalyzer::accepted_steps, sensel_peak_means).
  std::size_t accepted_after(std::size_t i) const { return accepted_[i]; }
  std::span<const float> peak_means_after(std::size_t i) const;
  Side side() const { return foot_.side(); }
  const std::vector<SenselPosition>& positions() const { return positions_; }

 private:
  FootAnalyzer foot_;
  std::vector<SenselPosition> positions_;
  std::size_t sensels_ = 0;
  std::vector<Change> changes_;
  std::vector<Step> steps_;
  std::vector<std::size_t> accepted_;
  std::vector<float> peak_means_;  // steps_.size() x sensels_
};

// The run's steps as GaitAnalyzer::steps() would hold them (see above).
std::vector<Step> combine_feet(const FootPass& left, const FootPass& right,
                               const GaitConfig& config, Side first_on_ties);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_FOOT_PASS_H_
