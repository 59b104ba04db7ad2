#include "insole/analysis/foot_pass.h"

#include <array>

#include "insole/analysis/cross_foot.h"

namespace insole::analysis {

FootPass::FootPass(Side side, const Layout& layout, const FootAnalyzerConfig& config)
    : foot_(side, layout, config), positions_(layout.sensels), sensels_(layout.sensels.size()) {}

void FootPass::push(double t_s, std::span<const float> forces_n) {
  const bool was_in_contact = foot_.in_contact();
  const double was_started = foot_.contact_started_s();
  const auto step = foot_.push(t_s, forces_n);
  if (!step && foot_.in_contact() == was_in_contact &&
      (!was_in_contact || foot_.contact_started_s() == was_started)) {
    return;  // nothing the other foot could read changed
  }
  Change c;
  c.t_s = t_s;
  c.in_contact = foot_.in_contact();
  c.contact_started_s = foot_.contact_started_s();
  if (step) {
    c.step = static_cast<int>(steps_.size());
    steps_.push_back(*step);
    accepted_.push_back(foot_.accepted_steps());
    const auto means = foot_.sensel_peak_means();
    peak_means_.insert(peak_means_.end(), means.begin(), means.end());
  }
  changes_.push_back(c);
}

std::span<const float> FootPass::peak_means_after(std::size_t i) const {
  return std::span<const float>(peak_means_).subspan(i * sensels_, sensels_);
}

std::vector<Step> combine_feet(const FootPass& left, const FootPass& right,
                               const GaitConfig& config, Side first_on_ties) {
  const std::array<const FootPass*, 2> feet{&left, &right};
  const bool same = same_layout(left.positions(), right.positions());
  const std::size_t first = first_on_ties == Side::kLeft ? 0 : 1;
  // Each foot as the other one reads it: its state after the last of its changes merged so far.
  std::array<OtherFootState, 2> state;
  std::array<int, 2> last_step{-1, -1};
  for (auto& s : state) s.attached = true;
  std::array<std::size_t, 2> next{0, 0};
  std::vector<Step> out;
  out.reserve(left.steps().size() + right.steps().size());
  for (;;) {
    const bool has_l = next[0] < left.changes().size();
    const bool has_r = next[1] < right.changes().size();
    if (!has_l && !has_r) break;
    std::size_t i;
    if (!has_l || !has_r) {
      i = has_l ? 0 : 1;
    } else {
      const double tl = left.changes()[next[0]].t_s;
      const double tr = right.changes()[next[1]].t_s;
      i = tl < tr ? 0 : tr < tl ? 1 : first;
    }
    const FootPass::Change& c = feet[i]->changes()[next[i]++];
    state[i].in_contact = c.in_contact;
    state[i].contact_started_s = c.contact_started_s;
    if (c.step < 0) continue;
    const std::size_t o = 1 - i;
    Step step = feet[i]->steps()[static_cast<std::size_t>(c.step)];
    step.flight_time_s = flight_time_s(step.contact_s, state[o]);
    if (same) {
      // The other foot's accepted steps and means as of its last step merged so far.
      const std::size_t idx = static_cast<std::size_t>(c.step);
      if (last_step[o] < 0) {
        step.silent_sensel = -1;  // the other foot has taken no step yet
      } else {
        const auto other_step = static_cast<std::size_t>(last_step[o]);
        step.silent_sensel = silent_sensel(
            feet[i]->accepted_after(idx), feet[i]->peak_means_after(idx),
            feet[o]->accepted_after(other_step), feet[o]->peak_means_after(other_step), config);
      }
    }
    state[i].last_toe_off_s = step.toe_off_s;
    last_step[i] = c.step;
    out.push_back(step);
  }
  return out;
}

}  // namespace insole::analysis
