#include "insole/hw/validation/rbds.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <string_view>

namespace insole::hw::validation {

namespace {

using analysis::Side;

constexpr double kThresholdN = 20.0;
constexpr double kInternalHz = 3000.0;

[[noreturn]] void fail(const std::string& path, std::size_t line, const std::string& what) {
  throw RbdsError(path + ":" + std::to_string(line) + ": " + what);
}

std::vector<std::string_view> split_tabs(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = s.find('\t', start);
    out.push_back(s.substr(start, tab == std::string_view::npos ? s.npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

double corrected(const PlateRecording& r, double baseline, std::size_t i) {
  return r.samples[i].vertical_n - baseline;
}

}  // namespace

PlateRecording read_rbds_forces(const std::string& path, double rate_hz) {
  std::ifstream in(path);
  if (!in) throw RbdsError(path + ": cannot open");
  PlateRecording rec;
  rec.path = path;
  rec.rate_hz = rate_hz;
  std::string line;
  std::size_t line_no = 0;
  if (!std::getline(in, line)) fail(path, 1, "empty file: expected a header row");
  ++line_no;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> header;  // copied: `line` is reused for the rows
  for (const auto field : split_tabs(line)) header.emplace_back(field);
  int fy = -1, copx = -1, copz = -1, time = -1;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "Fy") fy = static_cast<int>(i);
    if (header[i] == "COPx") copx = static_cast<int>(i);
    if (header[i] == "COPz") copz = static_cast<int>(i);
    if (header[i] == "Time") time = static_cast<int>(i);
  }
  if (fy < 0 || copx < 0 || copz < 0 || time < 0)
    fail(path, 1, "header must name the columns Time, Fy, COPx and COPz (tab-separated)");
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto fields = split_tabs(line);
    if (fields.size() != header.size())
      fail(path, line_no,
           "expected " + std::to_string(header.size()) + " tab-separated fields, found " +
               std::to_string(fields.size()));
    auto number = [&](int column) {
      const std::string_view f = fields[static_cast<std::size_t>(column)];
      double v = 0;
      const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
      if (ec != std::errc() || end != f.data() + f.size() || !std::isfinite(v))
        fail(path, line_no,
             "column " + header[static_cast<std::size_t>(column)] + ": not a number: '" +
                 std::string(f) + "'");
      return v;
    };
    const double frame = number(time);
    if (frame != static_cast<double>(rec.samples.size() + 1))
      fail(path, line_no,
           "frame index " + std::string(fields[static_cast<std::size_t>(time)]) + " where " +
               std::to_string(rec.samples.size() + 1) + " was expected");
    rec.samples.push_back({number(fy), number(copx), number(copz)});
  }
  if (rec.samples.size() < 2) fail(path, line_no, "fewer than 2 frames");
  // Fy must be the vertical force: over whole strides its mean is body weight (hundreds of N),
  // where the shear forces average near zero.
  double sum = 0;
  for (const auto& sample : rec.samples) sum += sample.vertical_n;
  const double mean = sum / static_cast<double>(rec.samples.size());
  if (mean < 100.0)
    fail(path, line_no,
         "column Fy averages " + std::to_string(mean) +
             " N: not a vertical force (expected about body weight)");
  return rec;
}

double flight_baseline_n(const PlateRecording& r) {
  std::vector<double> low;
  for (const auto& s : r.samples)
    if (s.vertical_n < 80.0) low.push_back(s.vertical_n);
  if (low.empty()) return 0;
  std::nth_element(low.begin(), low.begin() + static_cast<std::ptrdiff_t>(low.size() / 2),
                   low.end());
  return low[low.size() / 2];
}

std::vector<TruthStep> rbds_stances(const PlateRecording& r, double baseline) {
  std::vector<TruthStep> out;
  const std::size_t n = r.samples.size();
  const auto min_dip = static_cast<std::size_t>(0.03 * r.rate_hz);
  std::size_t i = 1;
  int index = 0;
  while (i < n) {
    // Next upward crossing between samples i-1 and i.
    while (i < n && !(corrected(r, baseline, i - 1) < kThresholdN &&
                      corrected(r, baseline, i) >= kThresholdN))
      ++i;
    if (i >= n) break;
    const std::size_t up = i;
    double peak = 0;
    std::size_t down = up;  // last sample above the threshold
    std::size_t j = up;
    while (j < n) {
      if (corrected(r, baseline, j) >= kThresholdN) {
        peak = std::max(peak, corrected(r, baseline, j));
        down = j;
        ++j;
        continue;
      }
      // Below: a dip only if it comes back up within min_dip samples.
      std::size_t k = j;
      while (k < n && k - j < min_dip && corrected(r, baseline, k) < kThresholdN) ++k;
      if (k < n && corrected(r, baseline, k) >= kThresholdN && k - j < min_dip) {
        j = k;
        continue;
      }
      break;
    }
    i = down + 2;
    const bool cut = down + 1 >= n;  // still loaded at the end of the file
    const double f0 = corrected(r, baseline, up - 1), f1 = corrected(r, baseline, up);
    const double g0 = cut ? 0 : corrected(r, baseline, down),
                 g1 = cut ? 0 : corrected(r, baseline, down + 1);
    TruthStep t;
    t.contact_s = (static_cast<double>(up - 1) + (kThresholdN - f0) / (f1 - f0)) / r.rate_hz;
    t.toe_off_s =
        cut ? 0 : (static_cast<double>(down) + (g0 - kThresholdN) / (g0 - g1)) / r.rate_hz;
    t.peak_n = peak;
    // Short or light blips in flight (a 1-frame spike of 34 N in RBDS001) are not stances and
    // do not count in the alternation of feet.
    if (cut || t.toe_off_s - t.contact_s < 0.1 || peak < 200) continue;
    t.side = index % 2 == 0 ? Side::kLeft : Side::kRight;
    ++index;
    out.push_back(t);
  }
  // A stance already loaded at the first frame was never seen rising: it is not in `out`
  // (the loop looks for an upward crossing), which is what we want.
  return out;
}

void replay_rbds(const PlateRecording& r, double baseline, const std::vector<TruthStep>& stances,
                 const SenselGrid& grid, const SensorArtefacts& artefacts, double belt_mps,
                 std::uint64_t seed, const FrameSink& sink) {
  const std::size_t n = grid.layout.sensels.size();
  const double l = grid.layout.foot_length_mm;
  const double duration = static_cast<double>(r.samples.size() - 1) / r.rate_hz;
  const auto decimation = static_cast<std::uint64_t>(std::lround(kInternalHz / artefacts.rate_hz));
  // Which stance owns time t: the one whose [contact, toe-off] is nearest (flight split halfway).
  auto owner = [&](double t, std::size_t& cursor) -> const TruthStep* {
    if (stances.empty()) return nullptr;
    while (cursor + 1 < stances.size() &&
           t > 0.5 * (stances[cursor].toe_off_s + stances[cursor + 1].contact_s))
      ++cursor;
    return &stances[cursor];
  };
  // Per stance, the foot-frame path: progression along the foot from the lab CoP plus the belt
  // travel, anchored so toe-off sits at 85 % of foot length; CoP held where force < 80 N.
  auto sample_at = [&](double t) {
    const double x = std::clamp(t * r.rate_hz, 0.0, static_cast<double>(r.samples.size() - 1));
    const auto i = static_cast<std::size_t>(x);
    const std::size_t j = std::min(i + 1, r.samples.size() - 1);
    const double f = x - static_cast<double>(i);
    PlateSample s;
    s.vertical_n = (1 - f) * r.samples[i].vertical_n + f * r.samples[j].vertical_n;
    s.cop_ap_mm = (1 - f) * r.samples[i].cop_ap_mm + f * r.samples[j].cop_ap_mm;
    s.cop_ml_mm = (1 - f) * r.samples[i].cop_ml_mm + f * r.samples[j].cop_ml_mm;
    return s;
  };
  struct Path {
    double t0 = 0, ap0 = 0, end_progress = 0, ml_mid = 0;
  };
  auto path_of = [&](const TruthStep& st) {
    Path p;
    p.t0 = st.contact_s;
    double first_ap = std::numeric_limits<double>::quiet_NaN(), last_ap = 0, last_t = st.contact_s,
           ml_sum = 0;
    int ml_n = 0;
    for (double t = st.contact_s; t <= st.toe_off_s; t += 1.0 / r.rate_hz) {
      const PlateSample s = sample_at(t);
      if (s.vertical_n - baseline < 80.0) continue;
      if (std::isnan(first_ap)) {
        first_ap = s.cop_ap_mm;
        p.t0 = t;
      }
      last_ap = s.cop_ap_mm;
      last_t = t;
      ml_sum += s.cop_ml_mm;
      ++ml_n;
    }
    p.ap0 = std::isnan(first_ap) ? 0 : first_ap;
    p.end_progress = (last_ap - p.ap0) + belt_mps * 1000 * (last_t - p.t0);
    p.ml_mid = ml_n ? ml_sum / ml_n : 0;
    return p;
  };
  std::vector<Path> paths;
  for (const auto& st : stances) paths.push_back(path_of(st));

  std::array<SensorModel, 2> sensors = {SensorModel(n, artefacts, seed * 2 + 21),
                                        SensorModel(n, artefacts, seed * 2 + 22)};
  std::array<FirstOrderLag, 2> lags = {FirstOrderLag(n, std::max(artefacts.lag_s, 1e-6)),
                                       FirstOrderLag(n, std::max(artefacts.lag_s, 1e-6))};
  std::array<std::vector<double>, 2> input = {std::vector<double>(n), std::vector<double>(n)};
  std::array<std::vector<double>, 2> lagged = input;
  std::vector<float> spread(n), as_float(n), out(n);
  std::array<double, 2> held_y = {0.5 * l, 0.5 * l}, held_x = {0, 0};
  std::size_t cursor = 0;
  const double dt = 1.0 / kInternalHz;
  for (std::uint64_t k = 0;; ++k) {
    const double t = static_cast<double>(k) * dt;
    if (t > duration) break;
    const PlateSample s = sample_at(t);
    const double force = std::max(0.0, s.vertical_n - baseline);
    const TruthStep* st = owner(t, cursor);
    const std::size_t foot = st && st->side == Side::kRight ? 1 : 0;
    for (std::size_t f = 0; f < 2; ++f) std::fill(input[f].begin(), input[f].end(), 0.0);
    if (st) {
      const Path& p = paths[cursor];
      if (force >= 80.0) {
        const double progress = (s.cop_ap_mm - p.ap0) + belt_mps * 1000 * (t - p.t0);
        held_y[foot] = std::clamp(0.85 * l - (p.end_progress - progress), 0.05 * l, 0.95 * l);
        const double mirror = foot == 0 ? 1.0 : -1.0;
        held_x[foot] = std::clamp(mirror * (s.cop_ml_mm - p.ml_mid), -0.1 * l, 0.1 * l);
      }
      spread_point(grid, held_x[foot], held_y[foot], force, 0.06 * l, spread);
      for (std::size_t i = 0; i < n; ++i) input[foot][i] = static_cast<double>(spread[i]);
    }
    for (std::size_t f = 0; f < 2; ++f) {
      if (artefacts.lag_s > 0)
        lags[f].step(dt, input[f], lagged[f]);
      else
        lagged[f] = input[f];
    }
    if (k % decimation != 0) continue;
    for (std::size_t f = 0; f < 2; ++f) {
      for (std::size_t i = 0; i < n; ++i) as_float[i] = static_cast<float>(lagged[f][i]);
      sensors[f].read(t, as_float, out);
      sink(f == 0 ? Side::kLeft : Side::kRight, t, out);
    }
  }
}

}  // namespace insole::hw::validation
