// insolectl commands over a stored run's archive: reanalyse and export (docs/cli.md).
#ifndef INSOLE_DAEMON_CTL_RUN_COMMANDS_H_
#define INSOLE_DAEMON_CTL_RUN_COMMANDS_H_

#include <cstdint>
#include <string>

namespace insole::ctl {

// Re-runs the current analysis over the run's raw frames and replaces its steps in one
// transaction. Returns the exit status.
int reanalyse_run(const std::string& db_path, std::int64_t run_id);

// Deletes a finished run and everything stored of it, raw frames included
// (store::RunWriter::delete_run). Returns the exit status.
int delete_run(const std::string& db_path, std::int64_t run_id);

enum class ExportWhat { kSteps, kFrames, kLayout };
// Writes the run's steps (csv | json, with the summary; fit: a FIT activity file, docs/interop.md),
// its raw frames as the analysis CSV format, or its sensel layout as LAYOUT.json, to stdout.
// merge_path (fit only): a watch's FIT activity of the same run, written out with insole's
// figures added as developer fields (fit/merged_file.h) instead of insole's own activity.
int export_run(const std::string& db_path, std::int64_t run_id, ExportWhat what,
               const std::string& format, const std::string& merge_path = "");

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_RUN_COMMANDS_H_
