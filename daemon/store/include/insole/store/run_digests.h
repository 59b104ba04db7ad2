// What the history pages (trends, shoes, distances) need of each run, kept in the database once
// computed from the run's steps (schema 12, run_digests), so they do not re-read every step of
// every run on each request (issue 15). The entry itself is the reports' business (JSON text,
// reports/run_digest.h, with the version of its shape and of the analysis behind it); the store
// keeps it and drops it whenever the run's steps change or the run is deleted (triggers), so a
// kept entry always describes the steps stored.
#ifndef INSOLE_STORE_RUN_DIGESTS_H_
#define INSOLE_STORE_RUN_DIGESTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insole/store/sqlite.h"

namespace insole::store {

struct KeptDigest {
  std::int64_t run_id = 0;
  std::optional<std::string> started_at;  // nullopt: date unknown
  std::string status;
  std::string surface;  // RunRecord::surface
  // The kept entry when there is one of the asked version, and its run's analysed steps.
  std::optional<std::string> entry;
  std::int64_t analysed_steps = 0;
};

class RunDigests {
 public:
  explicit RunDigests(Connection& db) : db_(db) {}
  // Every run, in id order, with its kept entry of `version` if any: one query.
  std::vector<KeptDigest> runs(int version);
  // One run (nullopt: no such run).
  std::optional<KeptDigest> run(std::int64_t run_id, int version);
  // Keeps (replaces) a run's entry; call inside the transaction that read its steps.
  void keep(std::int64_t run_id, int version, std::int64_t analysed_steps, std::string_view entry);

 private:
  Connection& db_;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_RUN_DIGESTS_H_
