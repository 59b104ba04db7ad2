#include "insole/run/stored_run_analysis.h"

#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "insole/analysis/foot_pass.h"
#include "insole/analysis/gait_analyzer.h"
#include "insole/reports/alert_words.h"
#include "insole/run/grid_layouts.h"
#include "insole/run/run_frames.h"
#include "insole/store/step_rows.h"

namespace insole::run {
namespace {

analysis::Layout layout_of(const store::RunDeviceRecord& d) {
  const auto layout = layout_for_grid(d.grid_id);
  if (!layout)
    throw std::runtime_error("device " + d.serial_number + " has sensel grid '" + d.grid_id +
                             "', unknown to this build");
  return *layout;
}

StoredRunAnalysis finish(std::vector<analysis::Step> steps, std::uint64_t frames,
                         const analysis::GaitConfig& config) {
  StoredRunAnalysis out;
  out.frames = frames;
  for (const auto& s : steps) {
    out.steps.push_back(store::to_step_record(s));
    (s.side == analysis::Side::kLeft ? out.steps_left : out.steps_right)++;
  }
  out.alerts = reports::alert_records(analysis::summarize(steps, config).alerts);
  return out;
}

// Both feet through one GaitAnalyzer, frames merged in time order.
StoredRunAnalysis analyse_in_one_pass(store::RunReader& reader, std::int64_t run_id) {
  RunFrameStream frames(reader, run_id);
  const analysis::GaitConfig config;
  analysis::GaitAnalyzer analyzer(config);
  for (const auto& d : frames.devices())
    analyzer.attach(store::side_of_letter(d.side), layout_of(d));
  std::uint64_t n = 0;
  RunFrame f;
  while (frames.next(f)) {
    analyzer.push(store::side_of_letter(f.side), f.t_s, f.forces_n);
    ++n;
  }
  return finish(analyzer.steps(), n, config);
}

}  // namespace

StoredRunAnalysis analyse_stored_run(store::RunReader& reader, std::int64_t run_id, Passes how) {
  if (how == Passes::kOne) return analyse_in_one_pass(reader, run_id);
  const auto devices = reader.devices(run_id);
  std::mutex reader_lock;
  std::vector<DeviceFrameStream> streams;
  for (const auto& d : devices) {
    DeviceFrameStream s(reader, run_id, d, &reader_lock);
    if (s.archived()) streams.push_back(std::move(s));
  }
  if (streams.size() != 2 || streams[0].device().side == streams[1].device().side ||
      devices.size() != 2) {
    return analyse_in_one_pass(reader, run_id);
  }
  const analysis::GaitConfig config;
  std::vector<analysis::FootPass> passes;
  for (const auto& s : streams) {
    passes.emplace_back(store::side_of_letter(s.device().side), layout_of(s.device()), config.foot);
  }
  std::array<std::uint64_t, 2> frames{0, 0};
  std::array<std::exception_ptr, 2> errors;
  const auto analyse = [&](std::size_t i) {
    try {
      RunFrame f;
      while (streams[i].ready()) {
        streams[i].next(f);
        passes[i].push(f.t_s, f.forces_n);
        ++frames[i];
      }
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  {
    std::jthread second([&] { analyse(1); });
    analyse(0);
  }
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  const bool left_first = passes[0].side() == analysis::Side::kLeft;
  const auto& left = passes[left_first ? 0 : 1];
  const auto& right = passes[left_first ? 1 : 0];
  // On equal times the one-pass stream takes the device listed first.
  return finish(analysis::combine_feet(left, right, config, passes[0].side()),
                frames[0] + frames[1], config);
}

}  // namespace insole::run
