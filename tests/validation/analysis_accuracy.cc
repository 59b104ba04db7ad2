// analysis_accuracy: runs simulated scenarios with known ground truth through the sensor read-out
// and the gait analysis, and prints the validation table of docs/accuracy.md.
//
//   analysis_accuracy [--seconds S] [--seeds N]
//
// Exit status 0 when every target of issue 4 is met, 1 otherwise (the table says which).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/analysis/late_run_form.h"
#include "insole/hw/sim/frame_losses.h"
#include "insole/hw/sim/gait_simulator.h"
#include "insole/hw/sim/sensor_artefacts.h"
#include "insole/hw/sim/sensor_readout.h"
#include "insole/run/grid_layouts.h"

namespace {

namespace an = insole::analysis;
namespace sim = insole::hw::sim;

struct Options {
  double seconds = 60;
  int seeds = 40;
  std::string sections = "ABCDE";
  bool has(char section) const { return sections.find(section) != std::string::npos; }
};

struct Tally {
  double contact_abs_err = 0, toe_off_abs_err = 0;
  std::size_t matched = 0, truth = 0;
  std::size_t strike_ok = 0, midfoot_ok = 0, midfoot_n = 0;
  std::size_t pronation_ok = 0;
  std::size_t flat_ok = 0;
  std::size_t extra = 0;  // analysed steps matching no true step
  void add(const Tally& o) {
    extra += o.extra;
    contact_abs_err += o.contact_abs_err;
    toe_off_abs_err += o.toe_off_abs_err;
    matched += o.matched;
    truth += o.truth;
    strike_ok += o.strike_ok;
    midfoot_ok += o.midfoot_ok;
    midfoot_n += o.midfoot_n;
    pronation_ok += o.pronation_ok;
    flat_ok += o.flat_ok;
  }
};

an::Side to_side(sim::Foot f) { return f == sim::Foot::kLeft ? an::Side::kLeft : an::Side::kRight; }

an::Pronation to_pronation(sim::PronationClass p) {
  switch (p) {
    case sim::PronationClass::kUnder:
      return an::Pronation::kUnder;
    case sim::PronationClass::kOver:
      return an::Pronation::kOver;
    default:
      return an::Pronation::kNeutral;
  }
}

an::Strike to_strike(sim::StrikeClass s) {
  switch (s) {
    case sim::StrikeClass::kMidfoot:
      return an::Strike::kMidfoot;
    case sim::StrikeClass::kForefoot:
      return an::Strike::kForefoot;
    default:
      return an::Strike::kRearfoot;
  }
}

struct RunOutput {
  std::vector<an::Step> steps;
  std::vector<sim::StepTruth> truth;
  double first_flag_s = -1;  // when the asymmetry metric `watch` was first flagged
  double truth_from_s = 0, truth_to_s = 0;
  double absent_left_from_s = -1, absent_left_to_s = -1;
  // Section F: per frame and foot, the noise-free force under the toes and under the forefoot
  // (the zones of analysis/layout.h), for the toe share's truth.
  std::vector<float> true_toes[2], true_fore[2];
  double rate_hz = 200;
};

// What the sensels and the link do to the signal (section E; section A uses the default: the
// linear read-out with zero offsets above the noise, no artefacts, no losses).
struct Condition {
  const char* name = "clean";
  sim::ArtefactParams artefacts;
  sim::FrameLossParams losses;  // both feet
  double absent_left_from_s = -1, absent_left_to_s = -1;
  double noise_counts = 1.5;
  bool clip_at_zero = false;  // zero offsets: the ADC clips the noise at zero
  double rate_hz = 200;
  bool keep_zone_forces = false;  // fill RunOutput::true_toes / true_fore
};

// Section E's conditions: one artefact at a time, then a worn insole with several at once.
// Magnitudes and their sources: docs/hardware.md, "Sensor artefacts".
std::vector<Condition> sensor_conditions() {
  std::vector<Condition> all;
  auto add = [&](const char* name, auto tweak) {
    Condition c;
    c.name = name;
    tweak(c);
    all.push_back(c);
  };
  add("clean", [](Condition&) {});
  add("drift 4 N per sensel, 30 s", [](Condition& c) { c.artefacts.drift_sd_n = 4; });
  add("creep 5 %/decade + hysteresis 10 %", [](Condition& c) {
    c.artefacts.creep_per_decade = 0.05;
    c.artefacts.hysteresis = 0.10;
  });
  add("noise 1.5 N clipped at zero", [](Condition& c) {
    c.clip_at_zero = true;
    c.noise_counts = 15;
  });
  add("lag 2 ms", [](Condition& c) { c.artefacts.lag_s = 0.002; });
  add("lag 5 ms", [](Condition& c) { c.artefacts.lag_s = 0.005; });
  add("bursts of 2-12 frames lost in 30 % of stances",
      [](Condition& c) { c.losses.burst_per_stance = 0.3; });
  add("100 Hz", [](Condition& c) { c.rate_hz = 100; });
  add("1 kHz", [](Condition& c) { c.rate_hz = 1000; });
  add("dead sensel (heel)", [](Condition& c) { c.artefacts.dead_sensel = 2; });
  add("stuck sensel at 40 N", [](Condition& c) { c.artefacts.stuck_sensel = 30; });
  add("left insole absent 20-30 s", [](Condition& c) {
    c.absent_left_from_s = 20;
    c.absent_left_to_s = 30;
  });
  add("worn: drift 3 N + clipped noise + creep + lag 3 ms", [](Condition& c) {
    c.artefacts.drift_sd_n = 3;
    c.artefacts.creep_per_decade = 0.05;
    c.artefacts.hysteresis = 0.10;
    c.artefacts.lag_s = 0.003;
    c.clip_at_zero = true;
    c.noise_counts = 15;
    c.losses.burst_per_stance = 0.1;
  });
  return all;
}

// Simulates the scenario through the sensor model and the read-out and analyses it.
RunOutput run(const sim::Scenario& scenario_in, double seconds, const Condition& c,
              an::GaitConfig config = {}, int watch_metric = -1) {
  sim::Scenario scenario = scenario_in;
  scenario.sample_rate_hz = c.rate_hz;
  const auto hw_layout = insole::hw::layout_for_eu_size(scenario.eu_size);
  sim::GaitSimulator simulator(scenario, hw_layout);
  sim::ReadoutParams readout_params;
  readout_params.noise_counts_rms = c.noise_counts;
  if (c.clip_at_zero) readout_params.offset_min = readout_params.offset_max = 0;
  const std::size_t n = hw_layout.sensels.size();
  sim::SensorReadout readouts[2] = {{n, readout_params, scenario.seed * 2 + 1},
                                    {n, readout_params, scenario.seed * 2 + 2}};
  sim::SensorArtefacts artefacts[2] = {{n, c.artefacts, scenario.seed * 7 + 3},
                                       {n, c.artefacts, scenario.seed * 7 + 4}};
  sim::FrameLossParams left_losses = c.losses;
  left_losses.absent_from_s = c.absent_left_from_s;
  left_losses.absent_to_s = c.absent_left_to_s;
  sim::FrameLosses losses[2] = {{left_losses, scenario.seed * 11 + 5},
                                {c.losses, scenario.seed * 11 + 6}};
  // The insole declares its sensels' time constant (the simulated lag) in its layout.
  an::Layout layout = insole::run::to_analysis_layout(hw_layout);
  layout.sensor_time_constant_s = c.artefacts.lag_s;
  an::GaitAnalyzer analyzer(layout, config);
  std::vector<double> feet[2] = {std::vector<double>(n), std::vector<double>(n)};
  std::vector<std::uint16_t> counts(n);
  std::vector<float> newtons(n);
  RunOutput out;
  out.rate_hz = scenario.sample_rate_hz;
  // Toes beyond 78 % of foot length, forefoot beyond 60 % (analysis/layout.h).
  std::vector<std::uint8_t> zone(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double y = hw_layout.sensels[k].y_mm / hw_layout.foot_length_mm;
    zone[k] = y > 0.78 ? 2 : y > 0.60 ? 1 : 0;
  }
  const auto frames = static_cast<std::uint64_t>(seconds * scenario.sample_rate_hz);
  const std::uint64_t check_every = static_cast<std::uint64_t>(scenario.sample_rate_hz);  // 1 s
  for (std::uint64_t i = 0; i < frames; ++i) {
    simulator.frame(i, feet[0], feet[1]);
    const double t = simulator.frame_time_s(i);
    for (int s = 0; s < 2; ++s) {
      double true_total = 0;
      for (double f : feet[s]) true_total += f;
      if (c.keep_zone_forces) {
        double toes = 0, fore = 0;
        for (std::size_t k = 0; k < n; ++k) {
          if (zone[k] == 2) toes += feet[s][k];
          if (zone[k] >= 1) fore += feet[s][k];
        }
        out.true_toes[s].push_back(static_cast<float>(toes));
        out.true_fore[s].push_back(static_cast<float>(fore));
      }
      artefacts[s].apply(t, feet[s]);
      readouts[s].read(feet[s], counts);
      if (!losses[s].delivered(t, true_total)) continue;
      for (std::size_t k = 0; k < n; ++k) {
        newtons[k] = static_cast<float>(counts[k] * readout_params.newtons_per_count);
      }
      analyzer.push(s == 0 ? an::Side::kLeft : an::Side::kRight, t, newtons);
    }
    if (watch_metric >= 0 && out.first_flag_s < 0 && i % check_every == 0 && i > 0) {
      if (analyzer.summary().asymmetry[static_cast<std::size_t>(watch_metric)].flagged)
        out.first_flag_s = t;
    }
  }
  out.steps = analyzer.steps();
  // Truth: the steps of the middle of the run, except a foot's steps while its insole was absent
  // (nothing to find) and the second after it came back (a stance cut in two is not a step).
  for (const auto& truth : simulator.truth_between(1.0, seconds - 1.0)) {
    if (truth.side == sim::Foot::kLeft && truth.toe_off_s >= c.absent_left_from_s &&
        truth.contact_s < c.absent_left_to_s + 1.0)
      continue;
    out.truth.push_back(truth);
  }
  out.truth_from_s = 1.0;
  out.truth_to_s = seconds - 1.0;
  out.absent_left_from_s = c.absent_left_from_s;
  out.absent_left_to_s = c.absent_left_to_s;
  return out;
}

RunOutput run(const sim::Scenario& scenario, double seconds, double noise_counts,
              an::GaitConfig config = {}, int watch_metric = -1) {
  Condition c;
  c.noise_counts = noise_counts;
  return run(scenario, seconds, c, config, watch_metric);
}

Tally score(const RunOutput& r, sim::PronationClass asked) {
  Tally t;
  for (const auto& truth : r.truth) {
    ++t.truth;
    const an::Step* best = nullptr;
    for (const auto& s : r.steps) {
      if (s.side != to_side(truth.side)) continue;
      if (!best ||
          std::abs(s.contact_s - truth.contact_s) < std::abs(best->contact_s - truth.contact_s)) {
        best = &s;
      }
    }
    if (!best || std::abs(best->contact_s - truth.contact_s) > 0.06) continue;
    ++t.matched;
    t.contact_abs_err += std::abs(best->contact_s - truth.contact_s);
    t.toe_off_abs_err += std::abs(best->toe_off_s - truth.toe_off_s);
    const bool strike_ok = best->strike == to_strike(truth.strike);
    t.strike_ok += strike_ok;
    if (truth.strike == sim::StrikeClass::kMidfoot) {
      ++t.midfoot_n;
      t.midfoot_ok += strike_ok;
    }
    t.pronation_ok += best->pronation == to_pronation(asked);
    t.flat_ok += best->flat_foot == (truth.flat_foot || truth.strike == sim::StrikeClass::kMidfoot);
  }
  // Extra: an analysed step in the scored stretch with no true step of its side within 60 ms.
  for (const auto& s : r.steps) {
    if (s.contact_s < r.truth_from_s + 0.1 || s.contact_s > r.truth_to_s - 0.1) continue;
    if (s.side == an::Side::kLeft && s.toe_off_s >= r.absent_left_from_s &&
        s.contact_s < r.absent_left_to_s + 1.0)
      continue;
    bool matched = false;
    for (const auto& truth : r.truth) {
      matched |= to_side(truth.side) == s.side && std::abs(s.contact_s - truth.contact_s) <= 0.06;
    }
    t.extra += !matched;
  }
  return t;
}

// SI of a metric from a list of steps (means per side), as the analysis defines it.
template <typename Get>
double si_of(const std::vector<sim::StepTruth>& truth, Get get) {
  double l = 0, r = 0;
  int nl = 0, nr = 0;
  for (const auto& s : truth) {
    if (s.side == sim::Foot::kLeft) {
      l += get(s);
      ++nl;
    } else {
      r += get(s);
      ++nr;
    }
  }
  l /= nl;
  r /= nr;
  return 200.0 * (r - l) / (r + l);
}

bool report(const char* what, double value, const char* unit, bool ok, const char* target) {
  std::printf("| %-52s | %9.3f %-3s | %-14s | %s |\n", what, value, unit, target,
              ok ? "met" : "**NOT MET**");
  return ok;
}

// E. Each sensor condition over the running strikes and pronations at 3.3 m/s (issue 14's
// targets: steps found >= 99.5 %, extra <= 0.5 %).
bool sensor_section(const Options& o) {
  std::printf(
      "\n## E. Sensor artefacts (run 3.3 m/s, 3 strikes x 3 pronations, %.0f s each)\n\n"
      "| condition | steps | found | extra | contact MAE ms | toe-off MAE ms | strike | midfoot | "
      "pronation |\n|---|---|---|---|---|---|---|---|---|\n",
      o.seconds);
  bool ok = true;
  std::uint64_t seed = 3000;
  for (const Condition& c : sensor_conditions()) {
    Tally g;
    for (auto strike :
         {sim::StrikeClass::kRearfoot, sim::StrikeClass::kMidfoot, sim::StrikeClass::kForefoot}) {
      for (auto pron : {sim::PronationClass::kUnder, sim::PronationClass::kNeutral,
                        sim::PronationClass::kOver}) {
        sim::Scenario sc;
        sc.strike = strike;
        sc.pronation = pron;
        sc.seed = seed++;
        g.add(score(run(sc, o.seconds, c), pron));
      }
    }
    std::printf("| %s | %zu | %.2f%% | %.2f%% | %.2f | %.2f | %.1f%% | %.1f%% | %.1f%% |\n", c.name,
                g.truth, 100.0 * g.matched / g.truth, 100.0 * g.extra / g.truth,
                1000 * g.contact_abs_err / g.matched, 1000 * g.toe_off_abs_err / g.matched,
                100.0 * g.strike_ok / g.matched, 100.0 * g.midfoot_ok / g.midfoot_n,
                100.0 * g.pronation_ok / g.matched);
    ok &= g.matched >= 0.995 * g.truth && g.extra <= 0.005 * g.truth;
  }
  return ok;
}

// F. Form late in a run (issue 18): hour-long runs with the simulator's fatigue drift and
// without it. Truth per metric: the change of the true steps' plain means from the first third
// of the run to the last (the simulator's own step values, no interval), real when it reaches
// the analysis' smallest change that matters on the fatigue side. A true change within 20 % of
// that smallest change either way is borderline (an estimate scattering around the threshold is
// called half the time) and is counted apart. Scored: clear true changes found, findings with no
// real change behind them (false alarms), and the analysed change's error.
bool late_run_section(const Options& o) {
  constexpr double kRunS = 3600;
  struct Metric {
    const char* name;
    int fatigue_sign;
    double min_change;
    bool pct;
  };
  const Metric metrics[] = {{"contact time", +1, an::kMinContactRisePct, true},
                            {"cadence", -1, an::kMinCadenceDropPct, true},
                            {"loading rate", +1, an::kMinLoadingRateRisePct, true},
                            {"strike index", -1, an::kMinStrikeShift, false},
                            {"toe share", -1, an::kMinToeShareDrop, false}};
  struct Count {
    int true_real = 0, found = 0, false_alarm = 0, not_real = 0, borderline = 0,
        borderline_found = 0;
    double abs_err = 0;
    int n = 0;
  };
  Count counts[5];
  int runs = 0, runs_with_false_alarm = 0, steady_runs = 0;
  // The impulse difference growing within the run: the simulator's runs are symmetric
  // throughout, so every finding is a false alarm.
  int si_growth_found = 0;
  double si_growth_abs = 0;
  std::printf(
      "\n## F. Form late in a run (%d x 2 runs of %.0f min, 3.3 m/s, fatigue 2/h or none)\n\n"
      "| run | contact %% (true) | cadence %% (true) | loading rate %% (true) | strike (true) | "
      "toe share (true) | findings |\n|---|---|---|---|---|---|---|\n",
      o.seeds, kRunS / 60);
  for (int k = 0; k < 2 * o.seeds; ++k) {
    const bool fatigued = k % 2 == 0;
    sim::Scenario sc;
    sc.strike = k % 4 < 2 ? sim::StrikeClass::kRearfoot : sim::StrikeClass::kMidfoot;
    sc.fatigue.rate_per_hour = fatigued ? 2.0 : 0.0;
    sc.seed = 11000 + static_cast<std::uint64_t>(k);
    Condition cond;
    cond.noise_counts = 1.5;
    cond.keep_zone_forces = true;
    const RunOutput r = run(sc, kRunS, cond);
    const an::LateRunForm f = an::late_run_form(r.steps);
    // True plain means of each third, from the simulator's steps.
    const double t0 = r.truth.front().contact_s, t1 = r.truth.back().contact_s;
    const double a_end = t0 + (t1 - t0) / 3, b_start = t1 - (t1 - t0) / 3;
    double sum[2][5] = {}, n[2] = {}, n_toe[2] = {};
    double first_contact[2] = {-1, -1}, last_contact[2] = {-1, -1};
    double steps_in[2] = {};
    for (const auto& t : r.truth) {
      const int third = t.contact_s < a_end ? 0 : t.contact_s >= b_start ? 1 : -1;
      if (third < 0) continue;
      sum[third][0] += t.contact_time_s;
      sum[third][2] += t.loading_rate_n_per_s;
      sum[third][3] += t.strike_index;
      n[third] += 1;
      // Toe share: the noise-free toes over forefoot force of the frames in the second half of
      // the true stance (the continuous signal sampled, never the analysis).
      const int foot = t.side == sim::Foot::kLeft ? 0 : 1;
      const auto& toes = r.true_toes[foot];
      const auto& fore = r.true_fore[foot];
      const auto i0 =
          static_cast<std::size_t>(std::ceil((t.contact_s + 0.5 * t.contact_time_s) * r.rate_hz));
      const auto i1 = std::min(toes.size(), static_cast<std::size_t>(t.toe_off_s * r.rate_hz) + 1);
      double st = 0, sf = 0;
      for (std::size_t i = i0; i < i1; ++i) {
        st += static_cast<double>(toes[i]);
        sf += static_cast<double>(fore[i]);
      }
      if (sf > 0) {
        sum[third][4] += st / sf;
        n_toe[third] += 1;
      }
      if (first_contact[third] < 0) first_contact[third] = t.contact_s;
      last_contact[third] = t.contact_s;
      steps_in[third] += 1;
    }
    double truth_change[5];
    truth_change[4] = sum[1][4] / n_toe[1] - sum[0][4] / n_toe[0];
    for (int m : {0, 2, 3}) {
      const double a = sum[0][m] / n[0], b = sum[1][m] / n[1];
      truth_change[m] = metrics[m].pct ? 100 * (b - a) / a : b - a;
    }
    // Cadence: steps per minute over each third's span of contacts.
    const double cad_a = 60 * (steps_in[0] - 1) / (last_contact[0] - first_contact[0]);
    const double cad_b = 60 * (steps_in[1] - 1) / (last_contact[1] - first_contact[1]);
    truth_change[1] = 100 * (cad_b - cad_a) / cad_a;
    const an::FormShift* shifts[5] = {&f.contact_time_s, &f.cadence_spm, &f.loading_rate_n_per_s,
                                      &f.strike_index, &f.toe_share};
    bool false_alarm = false;
    int findings = 0;
    for (int m = 0; m < 5; ++m) {
      const Metric& mt = metrics[m];
      const double toward = mt.fatigue_sign * truth_change[m];
      const bool truly = toward >= mt.min_change;
      const double measured = mt.pct ? shifts[m]->change_pct() : shifts[m]->change;
      Count& c = counts[m];
      if (f.judged) {
        c.abs_err += std::abs(measured - truth_change[m]);
        ++c.n;
      }
      findings += shifts[m]->real;
      if (std::abs(toward - mt.min_change) < 0.2 * mt.min_change) {
        ++c.borderline;
        c.borderline_found += shifts[m]->real;
      } else if (truly) {
        ++c.true_real;
        c.found += shifts[m]->real;
      } else {
        ++c.not_real;
        c.false_alarm += shifts[m]->real;
        false_alarm |= shifts[m]->real;
      }
    }
    si_growth_found += f.impulse_si_pct.real;
    si_growth_abs += std::abs(f.impulse_si_pct.change);
    false_alarm |= f.impulse_si_pct.real;
    findings += f.impulse_si_pct.real;
    ++runs;
    if (!fatigued) {
      ++steady_runs;
      runs_with_false_alarm += false_alarm;
    }
    std::printf(
        "| %s %s, seed %llu | %+.1f (%+.1f) | %+.1f (%+.1f) | %+.1f (%+.1f) | %+.3f (%+.3f) "
        "| %+.3f (%+.3f) | %d%s |\n",
        fatigued ? "fatigue" : "steady",
        sc.strike == sim::StrikeClass::kRearfoot ? "rearfoot" : "midfoot",
        static_cast<unsigned long long>(sc.seed), f.contact_time_s.change_pct(), truth_change[0],
        f.cadence_spm.change_pct(), truth_change[1], f.loading_rate_n_per_s.change_pct(),
        truth_change[2], f.strike_index.change, truth_change[3], f.toe_share.change,
        truth_change[4], findings, f.judged ? "" : " (not judged)");
    std::fflush(stdout);
  }
  std::printf(
      "\n| metric | true changes found | false alarms | borderline (found) | mean abs error |\n"
      "|---|---|---|---|---|\n");
  bool ok = true;
  for (int m = 0; m < 5; ++m) {
    const Count& c = counts[m];
    std::printf("| %s | %d of %d | %d of %d | %d (%d) | %.*f%s |\n", metrics[m].name, c.found,
                c.true_real, c.false_alarm, c.not_real, c.borderline, c.borderline_found,
                metrics[m].pct ? 2 : 3, c.n ? c.abs_err / c.n : 0.0, metrics[m].pct ? " pp" : "");
    // Targets: 90 % of clear true changes found, at most 5 % false alarms.
    ok &= c.found * 10 >= c.true_real * 9 && c.false_alarm * 20 <= c.not_real;
  }
  std::printf("| impulse SI growth (none true) | - | %d of %d | - | %.2f pts |\n", si_growth_found,
              runs, runs ? si_growth_abs / runs : 0.0);
  ok &= si_growth_found * 20 <= runs;
  std::printf("\nsteady runs with any finding: %d of %d (target <= 5 %%)\n", runs_with_false_alarm,
              steady_runs);
  ok &= runs_with_false_alarm * 20 <= steady_runs;
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view a = argv[i];
    if (a == "--seconds")
      o.seconds = std::atof(argv[i + 1]);
    else if (a == "--seeds")
      o.seeds = std::atoi(argv[i + 1]);
    else if (a == "--sections")
      o.sections = argv[i + 1];
  }
  bool all_ok = true;

  // A. Events and classes over speed x strike x pronation x noise x shoe wear, plus walking.
  struct Speed {
    const char* name;
    sim::Gait gait;
    double mps, cadence;
  };
  const Speed speeds[] = {{"run 2.5 m/s", sim::Gait::kRun, 2.5, 164},
                          {"run 3.3 m/s", sim::Gait::kRun, 3.3, 172},
                          {"run 4.5 m/s", sim::Gait::kRun, 4.5, 182},
                          {"walk 1.3 m/s", sim::Gait::kWalk, 1.3, 110}};
  const sim::StrikeClass strikes[] = {sim::StrikeClass::kRearfoot, sim::StrikeClass::kMidfoot,
                                      sim::StrikeClass::kForefoot};
  const sim::PronationClass pronations[] = {
      sim::PronationClass::kUnder, sim::PronationClass::kNeutral, sim::PronationClass::kOver};
  std::uint64_t seed = 100;
  if (o.has('A')) {
    Tally total;
    std::printf("## A. Events and classes (200 Hz, %.0f s per scenario)\n\n", o.seconds);
    std::printf(
        "| scenario group | steps | detected | contact MAE ms | toe-off MAE ms | strike | "
        "pronation "
        "| flat |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    for (const Speed& sp : speeds) {
      for (double noise : {1.5, 4.0}) {
        for (double wear : {0.0, 1.0}) {
          Tally group;
          for (auto strike : strikes) {
            if (sp.gait == sim::Gait::kWalk && strike != sim::StrikeClass::kRearfoot) continue;
            for (auto pron : pronations) {
              sim::Scenario sc;
              sc.gait = sp.gait;
              sc.speed_mps = sp.mps;
              sc.cadence_spm = sp.cadence;
              sc.strike = strike;
              sc.pronation = pron;
              sc.shoe_wear = wear;
              sc.seed = seed++;
              group.add(score(run(sc, o.seconds, noise), pron));
            }
          }
          std::printf(
              "| %s, noise %.1f counts, wear %.0f | %zu | %.1f%% | %.2f | %.2f | %.1f%% | %.1f%% | "
              "%.1f%% |\n",
              sp.name, noise, wear, group.truth, 100.0 * group.matched / group.truth,
              1000 * group.contact_abs_err / group.matched,
              1000 * group.toe_off_abs_err / group.matched, 100.0 * group.strike_ok / group.matched,
              100.0 * group.pronation_ok / group.matched, 100.0 * group.flat_ok / group.matched);
          total.add(group);
        }
      }
    }
    std::printf("\n## Targets\n\n| measure | value | target | |\n|---|---|---|---|\n");
    all_ok &= report("steps detected", 100.0 * total.matched / total.truth, "%",
                     total.matched >= 0.99 * total.truth, ">= 99%");
    all_ok &= report("contact MAE at 200 Hz", 1000 * total.contact_abs_err / total.matched, "ms",
                     total.contact_abs_err / total.matched <= 0.001, "<= 1 ms");
    all_ok &= report("toe-off MAE at 200 Hz", 1000 * total.toe_off_abs_err / total.matched, "ms",
                     total.toe_off_abs_err / total.matched <= 0.003, "<= 3 ms");
    all_ok &= report("strike class correct", 100.0 * total.strike_ok / total.matched, "%",
                     total.strike_ok >= 0.95 * total.matched, ">= 95%");
    all_ok &= report("midfoot strikes classed midfoot", 100.0 * total.midfoot_ok / total.midfoot_n,
                     "%", total.midfoot_ok >= 0.90 * total.midfoot_n, ">= 90%");
    all_ok &= report("pronation class correct", 100.0 * total.pronation_ok / total.matched, "%",
                     total.pronation_ok >= 0.90 * total.matched, ">= 90%");
  }
  if (o.has('E')) all_ok &= sensor_section(o);
  if (o.has('F')) all_ok &= late_run_section(o);
  seed = 2000;
  if (!o.has('B')) {
    std::printf("\n%s\n", all_ok ? "All targets met." : "Some targets NOT met.");
    return all_ok ? 0 : 1;
  }
  // B. Symmetry index error per metric, against the SI of the simulated steps themselves.
  std::printf(
      "\n## B. Symmetry index (SI) error, percentage points\n\n| asked SI %% | metric | truth SI "
      "| "
      "measured SI | error |\n|---|---|---|---|---|\n");
  double worst_si_err = 0;
  for (double asked : {-8.0, -3.0, 3.0, 8.0}) {
    sim::Scenario sc;
    sc.asymmetry.peak_force_pct = asked;
    sc.asymmetry.contact_time_pct = asked / 2;
    sc.asymmetry.loading_rate_pct = asked;
    sc.asymmetry.impulse_pct = asked;
    sc.seed = seed++;
    const RunOutput r = run(sc, o.seconds * 2, 1.5);
    const auto g = an::summarize(r.steps, an::GaitConfig{});
    const double truth_si[4] = {
        si_of(r.truth, [](const auto& s) { return s.peak_force_n; }),
        si_of(r.truth, [](const auto& s) { return s.impulse_ns; }),
        si_of(r.truth, [](const auto& s) { return s.contact_time_s; }),
        si_of(r.truth, [](const auto& s) { return s.loading_rate_n_per_s; })};
    for (std::size_t m = 0; m < 4; ++m) {
      const double err = std::abs(g.asymmetry[m].si_pct - truth_si[m]);
      worst_si_err = std::max(worst_si_err, err);
      std::printf("| %+.0f | %s | %+.2f | %+.2f | %.2f |\n", asked,
                  std::string(an::name(an::kAsymmetryMetrics[m])).c_str(), truth_si[m],
                  g.asymmetry[m].si_pct, err);
    }
  }

  // C. A true 3% peak-force asymmetry, band 2%: flagged within 60 s?
  an::GaitConfig band2;
  band2.asymmetry_band_pct = 2.0;
  int flagged_in_time = 0;
  double worst_flag_s = 0;
  for (int k = 0; k < o.seeds; ++k) {
    sim::Scenario sc;
    sc.asymmetry.peak_force_pct = 3.0;
    sc.seed = 5000 + static_cast<std::uint64_t>(k);
    const RunOutput r = run(sc, 60, 1.5, band2, 0);
    if (r.first_flag_s >= 0) {
      ++flagged_in_time;
      worst_flag_s = std::max(worst_flag_s, r.first_flag_s);
    }
  }
  // D. Symmetric runs: no metric flagged (default band 5%).
  int clean = 0;
  for (int k = 0; k < o.seeds; ++k) {
    sim::Scenario sc;
    sc.seed = 9000 + static_cast<std::uint64_t>(k);
    const RunOutput r = run(sc, o.seconds, 1.5);
    const auto g = an::summarize(r.steps, an::GaitConfig{});
    bool any = false;
    for (const auto& a : g.asymmetry) any |= a.flagged;
    clean += !any;
  }
  // D'. Symmetric runs watched live like section C (band 2%, peak force, checked every second):
  // a runner sees a flag that comes and goes, so one at any check counts.
  int live_clean = 0;
  for (int k = 0; k < o.seeds; ++k) {
    sim::Scenario sc;
    sc.seed = 7000 + static_cast<std::uint64_t>(k);
    const RunOutput r = run(sc, 60, 1.5, band2, 0);
    live_clean += r.first_flag_s < 0;
  }
  std::printf("\n| measure | value | target | |\n|---|---|---|---|\n");
  all_ok &= report("worst SI error (B)", worst_si_err, "pp", worst_si_err <= 1.0, "<= 1 pp");
  char what[128];
  std::snprintf(what, sizeof(what), "3%% asymmetry flagged within 60 s (band 2%%, %d seeds)",
                o.seeds);
  all_ok &=
      report(what, 100.0 * flagged_in_time / o.seeds, "%", flagged_in_time == o.seeds, "all seeds");
  report("  latest first flag", worst_flag_s, "s", worst_flag_s <= 60, "<= 60 s");
  std::snprintf(what, sizeof(what), "symmetric runs with no flag (%d seeds)", o.seeds);
  all_ok &= report(what, 100.0 * clean / o.seeds, "%", clean >= 0.95 * o.seeds, ">= 95%");
  std::snprintf(what, sizeof(what), "symmetric, never flagged live (band 2%%, %d seeds)", o.seeds);
  all_ok &= report(what, 100.0 * live_clean / o.seeds, "%", live_clean >= 0.95 * o.seeds, ">= 95%");
  std::printf("\n%s\n", all_ok ? "All targets met." : "Some targets NOT met.");
  return all_ok ? 0 : 1;
}
