// Thin RAII layer over libpq, PostgreSQL's C client (Debian's libpq-dev), for the stores that a
// chain's stations share (docs/store-chain.md). Parameters and results travel as text, which
// PostgreSQL converts to and from the columns' types. Every failure throws StoreError with the
// server's message and the database it talked to (never the password), so callers can say
// exactly what went wrong; unreachable() tells a connection that is down from a refused query.
#ifndef INSOLE_STORE_POSTGRES_H_
#define INSOLE_STORE_POSTGRES_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insole/store/sqlite.h"  // StoreError

struct pg_conn;
struct pg_result;

namespace insole::store {

// A connection string, "postgresql://..." or "key=value ...", as libpq takes them.
bool is_postgres_uri(std::string_view text);
// The database a connection string names, fit to print: "dbname on host:port" (no password).
std::string describe_postgres(const std::string& conninfo);

using PgParam = std::optional<std::string>;  // nullopt: NULL
PgParam pg_param(std::int64_t value);
PgParam pg_param(double value);  // round-trips exactly
PgParam pg_param(std::string_view value);
PgParam pg_param(const std::optional<double>& value);
PgParam pg_param(const std::optional<std::int64_t>& value);

class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  ~PgResult();
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PgResult& operator=(PgResult&&) = delete;

  int rows() const;
  std::int64_t affected() const;  // rows an INSERT, UPDATE or DELETE touched
  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;  // "" for NULL
  std::int64_t int64(int row, int column) const;
  double real(int row, int column) const;
  std::optional<double> optional_real(int row, int column) const;

 private:
  pg_result* result_;
};

class PgConnection {
 public:
  // Connects at once (libpq's connect_timeout applies; 5 s unless the string sets it); throws
  // StoreError when the server cannot be reached or refuses.
  explicit PgConnection(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one or more statements with no parameters.
  void exec(std::string_view sql);
  // One statement with $1, $2, ... as text parameters.
  PgResult query(std::string_view sql, std::initializer_list<PgParam> params = {});
  PgResult query(std::string_view sql, const std::vector<PgParam>& params);
  // True when the connection to the server is lost (a query then fails until it is back).
  bool unreachable() const;
  const std::string& describe() const { return described_; }

 private:
  pg_conn* conn_ = nullptr;
  std::string described_;
};

// BEGIN ... COMMIT; rolls back if destroyed before commit().
class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& db);
  ~PgTransaction();
  void commit();

 private:
  PgConnection& db_;
  bool done_ = false;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_POSTGRES_H_
