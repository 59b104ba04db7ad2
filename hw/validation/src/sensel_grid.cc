#include "insole/hw/validation/sensel_grid.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace insole::hw::validation {

namespace {

struct Centre {
  double x, y;
};

std::vector<Centre> discrete8(double l) {
  // Anatomical sites as in commercial 8-sensor insoles (fractions of length, +x medial).
  return {{0.05 * l, 0.10 * l},  {-0.05 * l, 0.10 * l}, {-0.08 * l, 0.42 * l},
          {0.11 * l, 0.73 * l},  {-0.01 * l, 0.72 * l}, {-0.11 * l, 0.665 * l},
          {0.095 * l, 0.90 * l}, {-0.05 * l, 0.88 * l}};
}

std::vector<Centre> matrix16(double l) {
  return {{0.05 * l, 0.07 * l}, {-0.05 * l, 0.07 * l}, {0.05 * l, 0.17 * l},  {-0.05 * l, 0.17 * l},
          {0.04 * l, 0.33 * l}, {-0.08 * l, 0.33 * l}, {0.05 * l, 0.50 * l},  {-0.09 * l, 0.50 * l},
          {0.12 * l, 0.69 * l}, {0.045 * l, 0.70 * l}, {-0.03 * l, 0.69 * l}, {-0.11 * l, 0.64 * l},
          {0.10 * l, 0.88 * l}, {0.015 * l, 0.86 * l}, {-0.06 * l, 0.84 * l}, {0.06 * l, 0.96 * l}};
}

std::vector<Centre> rows_by_columns(double l, int rows, int cols) {
  std::vector<Centre> c;
  for (int r = 0; r < rows; ++r) {
    const double y = l * (r + 0.5) / rows;
    const double w = outline_width_mm(l, y);
    for (int k = 0; k < cols; ++k) c.push_back({w * ((k + 0.5) / cols - 0.5), y});
  }
  return c;
}

std::vector<Centre> square_clipped(double l, std::size_t at_least) {
  for (double pitch = 0.06 * l;; pitch *= 0.98) {
    std::vector<Centre> c;
    for (double y = pitch / 2; y < l; y += pitch)
      for (double x = -0.25 * l + pitch / 2; x < 0.25 * l; x += pitch)
        if (inside_outline(l, x, y)) c.push_back({x, y});
    if (c.size() >= at_least) return c;
  }
}

}  // namespace

std::string_view name(GridKind kind) {
  switch (kind) {
    case GridKind::kDiscrete8:
      return "8 discrete";
    case GridKind::kMatrix16:
      return "16";
    case GridKind::kMatrix64:
      return "64";
    case GridKind::kDense:
      break;
  }
  return "dense";
}

SenselGrid make_grid(GridKind kind, double l) {
  std::vector<Centre> centres;
  switch (kind) {
    case GridKind::kDiscrete8:
      centres = discrete8(l);
      break;
    case GridKind::kMatrix16:
      centres = matrix16(l);
      break;
    case GridKind::kMatrix64:
      centres = rows_by_columns(l, 16, 4);
      break;
    case GridKind::kDense:
      centres = square_clipped(l, 99);
      break;
  }
  SenselGrid grid;
  grid.layout.name = "validation " + std::string(name(kind));
  grid.layout.foot_length_mm = l;
  grid.layout.foot_width_mm = 0.385 * l;
  grid.layout.sensels.resize(centres.size());
  grid.share.assign(centres.size(), {});
  for (std::size_t k = 0; k < centres.size(); ++k)
    grid.layout.sensels[k] = {centres[k].x, centres[k].y, 0};

  // Rasterise the outline at 1 mm: each cell goes to the nearest centre; kernels accumulate.
  const auto geometry = region_geometry(l);
  std::array<double, kRegionCount> kernel_sum{};
  for (double y = 0.5; y < l; y += 1.0) {
    const double half = 0.5 * outline_width_mm(l, y);
    for (double x = -half + 0.5; x < half; x += 1.0) {
      std::size_t best = 0;
      double best_d = std::numeric_limits<double>::max();
      for (std::size_t k = 0; k < centres.size(); ++k) {
        const double d =
            (x - centres[k].x) * (x - centres[k].x) + (y - centres[k].y) * (y - centres[k].y);
        if (d < best_d) {
          best_d = d;
          best = k;
        }
      }
      grid.layout.sensels[best].area_mm2 += 1.0;
      for (std::size_t r = 0; r < kRegionCount; ++r) {
        const auto& g = geometry[r];
        const double u = (x - g.x_mm) / g.sx_mm, v = (y - g.y_mm) / g.sy_mm;
        const double p = std::exp(-0.5 * (u * u + v * v));
        grid.share[best][r] += p;
        kernel_sum[r] += p;
      }
    }
  }
  for (auto& s : grid.share)
    for (std::size_t r = 0; r < kRegionCount; ++r) s[r] /= kernel_sum[r];
  return grid;
}

void SenselGrid::spread(std::span<const double, kRegionCount> loads,
                        std::span<float> forces_n) const {
  for (std::size_t k = 0; k < share.size(); ++k) {
    double f = 0;
    for (std::size_t r = 0; r < kRegionCount; ++r) f += share[k][r] * loads[r];
    forces_n[k] = static_cast<float>(f);
  }
}

void spread_point(const SenselGrid& grid, double x_mm, double y_mm, double force_n,
                  double spread_mm, std::span<float> forces_n) {
  // Weight each sensel by the Gaussian at its centre times its area, normalised: the sensels
  // read the whole force, spread around the point.
  double sum = 0;
  const auto& s = grid.layout.sensels;
  std::vector<double> w(s.size());
  for (std::size_t k = 0; k < s.size(); ++k) {
    const double dx = (s[k].x_mm - x_mm) / spread_mm, dy = (s[k].y_mm - y_mm) / spread_mm;
    w[k] = s[k].area_mm2 * std::exp(-0.5 * (dx * dx + dy * dy));
    sum += w[k];
  }
  for (std::size_t k = 0; k < s.size(); ++k)
    forces_n[k] = sum > 0 ? static_cast<float>(force_n * w[k] / sum) : 0.0f;
}

}  // namespace insole::hw::validation
