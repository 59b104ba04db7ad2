#include "insole/fitting/trial_accumulator.h"

#include <algorithm>
#include <cmath>

#include "insole/wear/wear_model.h"

namespace insole::fitting {
using analysis::Side;
using analysis::Step;

TrialAccumulator::TrialAccumulator(TrialConfig config) : config_(std::move(config)) {}

TrialAccumulator::TrialAccumulator(std::optional<analysis::Layout> left,
                                   std::optional<analysis::Layout> right, TrialConfig config)
    : config_(std::move(config)) {
  if (left) attach(Side::kLeft, *left);
  if (right) attach(Side::kRight, *right);
}

void TrialAccumulator::attach(Side side, const analysis::Layout& layout) {
  analysis::derive_zones(layout);  // throws LayoutError saying what is wrong
  Foot& foot = feet_[index(side)];
  foot = Foot{};
  foot.layout = layout;
  const std::size_t n = layout.sensels.size();
  foot.offset.assign(n, 0.0f);
  foot.peak_sum.assign(n, 0.0);
  foot.peak_sum_sq.assign(n, 0.0);
}

bool TrialAccumulator::attached(Side side) const { return feet_[index(side)].layout.has_value(); }

void TrialAccumulator::add_frame(Side side, double t_s, std::span<const float> forces_n) {
  Foot& foot = feet_[index(side)];
  if (!foot.layout || forces_n.size() != foot.layout->sensels.size()) return;
  if (!foot.frames.empty() && !(t_s > foot.frames.back().t)) return;  // out of order
  // Reuse the oldest frame's storage once the buffer is full (no allocation in steady state).
  Frame frame;
  while (!foot.frames.empty() && (foot.frames.front().t < t_s - config_.buffer_s ||
                                  foot.frames.size() >= config_.max_buffered_frames)) {
    frame = std::move(foot.frames.front());
    foot.frames.pop_front();
  }
  frame.t = t_s;
  frame.forces.assign(forces_n.begin(), forces_n.end());
  foot.frames.push_back(std::move(frame));
  map_ready(foot);
}

void TrialAccumulator::add_step(const Step& step) {
  steps_.push_back(step);
  Foot& foot = feet_[index(step.side)];
  if (!foot.layout) return;
  foot.pending.push_back(step);
  map_ready(foot);
}

void TrialAccumulator::map_ready(Foot& foot) {
  // A step is ready once a frame at or after its toe-off has arrived.
  while (!foot.pending.empty() && !foot.frames.empty() &&
         foot.frames.back().t >= foot.pending.front().toe_off_s) {
    const Step step = foot.pending.front();
    foot.pending.pop_front();
    map_step(foot, step);
  }
}

void TrialAccumulator::map_step(Foot& foot, const Step& step) {
  const auto& sensels = foot.layout->sensels;
  const std::size_t n = sensels.size();
  const double contact = step.contact_s, toe_off = step.toe_off_s;

  // Zero offset from the swing before this contact (after the previous toe-off).
  const double swing_end = contact - config_.swing_guard_s;
  const double swing_start =
      std::max(foot.last_toe_off_s + config_.swing_guard_s, swing_end - config_.offset_window_s);
  std::vector<double> sum(n, 0.0);
  std::size_t swing_frames = 0;
  for (const Frame& fr : foot.frames) {
    if (fr.t < swing_start || fr.t > swing_end) continue;
    for (std::size_t k = 0; k < n; ++k) sum[k] += static_cast<double>(fr.forces[k]);
    ++swing_frames;
  }
  if (swing_frames >= 3) {
    for (std::size_t k = 0; k < n; ++k) {
      foot.offset[k] = static_cast<float>(sum[k] / static_cast<double>(swing_frames));
    }
    foot.have_offset = true;
  }
  foot.last_toe_off_s = toe_off;

  // The stance's frames: they must cover contact to toe-off.
  std::vector<const Frame*> stance;
  for (const Frame& fr : foot.frames) {
    if (fr.t >= contact && fr.t <= toe_off) stance.push_back(&fr);
  }
  const bool covered = stance.size() >= 3 &&
                       stance.front()->t - contact <= config_.max_edge_gap_s &&
                       toe_off - stance.back()->t <= config_.max_edge_gap_s;
  if (foot.have_offset && covered) {
    std::vector<double> peak(n, 0.0);
    std::vector<double> ts, xs, ys;
    for (const Frame* fr : stance) {
      double total = 0, mx = 0, my = 0;
      for (std::size_t k = 0; k < n; ++k) {
        const double f = static_cast<double>(fr->forces[k] - foot.offset[k]);
        total += f;
        mx += f * sensels[k].x_mm;
        my += f * sensels[k].y_mm;
        // kPa = N / mm^2 x 1000; sensels with no area carry no pressure.
        if (sensels[k].area_mm2 > 0) peak[k] = std::max(peak[k], 1000.0 * f / sensels[k].area_mm2);
      }
      if (total > 1e-6) {
        ts.push_back(fr->t);
        xs.push_back(mx / total);
        ys.push_back(my / total);
      }
    }
    if (ts.size() >= 2) {
      for (std::size_t k = 0; k < n; ++k) {
        foot.peak_sum[k] += peak[k];
        foot.peak_sum_sq[k] += peak[k] * peak[k];
      }
      // Resample at fixed fractions of stance: linear between frames, held at the ends.
      std::size_t j = 0;
      for (std::size_t p = 0; p < kCopPathPoints; ++p) {
        const double t = contact + (toe_off - contact) * static_cast<double>(p) /
                                       static_cast<double>(kCopPathPoints - 1);
        while (j + 1 < ts.size() && ts[j + 1] < t) ++j;
        double x = xs[j], y = ys[j];
        if (t > ts[j] && j + 1 < ts.size()) {
          const double w = std::min(1.0, (t - ts[j]) / (ts[j + 1] - ts[j]));
          x += w * (xs[j + 1] - xs[j]);
          y += w * (ys[j + 1] - ys[j]);
        }
        foot.cop_x_sum[p] += x;
        foot.cop_y_sum[p] += y;
      }
      ++foot.mapped;
    }
  }
  // Frames up to this toe-off are no longer needed: the next stance's swing starts after it.
  while (!foot.frames.empty() && foot.frames.front().t <= toe_off) foot.frames.pop_front();
}

FootResult TrialAccumulator::foot_result(std::size_t f, const analysis::GaitSummary& summary,
                                         double body_weight_n) const {
  FootResult out;
  const Foot& foot = feet_[f];
  out.layout = foot.layout;
  const analysis::FootSummary& fs = summary.feet[f];
  const Side side = f == 0 ? Side::kLeft : Side::kRight;
  out.steps = fs.steps;
  if (fs.steps > 0) {
    std::array<std::size_t, 3> strikes{};
    std::vector<double> rates;
    for (const Step& s : steps_) {
      if (s.side != side) continue;
      ++strikes[static_cast<std::size_t>(s.strike)];
      rates.push_back(s.loading_rate_n_per_s);
    }
    const double n = static_cast<double>(fs.steps);
    for (std::size_t c = 0; c < 3; ++c) out.strike_share[c] = static_cast<double>(strikes[c]) / n;
    out.strike = fs.strike;
    out.flat_foot_pct = 100.0 * fs.flat_foot_fraction;
    out.pronation = fs.pronation;
    out.pronation_index = fs.pronation_index_median;
    out.contact_time_ms = 1000.0 * fs.mean_contact_time_s;
    out.peak_force_n = fs.mean_peak_force_n;
    if (body_weight_n > 0) {
      out.loading_rate_bw_per_s = fs.mean_loading_rate_n_per_s / body_weight_n;
      if (rates.size() >= 2) {
        double ss = 0;
        for (double r : rates) ss += std::pow(r - fs.mean_loading_rate_n_per_s, 2);
        out.loading_rate_sd_bw_per_s = std::sqrt(ss / (n - 1)) / body_weight_n;
      }
    }
  }
  if (foot.mapped > 0) {
    const double m = static_cast<double>(foot.mapped);
    out.pressure_steps = foot.mapped;
    out.pressure_map_kpa.resize(foot.peak_sum.size());
    std::size_t top = 0;
    for (std::size_t k = 0; k < foot.peak_sum.size(); ++k) {
      out.pressure_map_kpa[k] = foot.peak_sum[k] / m;
      if (out.pressure_map_kpa[k] > out.pressure_map_kpa[top]) top = k;
    }
    out.peak_pressure_kpa = out.pressure_map_kpa[top];
    if (foot.mapped >= 2) {
      const double var =
          (foot.peak_sum_sq[top] - m * out.peak_pressure_kpa * out.peak_pressure_kpa) / (m - 1);
      out.peak_pressure_sd_kpa = std::sqrt(std::max(0.0, var));
    }
    for (std::size_t p = 0; p < kCopPathPoints; ++p) {
      out.cop_path.push_back({foot.cop_x_sum[p] / m, foot.cop_y_sum[p] / m});
    }
  }
  return out;
}

TrialResult TrialAccumulator::result() const {
  TrialResult out;
  const analysis::GaitSummary summary = analysis::summarize(steps_, config_.gait);
  out.cadence_spm = steps_.size() >= 2 ? summary.cadence_spm : kNaN;
  out.asymmetry = summary.asymmetry;
  // Body weight as the wear model takes it (mass when known, else the impulse balance).
  const wear::RunLoad load = wear::run_load(steps_, wear::SpeedModel{}, config_.body_mass_kg);
  out.body_weight_n = load.body_weight_n > 0 ? load.body_weight_n : kNaN;
  for (std::size_t f = 0; f < 2; ++f) out.feet[f] = foot_result(f, summary, out.body_weight_n);
  return out;
}

}  // namespace insole::fitting
