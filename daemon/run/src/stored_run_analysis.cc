#include "insole/run/stored_run_analysis.h"

#include <exception>
#include <memory>
#include <mutex>
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
  // One foot's work, on its own cache lines: the two threads share nothing they write per frame.
  struct alignas(64) Foot {
    Foot(DeviceFrameStream s, const analysis::FootAnalyzerConfig& config)
        : stream(std::move(s)),
          pass(store::side_of_letter(stream.device().side), layout_of(stream.device()), config) {}
    void analyse() {
      try {
        RunFrame f;
        std::uint64_t n = 0;
        while (stream.ready()) {
          stream.next(f);
          pass.push(f.t_s, f.forces_n);
          ++n;
        }
        frames = n;
      } catch (...) {
        error = std::current_exception();
      }
    }
    DeviceFrameStream stream;
    analysis::FootPass pass;
    std::uint64_t frames = 0;
    std::exception_ptr error;
  };
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
  const auto first = std::make_unique<Foot>(std::move(streams[0]), config.foot);
  const auto second = std::make_unique<Foot>(std::move(streams[1]), config.foot);
  {
    std::jthread thread([&] { second->analyse(); });
    first->analyse();
  }
  for (const Foot* foot : {first.get(), second.get()}) {
    if (foot->error) std::rethrow_exception(foot->error);
  }
  const bool left_first = first->pass.side() == analysis::Side::kLeft;
  const auto& left = (left_first ? first : second)->pass;
  const auto& right = (left_first ? second : first)->pass;
  // On equal times the one-pass stream takes the device listed first.
  return finish(analysis::combine_feet(left, right, config, first->pass.side()),
                first->frames + second->frames, config);
}

}  // namespace insole::run
