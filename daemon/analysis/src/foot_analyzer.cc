#include "insole/analysis/foot_analyzer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace insole::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Time at which the segment (ta, fa) -> (tb, fb) reaches level.
double crossing(double ta, double fa, double tb, double fb, double level) {
  if (fb == fa) return tb;
  return ta + (level - fa) / (fb - fa) * (tb - ta);
}

// The parabola f(u) = fa + p u + q u^2 (u = t - ta) through (ta, fa), (tb, fb) and (tc, fc);
// nullopt when the three times do not define one.
struct Parabola {
  double p = 0, q = 0;
};
std::optional<Parabola> parabola(double ta, double fa, double tb, double fb, double tc, double fc) {
  const double hb = tb - ta, hc = tc - ta;
  if (hb <= 0 || hc == 0 || hc == hb) return std::nullopt;
  const double db = (fb - fa) / hb, dc = (fc - fa) / hc;
  const double q = (dc - db) / (hc - hb);
  return Parabola{db - q * hb, q};
}

// Time in [ta, tb] at which the parabola through (ta, fa), (tb, fb) and a third sample
// (tc, fc) outside the bracket reaches level, where fa and fb bracket it. The force's ramp is
// curved at both ends of a stance (it leaves zero slowly and steepens), so a straight line
// between the two bracketing samples misplaces the crossing by up to a fraction of the frame
// interval; the third sample gives the curvature. Falls back to the straight line when the
// parabola does not cross exactly once inside the bracket.
double curved_crossing(double ta, double fa, double tb, double fb, double tc, double fc,
                       double level) {
  const double linear = crossing(ta, fa, tb, fb, level);
  const auto fit = parabola(ta, fa, tb, fb, tc, fc);
  if (!fit) return linear;
  const double hb = tb - ta, p = fit->p, q = fit->q;
  if (std::abs(q) < 1e-9) return linear;
  const double disc = p * p - 4 * q * (fa - level);
  if (disc < 0) return linear;
  const double r = std::sqrt(disc);
  double best = linear;
  int inside = 0;
  for (double u : {(-p - r) / (2 * q), (-p + r) / (2 * q)}) {
    if (u >= 0 && u <= hb) {
      best = ta + u;
      ++inside;
    }
  }
  return inside == 1 ? best : linear;
}

// With a first-order sensor lag tau the reading y follows the force x by y' = (x - y) / tau,
// so x = y + tau y'. On the parabola y(u) = fa + p u + q u^2 through the three samples (u = t -
// ta), the force crosses level where q u^2 + (p + 2 q tau) u + fa + tau p - level = 0. The root
// may lie before ta (the force crossed up to a lag before the reading did); one between ta - h
// and tb is taken, h the bracket's length. Falls back to the reading's crossing shifted by tau
// (exact for a steady ramp) when there is none or more than one.
double lagged_crossing(double ta, double fa, double tb, double fb, double tc, double fc,
                       double level, double tau) {
  const double shifted = curved_crossing(ta, fa, tb, fb, tc, fc, level) - tau;
  const auto fit = parabola(ta, fa, tb, fb, tc, fc);
  if (!fit) return shifted;
  const double hb = tb - ta, p = fit->p, q = fit->q;
  const double b = p + 2 * q * tau, c = fa + tau * p - level;
  double best = shifted;
  int inside = 0;
  auto consider = [&](double u) {
    if (u >= -hb && u <= hb) {
      best = ta + u;
      ++inside;
    }
  };
  if (std::abs(q) < 1e-9) {
    if (std::abs(b) < 1e-12) return shifted;
    consider(-c / b);
  } else {
    const double disc = b * b - 4 * q * c;
    if (disc < 0) return shifted;
    const double r = std::sqrt(disc);
    consider((-b - r) / (2 * q));
    consider((-b + r) / (2 * q));
  }
  return inside == 1 ? best : shifted;
}

}  // namespace

FootAnalyzer::FootAnalyzer(Side side, const Layout& layout, FootAnalyzerConfig config)
    : side_(side),
      zones_(derive_zones(layout)),
      lag_s_(layout.sensor_time_constant_s),
      sensels_(layout.sensels),
      config_(config),
      baseline_(layout.sensels.size(), 0.0f),
      pending_forces_(kMaxPending * layout.sensels.size()),
      stance_sensel_peak_(layout.sensels.size(), 0.0f),
      sensel_peak_mean_(layout.sensels.size(), 0.0f) {
  stance_.reserve(kMaxStanceSamples);
  for (const std::uint8_t f : zones_.flags) has_toes_ |= (f & Zones::kToes) != 0;
}

void FootAnalyzer::update_baseline(std::span<const float> forces_n) {
  ++baseline_samples_;
  // Running mean until 1/alpha samples are in, then an EMA: converges in the first swing and
  // then follows drift.
  const double rate =
      std::max(config_.baseline_alpha, 1.0 / static_cast<double>(baseline_samples_));
  const float a = static_cast<float>(rate);
  for (std::size_t i = 0; i < baseline_.size(); ++i)
    baseline_[i] += a * (forces_n[i] - baseline_[i]);
}

FootAnalyzer::Sample FootAnalyzer::summarise(double t_s, std::span<const float> forces_n) {
  Sample s;
  s.t = t_s;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < sensels_.size(); ++i) {
    const double f = static_cast<double>(forces_n[i] - baseline_[i]);
    s.total += f;
    mx += f * sensels_[i].x_mm;
    my += f * sensels_[i].y_mm;
    const std::uint8_t z = zones_.flags[i];
    if (z & Zones::kHeel) s.heel += f;
    if (z & Zones::kForefoot) s.forefoot += f;
    if (z & Zones::kMedial) s.medial += f;
    if (z & Zones::kLateral) s.lateral += f;
    if (z & Zones::kToes) s.toes += f;
  }
  if (s.total > 1e-6) {
    s.cop_x = mx / s.total;
    s.cop_y = my / s.total;
  }
  return s;
}

void FootAnalyzer::reset_stance() {
  state_ = State::kSwing;
  stance_.clear();
}

void FootAnalyzer::begin_stance(const Sample& s, double lost_s) {
  missing_s_ = lost_s;
  before_contact_ = previous_;
  stance_.clear();
  stance_.push_back(s);
  std::fill(stance_sensel_peak_.begin(), stance_sensel_peak_.end(), 0.0f);
  state_ = State::kStance;
}

void FootAnalyzer::track_sensel_peaks(std::span<const float> forces_n) {
  for (std::size_t i = 0; i < stance_sensel_peak_.size(); ++i)
    stance_sensel_peak_[i] = std::max(stance_sensel_peak_[i], forces_n[i] - baseline_[i]);
}

void FootAnalyzer::accept_sensel_peaks() {
  // Running mean for the first steps, then an exponential mean.
  const double rate = std::max(1.0 / kSenselPeakSteps, 1.0 / static_cast<double>(peaks_seen_));
  const float a = static_cast<float>(rate);
  for (std::size_t i = 0; i < sensel_peak_mean_.size(); ++i)
    sensel_peak_mean_[i] += a * (stance_sensel_peak_[i] - sensel_peak_mean_[i]);
}

void FootAnalyzer::queue_quiet(std::span<const float> forces_n, double t_s, bool quiet) {
  if (!quiet) {
    pending_t_.clear();  // the stretch is broken: none of the waiting frames is sure to be zero
    return;
  }
  // Queue this frame; release those that have been followed by quiet_guard_s of quiet.
  const std::size_t n = sensels_.size();
  if (pending_t_.size() == kMaxPending) {  // guard longer than the ring: release the oldest
    update_baseline(std::span<const float>(&pending_forces_[pending_head_ * n], n));
    pending_t_.pop_front();
    pending_head_ = (pending_head_ + 1) % kMaxPending;
  }
  const std::size_t slot = (pending_head_ + pending_t_.size()) % kMaxPending;
  std::copy(forces_n.begin(), forces_n.end(),
            pending_forces_.begin() + static_cast<long>(slot * n));
  pending_t_.push_back(t_s);
  while (!pending_t_.empty() && t_s - pending_t_.front() >= config_.quiet_guard_s) {
    update_baseline(std::span<const float>(&pending_forces_[pending_head_ * n], n));
    pending_t_.pop_front();
    pending_head_ = (pending_head_ + 1) % kMaxPending;
  }
}

void FootAnalyzer::rezero(std::span<const float> forces_n) {
  std::copy(forces_n.begin(), forces_n.end(), baseline_.begin());
  baseline_samples_ = 1;
  pending_t_.clear();
}

std::optional<Step> FootAnalyzer::push(double t_s, std::span<const float> forces_n) {
  if (forces_n.size() != sensels_.size()) return std::nullopt;
  if (baseline_samples_ == 0) rezero(forces_n);  // the first frame is the first guess of zero
  Sample s = summarise(t_s, forces_n);
  // Unloaded, yet well below zero for several frames (noise is not): the zero holds load (taken
  // while standing). Pull every sensel's zero quickly toward what it reads now.
  below_zero_frames_ =
      state_ == State::kSwing && s.total < -config_.threshold_n ? below_zero_frames_ + 1 : 0;
  if (below_zero_frames_ >= 3) {
    for (std::size_t i = 0; i < baseline_.size(); ++i)
      baseline_[i] += 0.5f * (forces_n[i] - baseline_[i]);
    pending_t_.clear();
    s = summarise(t_s, forces_n);
  }
  // Quiet: in swing and near zero. The zero follows slow drift through every swing; the frames
  // just before a landing are held back by the guard.
  queue_quiet(forces_n, t_s, state_ == State::kSwing && s.total < config_.swing_margin_n);

  std::optional<Step> result;
  const double thr = config_.threshold_n;

  // Frames lost: a gap up to max_stance_gap_s is bridged (the stance stays one step, its
  // missing time marked); a longer one inside a stance discards it.
  double lost_s = 0;
  if (have_previous_) {
    const double gap = t_s - previous_.t;
    if (gap <= config_.max_gap_s) {
      frame_interval_s_ = gap;
    } else if (gap <= config_.max_stance_gap_s) {
      lost_s = gap - frame_interval_s_;
    } else {
      if (state_ != State::kSwing) ++discarded_gaps_;
      reset_stance();
      have_previous_ = false;
    }
  }
  if (!have_previous_) {
    previous_ = s;
    have_previous_ = true;
    return std::nullopt;  // starting mid-stance: wait for a clean contact
  }

  switch (state_) {
    case State::kSwing:
      if (previous_.total < thr && s.total >= thr) {
        contact_s_ = crossing(previous_.t, previous_.total, t_s, s.total, thr) - lag_s_;
        begin_stance(s, lost_s);
      }
      break;
    case State::kStance:
      missing_s_ += lost_s;
      if (stance_.size() == 1 && s.total >= thr && missing_s_ == 0) {
        // The sample after the crossing gives the ramp's curvature.
        contact_s_ = lag_s_ > 0
                         ? lagged_crossing(before_contact_.t, before_contact_.total, previous_.t,
                                           previous_.total, t_s, s.total, thr, lag_s_)
                         : curved_crossing(before_contact_.t, before_contact_.total, previous_.t,
                                           previous_.total, t_s, s.total, thr);
      }
      if (s.total < thr) {
        if (stance_.size() >= 2 && lost_s == 0) {
          const Sample& before = stance_[stance_.size() - 2];
          toe_off_s_ = lag_s_ > 0 ? lagged_crossing(previous_.t, previous_.total, t_s, s.total,
                                                    before.t, before.total, thr, lag_s_)
                                  : curved_crossing(previous_.t, previous_.total, t_s, s.total,
                                                    before.t, before.total, thr);
        } else {
          toe_off_s_ = crossing(previous_.t, previous_.total, t_s, s.total, thr) - lag_s_;
        }
        state_ = State::kMaybeOff;
      } else if (stance_.size() < kMaxStanceSamples) {
        stance_.push_back(s);
      }
      if (t_s - contact_s_ > config_.max_contact_s) {
        // Standing, or a zero that drifted below the swing level: either way, what the sensels
        // read now is the new zero (a standing load comes out again at the first lift, above).
        ++discarded_;
        reset_stance();
        rezero(forces_n);
        s = summarise(t_s, forces_n);
      }
      break;
    case State::kMaybeOff:
      if (s.total >= thr && is_blip()) {
        // What went before was read-out noise poking above the threshold, not the landing:
        // the stance starts at this crossing.
        contact_s_ = crossing(previous_.t, previous_.total, t_s, s.total, thr) - lag_s_;
        begin_stance(s, lost_s);
      } else if (s.total >= thr) {
        missing_s_ += lost_s;
        state_ = State::kStance;  // a dip, not a toe-off
        stance_.push_back(s);
      } else if (t_s - toe_off_s_ >= config_.debounce_s) {
        if (toe_off_s_ - contact_s_ >= config_.min_contact_s && stance_.size() >= 2) {
          Step step = finish();
          if (heavy_enough(step.peak_force_n)) {
            recent_peaks_[peaks_seen_++ % recent_peaks_.size()] = step.peak_force_n;
            accept_sensel_peaks();
            result = step;
          } else {
            ++discarded_;
          }
        } else {
          ++discarded_;
        }
        reset_stance();
      }
      break;
  }
  if (state_ != State::kSwing) track_sensel_peaks(forces_n);
  previous_ = s;
  return result;
}

bool FootAnalyzer::is_blip() const {
  if (toe_off_s_ - contact_s_ >= config_.min_contact_s) return false;
  for (const Sample& x : stance_)
    if (x.total >= kBlipFactor * config_.threshold_n) return false;
  return true;
}

bool FootAnalyzer::heavy_enough(double peak_n) const {
  if (peak_n < config_.min_peak_n) return false;
  if (peaks_seen_ < 5) return true;
  const std::size_t n = std::min(peaks_seen_, recent_peaks_.size());
  std::array<double, 16> sorted = recent_peaks_;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(n / 2),
                   sorted.begin() + static_cast<long>(n));
  return peak_n >= config_.min_peak_fraction * sorted[n / 2];
}

Step FootAnalyzer::finish() {
  Step step;
  step.side = side_;
  step.contact_s = contact_s_;
  step.toe_off_s = toe_off_s_;
  step.missing_s = missing_s_;
  const double length = zones_.foot_length_mm;
  const double thr = config_.threshold_n;

  // Strike: where the foot first took the load.
  step.strike_index = stance_.front().cop_y / length;
  step.strike = classify_strike(step.strike_index);

  // Force metrics over the stance, bounded by the threshold crossings.
  double impulse = 0, peak = 0;
  std::size_t peak_i = 0;
  double prev_t = contact_s_, prev_f = thr;
  double medial = 0, lateral = 0, push_fore = 0, push_toes = 0;
  const double duration = toe_off_s_ - contact_s_;
  std::vector<CopPoint>& path = path_;
  path.clear();
  for (std::size_t i = 0; i < stance_.size(); ++i) {
    const Sample& s = stance_[i];
    impulse += 0.5 * (s.total + prev_f) * (s.t - prev_t);
    prev_t = s.t;
    prev_f = s.total;
    if (s.total > peak) {
      peak = s.total;
      peak_i = i;
    }
    if (s.total >= thr) path.push_back({s.cop_x, s.cop_y});
    const double tau = (s.t - contact_s_) / duration;
    if (tau >= 0.2 && tau <= 0.8) {
      medial += s.medial;
      lateral += s.lateral;
    }
    if (tau >= 0.5) {
      push_fore += s.forefoot;
      push_toes += s.toes;
    }
  }
  impulse += 0.5 * (prev_f + thr) * (toe_off_s_ - prev_t);
  step.impulse_ns = impulse;
  step.peak_force_n = peak;

  // Zone onsets (from the last swing sample on): the heel or forefoot zone takes a tenth of the
  // step's peak force. Relative, so a body-weight-sized impact spilling a few newtons onto the
  // forefoot does not count as landing on it.
  const double level = config_.zone_onset_fraction * step.peak_force_n;
  auto onset = [&](double Sample::*zone) {
    const Sample* prev = &before_contact_;
    for (const Sample& s : stance_) {
      if (prev->*zone < level && s.*zone >= level) {
        return crossing(prev->t, prev->*zone, s.t, s.*zone, level);
      }
      if (prev->*zone >= level) return prev->t;
      prev = &s;
    }
    return kNaN;
  };
  const double heel_on = onset(&Sample::heel);
  const double fore_on = onset(&Sample::forefoot);
  step.heel_to_forefoot_s = fore_on - heel_on;
  // Flat: the whole foot lands at once. A midfoot strike is that by definition (CoP lands in the
  // middle third); a step classed rearfoot or forefoot is flat too when heel and forefoot still
  // take load within the window of each other (a "slap").
  step.flat_foot = step.strike == Strike::kMidfoot ||
                   (!std::isnan(step.heel_to_forefoot_s) &&
                    std::abs(step.heel_to_forefoot_s) <= config_.flat_foot_window_s);

  // Loading rate: mean slope between 20% and 80% of the first force peak (the impact peak of a
  // rearfoot strike, else the active peak).
  std::size_t first_peak = peak_i;
  for (std::size_t i = 1; i + 1 < stance_.size() && i < peak_i; ++i) {
    const double f = stance_[i].total;
    if (f >= 0.5 * peak && f >= stance_[i - 1].total && f > stance_[i + 1].total) {
      first_peak = i;
      break;
    }
  }
  const double f_peak = stance_[first_peak].total;
  const double lo = 0.2 * f_peak, hi = 0.8 * f_peak;
  double t_lo = kNaN, t_hi = kNaN;
  double pt = contact_s_, pf = thr;
  for (std::size_t i = 0; i <= first_peak; ++i) {
    const Sample& s = stance_[i];
    if (std::isnan(t_lo) && pf < lo && s.total >= lo) t_lo = crossing(pt, pf, s.t, s.total, lo);
    if (std::isnan(t_hi) && pf < hi && s.total >= hi) t_hi = crossing(pt, pf, s.t, s.total, hi);
    pt = s.t;
    pf = s.total;
  }
  double f_lo = lo;
  if (std::isnan(t_lo)) {  // 20% of the peak is below the contact threshold
    t_lo = contact_s_;
    f_lo = thr;
  }
  if (!std::isnan(t_hi) && t_hi > t_lo) step.loading_rate_n_per_s = (hi - f_lo) / (t_hi - t_lo);

  step.cpei_pct = cpei_pct(path, length, zones_.foot_width_mm);
  step.medial_fraction = medial + lateral > 0 ? medial / (medial + lateral) : kNaN;
  step.toe_share = has_toes_ && push_fore > 0 ? std::clamp(push_toes / push_fore, 0.0, 1.0) : kNaN;
  step.pronation_index = pronation_index(step.cpei_pct, step.medial_fraction, config_.pronation);
  step.pronation = classify_pronation(step.pronation_index, config_.pronation);
  return step;
}

}  // namespace insole::analysis
