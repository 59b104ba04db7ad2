#include "insole/analysis/step_detector.h"

namespace insole::analysis {
namespace {

// Time at which the segment (a -> b) reaches level; a and b straddle it.
double crossing(double ta, double fa, double tb, double fb, double level) {
  if (fb == fa) return tb;
  return ta + (level - fa) / (fb - fa) * (tb - ta);
}

}  // namespace

StepDetector::StepDetector(StepDetectorConfig config) : config_(config) { stance_.reserve(1024); }

std::optional<Step> StepDetector::push(double t_s, double total_n) {
  const Sample current{t_s, total_n};
  std::optional<Step> result;
  if (have_previous_ && t_s - previous_.t_s > config_.max_gap_s) {
    // Frames were lost: a stance spanning the hole has unknown timing.
    if (in_contact_) ++discarded_gaps_;
    in_contact_ = false;
    stance_.clear();
    have_previous_ = false;
  }
  if (!have_previous_) {
    previous_ = current;
    have_previous_ = true;
    // Starting inside a stance: wait for the next clean contact.
    return std::nullopt;
  }

  const double thr = config_.threshold_n;
  if (!in_contact_ && previous_.force_n < thr && total_n >= thr) {
    in_contact_ = true;
    contact_s_ = crossing(previous_.t_s, previous_.force_n, t_s, total_n, thr);
    stance_.clear();
    stance_.push_back({contact_s_, thr});
    stance_.push_back(current);
  } else if (in_contact_ && total_n < thr) {
    const double toe_off = crossing(previous_.t_s, previous_.force_n, t_s, total_n, thr);
    stance_.push_back({toe_off, thr});
    if (toe_off - contact_s_ >= config_.min_contact_s) {
      result = finish(toe_off);
    } else {
      ++discarded_short_;
    }
    in_contact_ = false;
    stance_.clear();
  } else if (in_contact_) {
    stance_.push_back(current);
  }
  previous_ = current;
  return result;
}

Step StepDetector::finish(double toe_off_s) const {
  Step step;
  step.contact_s = contact_s_;
  step.toe_off_s = toe_off_s;
  std::size_t peak_index = 0;
  for (std::size_t i = 0; i < stance_.size(); ++i) {
    if (stance_[i].force_n > step.peak_force_n) {
      step.peak_force_n = stance_[i].force_n;
      peak_index = i;
    }
    if (i > 0) {
      step.impulse_ns += 0.5 * (stance_[i].force_n + stance_[i - 1].force_n) *
                         (stance_[i].t_s - stance_[i - 1].t_s);
    }
  }
  // First local maximum that reaches half the stance peak: the impact peak when there is one,
  // otherwise the active peak.
  std::size_t first_peak = peak_index;
  for (std::size_t i = 1; i + 1 < stance_.size() && i < peak_index; ++i) {
    if (stance_[i].force_n >= 0.5 * step.peak_force_n &&
        stance_[i].force_n >= stance_[i - 1].force_n &&
        stance_[i].force_n > stance_[i + 1].force_n) {
      first_peak = i;
      break;
    }
  }
  const double f_peak = stance_[first_peak].force_n;
  const double lo = 0.2 * f_peak;
  const double hi = 0.8 * f_peak;
  double t_lo = -1, t_hi = -1;
  for (std::size_t i = 1; i <= first_peak; ++i) {
    const Sample& a = stance_[i - 1];
    const Sample& b = stance_[i];
    if (t_lo < 0 && a.force_n < lo && b.force_n >= lo)
      t_lo = crossing(a.t_s, a.force_n, b.t_s, b.force_n, lo);
    if (t_hi < 0 && a.force_n < hi && b.force_n >= hi)
      t_hi = crossing(a.t_s, a.force_n, b.t_s, b.force_n, hi);
  }
  double f_lo = lo;
  if (t_lo < 0) {  // 20% of the peak lies below the contact threshold: start at contact
    t_lo = step.contact_s;
    f_lo = config_.threshold_n;
  }
  if (t_hi > t_lo) step.loading_rate_n_per_s = (hi - f_lo) / (t_hi - t_lo);
  return step;
}

}  // namespace insole::analysis
