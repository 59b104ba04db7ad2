#include "insole/hw/validation/scoring.h"

#include <cmath>
#include <limits>
#include <vector>

namespace insole::hw::validation {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t at(StrikeType s) { return static_cast<std::size_t>(s); }
std::size_t at(PronationType p) { return static_cast<std::size_t>(p); }

analysis::Strike to_analysis(StrikeType s) {
  switch (s) {
    case StrikeType::kMidfoot:
      return analysis::Strike::kMidfoot;
    case StrikeType::kForefoot:
      return analysis::Strike::kForefoot;
    case StrikeType::kRearfoot:
      break;
  }
  return analysis::Strike::kRearfoot;
}

analysis::Pronation to_analysis(PronationType p) {
  switch (p) {
    case PronationType::kUnder:
      return analysis::Pronation::kUnder;
    case PronationType::kOver:
      return analysis::Pronation::kOver;
    case PronationType::kNeutral:
      break;
  }
  return analysis::Pronation::kNeutral;
}

bool overlaps(std::span<const TimeInterval> absent, analysis::Side side, double from, double to) {
  for (const auto& a : absent)
    if (a.side == side && from < a.to_s && a.from_s < to) return true;
  return false;
}

double pct(std::size_t a, std::size_t b) {
  return b == 0 ? kNaN : 100.0 * static_cast<double>(a) / static_cast<double>(b);
}

}  // namespace

void Score::add(const Score& o) {
  truth += o.truth;
  found += o.found;
  extra += o.extra;
  contact_abs_ms += o.contact_abs_ms;
  toe_off_abs_ms += o.toe_off_abs_ms;
  contact_signed_ms += o.contact_signed_ms;
  toe_off_signed_ms += o.toe_off_signed_ms;
  strike_ok += o.strike_ok;
  midfoot_n += o.midfoot_n;
  midfoot_ok += o.midfoot_ok;
  cpei_abs_pp += o.cpei_abs_pp;
  cpei_n += o.cpei_n;
  for (std::size_t s = 0; s < 3; ++s) {
    pronation_n[s] += o.pronation_n[s];
    pronation_ok[s] += o.pronation_ok[s];
    for (std::size_t p = 0; p < 3; ++p) {
      pronation_index_sum[s][p] += o.pronation_index_sum[s][p];
      pronation_index_n[s][p] += o.pronation_index_n[s][p];
      true_cpei_sum[s][p] += o.true_cpei_sum[s][p];
      true_cpei_n[s][p] += o.true_cpei_n[s][p];
    }
  }
}

double Score::found_pct() const { return pct(found, truth); }
double Score::extra_pct() const { return pct(extra, truth); }
double Score::contact_mae_ms() const {
  return found == 0 ? kNaN : contact_abs_ms / static_cast<double>(found);
}
double Score::toe_off_mae_ms() const {
  return found == 0 ? kNaN : toe_off_abs_ms / static_cast<double>(found);
}
double Score::contact_bias_ms() const {
  return found == 0 ? kNaN : contact_signed_ms / static_cast<double>(found);
}
double Score::toe_off_bias_ms() const {
  return found == 0 ? kNaN : toe_off_signed_ms / static_cast<double>(found);
}
double Score::strike_pct() const { return pct(strike_ok, found); }
double Score::midfoot_pct() const { return pct(midfoot_ok, midfoot_n); }
double Score::pronation_pct(StrikeType s) const {
  return pct(pronation_ok[at(s)], pronation_n[at(s)]);
}
double Score::mean_pronation_index(StrikeType s, PronationType p) const {
  const std::size_t n = pronation_index_n[at(s)][at(p)];
  return n == 0 ? kNaN : pronation_index_sum[at(s)][at(p)] / static_cast<double>(n);
}
double Score::cpei_mae_pp() const {
  return cpei_n == 0 ? kNaN : cpei_abs_pp / static_cast<double>(cpei_n);
}
double Score::mean_true_cpei(StrikeType s, PronationType p) const {
  const std::size_t n = true_cpei_n[at(s)][at(p)];
  return n == 0 ? kNaN : true_cpei_sum[at(s)][at(p)] / static_cast<double>(n);
}
bool Score::pronation_ordered(StrikeType s) const {
  const double under = mean_pronation_index(s, PronationType::kUnder);
  const double neutral = mean_pronation_index(s, PronationType::kNeutral);
  const double over = mean_pronation_index(s, PronationType::kOver);
  return under > neutral && neutral > over;  // false when any is NaN
}

Score score_steps(std::span<const TruthStep> truth, std::span<const analysis::Step> analysed,
                  double from_s, double to_s, std::span<const TimeInterval> absent,
                  double window_s) {
  Score sc;
  std::vector<bool> used(analysed.size(), false);
  for (const auto& t : truth) {
    if (t.contact_s < from_s || t.contact_s > to_s) continue;
    if (overlaps(absent, t.side, t.contact_s, t.toe_off_s)) continue;
    ++sc.truth;
    std::size_t best = analysed.size();
    double best_d = window_s;
    for (std::size_t i = 0; i < analysed.size(); ++i) {
      if (used[i] || analysed[i].side != t.side) continue;
      const double d = std::abs(analysed[i].contact_s - t.contact_s);
      if (d <= best_d) {
        best_d = d;
        best = i;
      }
    }
    if (best == analysed.size()) continue;
    used[best] = true;
    const analysis::Step& s = analysed[best];
    ++sc.found;
    sc.contact_abs_ms += 1e3 * std::abs(s.contact_s - t.contact_s);
    sc.toe_off_abs_ms += 1e3 * std::abs(s.toe_off_s - t.toe_off_s);
    sc.contact_signed_ms += 1e3 * (s.contact_s - t.contact_s);
    sc.toe_off_signed_ms += 1e3 * (s.toe_off_s - t.toe_off_s);
    const bool strike_ok = s.strike == to_analysis(t.strike);
    sc.strike_ok += strike_ok;
    if (t.strike == StrikeType::kMidfoot) {
      ++sc.midfoot_n;
      sc.midfoot_ok += strike_ok;
    }
    ++sc.pronation_n[at(t.strike)];
    sc.pronation_ok[at(t.strike)] += s.pronation == to_analysis(t.pronation);
    if (std::isfinite(s.pronation_index)) {
      sc.pronation_index_sum[at(t.strike)][at(t.pronation)] += s.pronation_index;
      ++sc.pronation_index_n[at(t.strike)][at(t.pronation)];
    }
    if (std::isfinite(t.cpei_pct)) {
      sc.true_cpei_sum[at(t.strike)][at(t.pronation)] += t.cpei_pct;
      ++sc.true_cpei_n[at(t.strike)][at(t.pronation)];
      if (t.strike == StrikeType::kRearfoot && std::isfinite(s.cpei_pct)) {
        sc.cpei_abs_pp += std::abs(s.cpei_pct - t.cpei_pct);
        ++sc.cpei_n;
      }
    }
  }
  for (std::size_t i = 0; i < analysed.size(); ++i) {
    const analysis::Step& s = analysed[i];
    if (used[i] || s.contact_s < from_s || s.contact_s > to_s) continue;
    if (overlaps(absent, s.side, s.contact_s, s.toe_off_s)) continue;
    ++sc.extra;
  }
  return sc;
}

double impulse_si_pct(std::span<const TruthStep> truth) {
  double l = 0, r = 0;
  std::size_t nl = 0, nr = 0;
  for (const auto& t : truth) {
    if (t.side == analysis::Side::kLeft) {
      l += t.impulse_ns;
      ++nl;
    } else {
      r += t.impulse_ns;
      ++nr;
    }
  }
  if (nl == 0 || nr == 0) return kNaN;
  l /= static_cast<double>(nl);
  r /= static_cast<double>(nr);
  return 200.0 * (r - l) / (r + l);
}

}  // namespace insole::hw::validation
