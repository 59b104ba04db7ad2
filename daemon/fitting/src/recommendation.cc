#include "insole/fitting/recommendation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace insole::fitting {
namespace {

enum Factor : std::size_t { kComfort, kLoadingRate, kPeakPressure, kAsymmetry, kFlatLanding };
constexpr std::size_t kFactors = 5;
constexpr std::array<const char*, kFactors> kFactorWords = {
    "comfort", "loading rate", "peak pressure", "left/right balance", "flat landings"};

// One factor of one trial: its value and the standard error of that value (0: exact).
struct Measure {
  double value = kNaN;
  double se = 0;
};
using Measures = std::array<Measure, kFactors>;

// Mean of the feet's values and the standard error of that mean, from per-foot (value, se).
Measure mean_of_feet(const std::vector<Measure>& feet) {
  Measure m;
  if (feet.empty()) return m;
  double sum = 0, var = 0;
  for (const Measure& f : feet) {
    sum += f.value;
    var += f.se * f.se;
  }
  const double k = static_cast<double>(feet.size());
  m.value = sum / k;
  m.se = std::sqrt(var) / k;
  return m;
}

Measures measures(const TrialForRanking& t, const RankingRule& rule) {
  Measures out;
  if (t.comfort) out[kComfort] = {static_cast<double>(*t.comfort), 0};
  std::vector<Measure> rate, pressure, flat;
  bool both_feet = true;
  for (const FootResult& f : t.result.feet) {
    const double n = static_cast<double>(f.steps);
    if (f.steps < rule.min_steps) {
      both_feet = false;
      continue;
    }
    if (std::isfinite(f.loading_rate_bw_per_s)) {
      const double sd = std::isfinite(f.loading_rate_sd_bw_per_s) ? f.loading_rate_sd_bw_per_s : 0;
      rate.push_back({f.loading_rate_bw_per_s, sd / std::sqrt(n)});
    }
    if (f.pressure_steps >= rule.min_steps && std::isfinite(f.peak_pressure_kpa)) {
      const double sd = std::isfinite(f.peak_pressure_sd_kpa) ? f.peak_pressure_sd_kpa : 0;
      pressure.push_back(
          {f.peak_pressure_kpa, sd / std::sqrt(static_cast<double>(f.pressure_steps))});
    }
    if (std::isfinite(f.flat_foot_pct)) {
      const double p = f.flat_foot_pct / 100;
      flat.push_back({f.flat_foot_pct, 100 * std::sqrt(p * (1 - p) / n)});
    }
  }
  out[kLoadingRate] = mean_of_feet(rate);
  out[kPeakPressure] = mean_of_feet(pressure);
  out[kFlatLanding] = mean_of_feet(flat);
  if (both_feet) {
    // Mean |SI| over the metrics; each index's se from its 95% interval.
    std::vector<Measure> indices;
    for (const auto& a : t.result.asymmetry) {
      if (!std::isfinite(a.si_pct)) continue;
      const double half = 0.5 * (a.ci_high_pct - a.ci_low_pct);
      indices.push_back({std::abs(a.si_pct), std::isfinite(half) ? half / 1.96 : 0});
    }
    out[kAsymmetry] = mean_of_feet(indices);
  }
  return out;
}

bool known(const Measure& m) { return std::isfinite(m.value); }

// +1: a is really better than b on this factor, -1: really worse, 0: no real difference.
int compare(Factor f, const Measure& a, const Measure& b, const RankingRule& rule) {
  if (!known(a) || !known(b)) return 0;
  const double diff = std::abs(a.value - b.value);
  double size = diff, minimum = 0;
  switch (f) {
    case kComfort:
      minimum = rule.comfort_points;
      break;
    case kLoadingRate:
      size = 100 * diff / (0.5 * (a.value + b.value));
      minimum = rule.loading_rate_pct;
      break;
    case kPeakPressure:
      size = 100 * diff / (0.5 * (a.value + b.value));
      minimum = rule.peak_pressure_pct;
      break;
    case kAsymmetry:
      minimum = rule.asymmetry_points;
      break;
    case kFlatLanding:
      minimum = rule.flat_landing_points;
      break;
  }
  if (!(size >= minimum - 1e-9) || diff == 0) return 0;
  if (diff <= rule.z * std::hypot(a.se, b.se)) return 0;  // within measurement noise
  const bool a_lower = a.value < b.value;
  return (f == kComfort ? !a_lower : a_lower) ? 1 : -1;
}

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

// "48 vs 55" with `unit` after each number ("%", "/10") or after both (" kPa").
std::string versus(double a, double b, int decimals, const std::string& each = "") {
  return fixed(a, decimals) + each + " vs " + fixed(b, decimals) + each;
}

std::string percent_apart(double a, double b) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.0f%%", 100 * std::abs(a - b) / b);
  return buf;
}

// The clause saying how a differs from b on a measured factor; `than` names b once.
std::string clause(Factor f, int verdict, const Measure& a, const Measure& b,
                   const std::string& than) {
  const bool better = verdict > 0;
  const std::string pct = percent_apart(a.value, b.value);
  switch (f) {
    case kLoadingRate:
      return "landed " + pct + (better ? " softer" : " harder") + than + " (loading rate " +
             versus(a.value, b.value, 0) + " body weights/s)";
    case kPeakPressure:
      return "put " + pct + (better ? " less" : " more") + " peak pressure on the foot" + than +
             " (" + versus(a.value, b.value, 0) + " kPa)";
    case kAsymmetry:
      return std::string("ran ") + (better ? "more" : "less") + " evenly left to right" + than +
             " (asymmetry " + versus(a.value, b.value, 1, "%") + ")";
    case kFlatLanding:
      return std::string("landed flat ") + (better ? "less" : "more") + " often" + than + " (" +
             versus(a.value, b.value, 0, "%") + " of steps)";
    case kComfort:
      break;
  }
  return {};
}

std::string join(const std::vector<std::string>& items, const char* last) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? std::string(" ") + last + " " : ", ";
    out += items[i];
  }
  return out;
}

// One sentence: how trial a compares with trial b, in a's words.
std::string compare_sentence(const TrialForRanking& a, const Measures& ma, const TrialForRanking& b,
                             const Measures& mb, const RankingRule& rule) {
  std::vector<std::string> clauses, same;
  for (Factor f : {kLoadingRate, kPeakPressure, kAsymmetry, kFlatLanding}) {
    const int v = compare(f, ma[f], mb[f], rule);
    if (v == 0) {
      if (known(ma[f]) && known(mb[f])) same.push_back(kFactorWords[f]);
      continue;
    }
    clauses.push_back(clause(f, v, ma[f], mb[f], clauses.empty() ? " than " + b.shoe : ""));
  }
  const int comfort = compare(kComfort, ma[kComfort], mb[kComfort], rule);
  std::string rated;
  if (comfort != 0) {
    rated = fixed(ma[kComfort].value, 0) + "/10 against " + fixed(mb[kComfort].value, 0) + "/10";
  } else if (known(ma[kComfort]) && known(mb[kComfort])) {
    same.insert(same.begin(), kFactorWords[kComfort]);
  }
  std::string s;
  if (clauses.empty() && rated.empty()) {
    s = a.shoe + " and " + b.shoe + ": no real difference";
    if (!same.empty()) s += " in " + join(same, "or");
    return s + ".";
  }
  if (clauses.empty()) {
    s = "The customer rated " + a.shoe + " " + rated + " for " + b.shoe;
  } else {
    if (!rated.empty()) clauses.push_back("the customer rated it " + rated);
    s = a.shoe + " " + join(clauses, "and");
  }
  s += ".";
  if (!same.empty()) s += " No real difference in " + join(same, "or") + ".";
  return s;
}

std::vector<std::string> notes(const TrialForRanking& t, const RankingRule& rule) {
  std::vector<std::string> out;
  if (!t.comfort) out.push_back("No comfort rating yet: ranked on the measurements only.");
  for (std::size_t f = 0; f < 2; ++f) {
    const std::size_t n = t.result.feet[f].steps;
    if (n >= rule.min_steps) continue;
    char buf[200];
    std::snprintf(buf, sizeof(buf),
                  "Only %zu steps on the %s foot: too few to count (at least %zu); run the "
                  "trial again for its measurements to count.",
                  n, f == 0 ? "left" : "right", rule.min_steps);
    out.push_back(buf);
  }
  return out;
}

std::string names(const std::vector<const TrialForRanking*>& trials) {
  std::vector<std::string> n;
  for (const auto* t : trials) n.push_back(t->shoe);
  return join(n, "and");
}

}  // namespace

Ranking rank_trials(std::span<const TrialForRanking> trials, const RankingRule& rule) {
  Ranking out;
  const std::size_t n = trials.size();
  if (n == 0) {
    out.summary = "No trials to compare yet.";
    return out;
  }
  std::vector<Measures> m;
  for (const auto& t : trials) m.push_back(measures(t, rule));
  const std::array<double, kFactors> weights = {rule.comfort_weight, rule.loading_rate_weight,
                                                rule.peak_pressure_weight, rule.asymmetry_weight,
                                                rule.flat_landing_weight};
  const double total_weight = std::accumulate(weights.begin(), weights.end(), 0.0);

  std::vector<double> score(n, 50.0);
  bool any_difference = false;
  for (std::size_t i = 0; i < n && n > 1; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      for (std::size_t f = 0; f < kFactors; ++f) {
        const int v = compare(static_cast<Factor>(f), m[i][f], m[j][f], rule);
        any_difference |= v != 0;
        sum += weights[f] * v;
      }
    }
    score[i] = 50 + 50 * sum / (static_cast<double>(n - 1) * total_weight);
  }

  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return score[a] > score[b] + 1e-9; });
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    TrialRank r;
    r.trial_id = trials[i].trial_id;
    r.rank = k > 0 && std::abs(score[i] - score[order[k - 1]]) < 1e-9 ? out.ranking.back().rank
                                                                      : static_cast<int>(k + 1);
    r.score = std::round(score[i] * 10) / 10;
    for (std::size_t other : order) {
      if (other != i)
        r.reasons.push_back(compare_sentence(trials[i], m[i], trials[other], m[other], rule));
    }
    for (auto& note : notes(trials[i], rule)) r.reasons.push_back(std::move(note));
    out.ranking.push_back(std::move(r));
  }

  if (n == 1) {
    out.summary = "Only " + trials[0].shoe + " has been tried: nothing to compare it with yet.";
    return out;
  }
  std::vector<const TrialForRanking*> top;
  for (std::size_t k = 0; k < n && out.ranking[k].rank == 1; ++k) top.push_back(&trials[order[k]]);
  const std::size_t first = order[0];
  if (!any_difference) {
    std::vector<const TrialForRanking*> all;
    for (const auto& t : trials) all.push_back(&t);
    out.summary = "No real difference between " + names(all) +
                  ": every difference is within measurement noise or too small to matter, so "
                  "the customer can choose freely.";
  } else if (top.size() == n) {
    out.summary = names(top) + " come out level: their advantages balance out. " +
                  compare_sentence(trials[first], m[first], trials[order[1]], m[order[1]], rule);
  } else {
    const std::size_t next = order[top.size()];
    out.summary = (top.size() == 1 ? top[0]->shoe + " comes out best. "
                                   : names(top) + " come out level at the top. ") +
                  compare_sentence(trials[first], m[first], trials[next], m[next], rule);
  }
  out.summary += " Pronation is shown for information only and does not rank shoes.";
  return out;
}

}  // namespace insole::fitting
