// One analysed step (stance) of one foot and the classes the analysis assigns.
#ifndef INSOLE_ANALYSIS_STEP_H_
#define INSOLE_ANALYSIS_STEP_H_

#include <limits>
#include <string_view>

namespace insole::analysis {

enum class Side { kLeft, kRight };
enum class Strike { kRearfoot, kMidfoot, kForefoot };
enum class Pronation { kUnder, kNeutral, kOver };

std::string_view name(Side side);            // "L" | "R"
std::string_view name(Strike strike);        // "rearfoot" | "midfoot" | "forefoot"
std::string_view name(Pronation pronation);  // "under" | "neutral" | "over"

// Strike index bands (Cavanagh & Lafortune 1980): rearfoot < 1/3 <= midfoot <= 2/3 < forefoot.
Strike classify_strike(double strike_index);

struct Step {
  Side side = Side::kLeft;
  double contact_s = 0;     // total force crosses 20 N upward (interpolated)
  double toe_off_s = 0;     // ... and downward
  double strike_index = 0;  // CoP y at contact / foot length
  Strike strike = Strike::kRearfoot;
  bool flat_foot = false;  // midfoot strike, or heel and forefoot loaded within the window
  double heel_to_forefoot_s =
      0;                       // forefoot load onset minus heel load onset (NaN if either absent)
  double cpei_pct = 0;         // centre-of-pressure excursion index (NaN when undefined)
  double medial_fraction = 0;  // medial / (medial + lateral) force, 20-80% of stance
  // The toes' share of the forefoot's force over the second half of stance (push-off), 0-1;
  // NaN when the layout has no sensel under the toes or the forefoot took no load.
  double toe_share = std::numeric_limits<double>::quiet_NaN();
  double pronation_index = 0;  // CPEI, or its medial-fraction equivalent when CPEI is undefined
  Pronation pronation = Pronation::kNeutral;
  double peak_force_n = 0;
  double loading_rate_n_per_s = 0;  // 20-80% of the first force peak
  double impulse_ns = 0;
  double flight_time_s = 0;  // since the other foot's toe-off (0 when both feet were down)
  double missing_s = 0;      // time inside the stance with no frames (lost); 0 when complete
  // A sensel of this insole that read (next to) nothing over the recent steps while the same
  // sensel of the other insole carried load: dead, or stuck and zeroed away. The step's force
  // figures lack that sensel's share. -1: none seen (or no other insole to compare with).
  int silent_sensel = -1;
  double contact_time_s() const { return toe_off_s - contact_s; }
};

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_STEP_H_
