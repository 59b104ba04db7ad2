// gaitpdb_check: step counts and stride times of the real PhysioNet gaitpdb walks, from the gait
// analysis (8 sensels per foot through the built-in layout), checked against two independent
// estimates computed here from the file's own total-force columns (18 and 19):
//  - steps: rising crossings of 50% of the foot's median stance peak, at least 0.4 s apart;
//  - stride time: the lag of the highest autocorrelation peak of the total force in 0.7-2.5 s.
//
//   gaitpdb_check DIR [FILE...]     (default: every *.txt in DIR)
//
// Prints one Markdown row per file; exit status 1 if any file disagrees by more than 3 steps
// (or 3%) per foot, or by more than 3% in median stride time.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/readers/readers.h"

namespace {

namespace an = insole::analysis;
namespace fs = std::filesystem;

struct FootSeries {
  std::vector<double> t, total;
};

// Independent step count: stances of the file's total force (above 20 N, between two swings below
// it) that last 0.08-2.5 s and reach half the median stance peak. A foot pivoting loaded through
// a turn (no swing, up to ~3 s here) is not a step, as in the analysis.
int independent_steps(const FootSeries& f) {
  std::vector<std::pair<double, double>> stances;  // (duration, peak)
  // Dips below 20 N shorter than 30 ms (the sensors bounce at toe-off) do not end a stance.
  double start = -1, peak = 0, below_since = -1;
  bool seen_swing = false;
  for (std::size_t i = 0; i < f.total.size(); ++i) {
    const bool loaded = f.total[i] >= 20;
    if (loaded) {
      below_since = -1;
      if (start < 0 && seen_swing) {
        start = f.t[i];
        peak = 0;
      }
      if (start >= 0) peak = std::max(peak, f.total[i]);
    } else {
      if (below_since < 0) below_since = f.t[i];
      if (f.t[i] - below_since >= 0.03) {
        if (start >= 0) stances.emplace_back(below_since - start, peak);
        start = -1;
        seen_swing = true;
      }
    }
  }
  std::vector<double> peaks;
  for (const auto& [d, p] : stances) peaks.push_back(p);
  if (peaks.empty()) return 0;
  std::nth_element(peaks.begin(), peaks.begin() + static_cast<long>(peaks.size() / 2), peaks.end());
  const double level = 0.5 * peaks[peaks.size() / 2];
  int steps = 0;
  for (const auto& [d, p] : stances) steps += d >= 0.08 && d <= 2.5 && p >= level;
  return steps;
}

// Loading peaks (rising crossings of half the median peak, 0.4 s apart), turns included: shown
// for information.
int loading_peaks(const FootSeries& f) {
  std::vector<double> peaks;
  double run_max = 0;
  bool above = false;
  for (double v : f.total) {
    if (v > 20) {
      run_max = std::max(run_max, v);
      above = true;
    } else if (above) {
      peaks.push_back(run_max);
      run_max = 0;
      above = false;
    }
  }
  if (peaks.empty()) return 0;
  std::nth_element(peaks.begin(), peaks.begin() + static_cast<long>(peaks.size() / 2), peaks.end());
  const double level = 0.5 * peaks[peaks.size() / 2];
  int steps = 0;
  double last = -1e9;
  for (std::size_t i = 1; i < f.total.size(); ++i) {
    if (f.total[i - 1] < level && f.total[i] >= level && f.t[i] - last >= 0.4) {
      ++steps;
      last = f.t[i];
    }
  }
  return steps;
}

// Independent stride time: autocorrelation peak of the (mean-removed) total force.
double autocorrelation_stride_s(const FootSeries& f, double dt) {
  const std::size_t n = f.total.size();
  double mean = 0;
  for (double v : f.total) mean += v;
  mean /= static_cast<double>(n);
  double best = -1e300, best_lag = 0;
  const auto lo = static_cast<std::size_t>(0.7 / dt), hi = static_cast<std::size_t>(2.5 / dt);
  for (std::size_t lag = lo; lag <= hi && lag < n; ++lag) {
    double acc = 0;
    for (std::size_t i = 0; i + lag < n; ++i)
      acc += (f.total[i] - mean) * (f.total[i + lag] - mean);
    acc /= static_cast<double>(n - lag);
    if (acc > best) {
      best = acc;
      best_lag = static_cast<double>(lag);
    }
  }
  return best_lag * dt;
}

double mean_stride_s(const std::vector<an::Step>& steps, an::Side side) {
  std::vector<double> contacts;
  for (const auto& s : steps) {
    if (s.side == side) contacts.push_back(s.contact_s);
  }
  if (contacts.size() < 2) return std::nan("");
  // Median of consecutive intervals: robust to one missed step in a turn.
  std::vector<double> d;
  for (std::size_t i = 1; i < contacts.size(); ++i) d.push_back(contacts[i] - contacts[i - 1]);
  std::nth_element(d.begin(), d.begin() + static_cast<long>(d.size() / 2), d.end());
  return d[d.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: gaitpdb_check DIR [FILE...]\n");
    return 2;
  }
  const fs::path dir = argv[1];
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) files.push_back(dir / argv[i]);
  if (files.empty()) {
    if (!fs::is_directory(dir)) {
      std::fprintf(stderr, "gaitpdb_check: %s is not a directory\n", dir.c_str());
      return 2;
    }
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".txt" && e.path().filename() != "SHA256SUMS.txt")
        files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
  }
  std::printf(
      "| file | steps L (check) | steps R (check) | loading peaks L/R | stride L s (check) | "
      "stride R s (check) | cadence | |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  int failures = 0;
  for (const auto& path : files) {
    std::ifstream in(path);
    if (!in) {
      std::fprintf(stderr, "gaitpdb_check: cannot open %s\n", path.c_str());
      return 2;
    }
    insole::readers::GaitpdbReader reader(in, path.string());
    an::GaitAnalyzer analyzer(insole::readers::gaitpdb_layout());
    FootSeries left, right;
    insole::readers::Row l, r;
    while (reader.next(l, r)) {
      analyzer.push(l.side, l.t_s, l.forces_n);
      analyzer.push(r.side, r.t_s, r.forces_n);
      double tl = 0, tr = 0;
      for (float v : l.forces_n) tl += static_cast<double>(v);
      for (float v : r.forces_n) tr += static_cast<double>(v);
      left.t.push_back(l.t_s);
      left.total.push_back(tl);
      right.t.push_back(r.t_s);
      right.total.push_back(tr);
    }
    const auto g = analyzer.summary();
    const int check_l = independent_steps(left), check_r = independent_steps(right);
    const double stride_l = mean_stride_s(analyzer.steps(), an::Side::kLeft);
    const double stride_r = mean_stride_s(analyzer.steps(), an::Side::kRight);
    const double ac_l = autocorrelation_stride_s(left, 0.01),
                 ac_r = autocorrelation_stride_s(right, 0.01);
    // Turns are where the two counts may honestly differ: a pivoting foot that lifts for 15-30 ms
    // is two stances to the analysis (15 ms debounce) and one to the check (30 ms).
    auto close = [](std::size_t a, int b) {
      const double diff = std::abs(static_cast<double>(a) - b);
      return diff <= std::max(3.0, 0.03 * b);
    };
    const bool ok = close(g.feet[0].steps, check_l) && close(g.feet[1].steps, check_r) &&
                    std::abs(stride_l - ac_l) <= 0.03 * ac_l &&
                    std::abs(stride_r - ac_r) <= 0.03 * ac_r;
    failures += !ok;
    std::printf("| %s | %zu (%d) | %zu (%d) | %d/%d | %.3f (%.2f) | %.3f (%.2f) | %.0f | %s |\n",
                path.filename().c_str(), g.feet[0].steps, check_l, g.feet[1].steps, check_r,
                loading_peaks(left), loading_peaks(right), stride_l, ac_l, stride_r, ac_r,
                g.cadence_spm, ok ? "agrees" : "**DISAGREES**");
  }
  std::printf("\n%d of %zu files agree.\n", static_cast<int>(files.size()) - failures,
              files.size());
  return failures == 0 ? 0 : 1;
}
