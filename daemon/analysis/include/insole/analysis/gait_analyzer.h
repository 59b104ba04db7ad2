// Both feet of one run: per-step analysis (FootAnalyzer per side), flight time across feet, and
// the run summary: cadence, strike and pronation per foot, asymmetry per metric, alerts as codes
// and numbers (pure).
#ifndef INSOLE_ANALYSIS_GAIT_ANALYZER_H_
#define INSOLE_ANALYSIS_GAIT_ANALYZER_H_

#include <array>
#include <optional>
#include <span>
#include <vector>

#include "insole/analysis/alerts.h"
#include "insole/analysis/asymmetry.h"
#include "insole/analysis/foot_analyzer.h"
#include "insole/analysis/metric.h"
#include "insole/analysis/step.h"

namespace insole::analysis {

struct GaitConfig {
  FootAnalyzerConfig foot;
  double asymmetry_band_pct = 5.0;
  double flat_foot_alert_fraction = 0.3;  // share of a foot's steps landing flat
  double pronation_alert_fraction = 0.5;  // share of a foot's steps classed "over"
  // A silent sensel (Step::silent_sensel): once both feet have silent_min_steps steps, a sensel
  // whose mean step peak is under silent_fraction of the same sensel's on the other insole,
  // where that one carries at least silent_mirror_share of its foot's summed sensel peaks and
  // silent_mirror_min_n. Both insoles must share one layout.
  std::size_t silent_min_steps = 10;
  double silent_fraction = 0.15;
  double silent_mirror_share = 0.005;
  double silent_mirror_min_n = 8.0;
  // Force asymmetry is withheld when this share of either foot's steps has a silent sensel.
  double silent_withhold_share = 0.2;
};

// A sensel of one insole that read nothing on a share of its steps (Step::silent_sensel).
struct SilentSensel {
  int sensel = -1;   // the most frequent one; -1: none
  double share = 0;  // of the foot's steps
};

struct FootSummary {
  std::size_t steps = 0;
  Strike strike = Strike::kRearfoot;  // most frequent class
  double strike_index_median = 0;
  double flat_foot_fraction = 0;
  Pronation pronation = Pronation::kNeutral;  // class of the median index
  double pronation_index_median = 0;
  double mean_contact_time_s = 0;
  double mean_peak_force_n = 0;
  double mean_loading_rate_n_per_s = 0;
};

struct GaitSummary {
  double cadence_spm = 0;
  double mean_flight_time_s = 0;
  std::array<FootSummary, 2> feet;            // [left, right]
  std::array<Asymmetry, 4> asymmetry;         // in kAsymmetryMetrics order
  std::array<SilentSensel, 2> silent_sensel;  // [left, right]
  // A silent sensel on a share of steps (GaitConfig::silent_withhold_share): the force metrics'
  // asymmetry is withheld (Asymmetry::withheld); contact time is still compared.
  bool force_asymmetry_withheld = false;
  std::vector<Alert> alerts;
};

// Steps per minute over both feet: 120 / the median stride time of each foot (weighted by its
// steps), so steps missing from a run (lost frames, turns) do not bias it. 0 when not known: no
// foot has 3 steps yet.
double cadence_spm(const std::vector<Step>& steps);

// The run summary of any set of steps (live, or read back from storage).
GaitSummary summarize(const std::vector<Step>& steps, const GaitConfig& config);

class GaitAnalyzer {
 public:
  // Both feet on the same layout.
  GaitAnalyzer(const Layout& layout, GaitConfig config = {});
  // Feet attached later, each with its own layout (devices join a live run one by one).
  explicit GaitAnalyzer(GaitConfig config);
  void attach(Side side, const Layout& layout);
  bool attached(Side side) const { return feet_[index(side)].has_value(); }

  // One frame of one foot; returns the step it completed, if any (also kept in steps()). Frames
  // of a foot with no layout attached are ignored. A completed step carries the foot's silent
  // sensel, if the other insole (same layout) shows one (GaitConfig).
  std::optional<Step> push(Side side, double t_s, std::span<const float> forces_n);

  const std::vector<Step>& steps() const { return steps_; }
  GaitSummary summary() const { return summarize(steps_, config_); }
  const FootAnalyzer& foot(Side side) const { return *feet_[index(side)]; }

 private:
  static std::size_t index(Side side) { return side == Side::kLeft ? 0 : 1; }

  GaitConfig config_;
  std::array<std::optional<FootAnalyzer>, 2> feet_;
  std::array<std::vector<SenselPosition>, 2> positions_;
  bool same_layout_ = false;  // both feet attached, sensel for sensel at the same place
  std::array<double, 2> last_toe_off_{-1e9, -1e9};
  std::vector<Step> steps_;
};

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_GAIT_ANALYZER_H_
