#include "insole/store/run_digests.h"

#include <string>

namespace insole::store {

namespace {

constexpr std::string_view kSelect =
    "SELECT r.id, r.started_at, r.status, t.entry, t.analysed_steps, COALESCE(r.surface, '') "
    "FROM runs r "
    "LEFT JOIN run_digests t ON t.run_id = r.id AND t.version = ?1 ";

KeptDigest read_row(const Statement& s) {
  KeptDigest t;
  t.run_id = s.column_int(0);
  if (!s.column_is_null(1)) t.started_at = s.column_text(1);
  t.status = s.column_text(2);
  if (!s.column_is_null(3)) {
    t.entry = s.column_text(3);
    t.analysed_steps = s.column_int(4);
  }
  t.surface = s.column_text(5);
  return t;
}

}  // namespace

std::vector<KeptDigest> RunDigests::runs(int version) {
  Statement s = db_.prepare(std::string(kSelect) + "ORDER BY r.id");
  s.bind(1, static_cast<std::int64_t>(version));
  std::vector<KeptDigest> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::optional<KeptDigest> RunDigests::run(std::int64_t run_id, int version) {
  Statement s = db_.prepare(std::string(kSelect) + "WHERE r.id = ?2");
  s.bind(1, static_cast<std::int64_t>(version)).bind(2, run_id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

void RunDigests::keep(std::int64_t run_id, int version, std::int64_t analysed_steps,
                      std::string_view entry) {
  db_.prepare(
         "INSERT OR REPLACE INTO run_digests (run_id, version, analysed_steps, entry) "
         "VALUES (?1, ?2, ?3, ?4)")
      .bind(1, run_id)
      .bind(2, static_cast<std::int64_t>(version))
      .bind(3, analysed_steps)
      .bind(4, entry)
      .run();
}

}  // namespace insole::store
