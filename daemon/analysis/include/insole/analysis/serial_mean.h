// The mean of a per-step series in time order and the variance of that mean (pure).
//
// Consecutive steps are not independent (pace, fatigue and terrain drift slowly), and s^2 / n
// then understates the variance; with lag-1 autocorrelation r > 0 the effective number of
// independent steps is n (1 - r) / (1 + r) (Bayley & Hammersley 1946, J R Stat Soc Suppl 8:184;
// the AR(1) case), r clamped to 0..0.9, and never fewer than 2.
#ifndef INSOLE_ANALYSIS_SERIAL_MEAN_H_
#define INSOLE_ANALYSIS_SERIAL_MEAN_H_

#include <span>

namespace insole::analysis {

struct SerialMean {
  double mean = 0;
  double var_of_mean = 0;
  double effective_n = 0;
};

// `v` must hold at least 2 values.
SerialMean serial_mean(std::span<const double> v);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_SERIAL_MEAN_H_
