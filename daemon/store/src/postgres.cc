#include "insole/store/postgres.h"

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace insole::store {
namespace {

struct ConninfoOptions {
  PQconninfoOption* options;
  ~ConninfoOptions() {
    if (options) PQconninfoFree(options);
  }
};

std::string trimmed(const char* message) {
  std::string m = message ? message : "unknown error";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

}  // namespace

bool is_postgres_uri(std::string_view text) {
  return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

std::string describe_postgres(const std::string& conninfo) {
  char* error = nullptr;
  ConninfoOptions parsed{PQconninfoParse(conninfo.c_str(), &error)};
  if (error) PQfreemem(error);
  if (!parsed.options) return "postgresql (connection string not understood)";
  std::string dbname, host, port;
  for (auto* o = parsed.options; o->keyword; ++o) {
    const std::string key = o->keyword;
    const std::string value = o->val ? o->val : "";
    if (key == "dbname") dbname = value;
    if (key == "host") host = value;
    if (key == "port") port = value;
  }
  std::string out = "postgresql database " + (dbname.empty() ? std::string("(default)") : dbname);
  out += " on " + (host.empty() ? std::string("the local socket") : host);
  if (!port.empty()) out += ":" + port;
  return out;
}

PgParam pg_param(std::int64_t value) { return std::to_string(value); }
PgParam pg_param(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return std::string(text);
}
PgParam pg_param(std::string_view value) { return std::string(value); }
PgParam pg_param(const std::optional<double>& value) {
  return value ? pg_param(*value) : std::nullopt;
}
PgParam pg_param(const std::optional<std::int64_t>& value) {
  return value ? pg_param(*value) : std::nullopt;
}

PgResult::~PgResult() {
  if (result_) PQclear(result_);
}
int PgResult::rows() const { return PQntuples(result_); }
std::int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(result_);
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}
bool PgResult::is_null(int row, int column) const { return PQgetisnull(result_, row, column) == 1; }
std::string PgResult::text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<std::size_t>(PQgetlength(result_, row, column)));
}
std::int64_t PgResult::int64(int row, int column) const {
  return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}
double PgResult::real(int row, int column) const {
  return std::strtod(PQgetvalue(result_, row, column), nullptr);
}
std::optional<double> PgResult::optional_real(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return real(row, column);
}

PgConnection::PgConnection(const std::string& conninfo) : described_(describe_postgres(conninfo)) {
  // connect_timeout unless the string sets one: a station must notice an unreachable server
  // in seconds, not after the system's TCP timeout.
  const char* keywords[] = {"dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {conninfo.c_str(), "5", "insoled", nullptr};
  conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!conn_) throw StoreError("cannot connect to " + described_ + ": out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw StoreError("cannot connect to " + described_ + ": " + message);
  }
  // Warnings (NOTICE) are the server's business, not the station's log.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

bool PgConnection::unreachable() const { return PQstatus(conn_) != CONNECTION_OK; }

void PgConnection::exec(std::string_view sql) {
  PGresult* result = PQexec(conn_, std::string(sql).c_str());
  const auto status = PQresultStatus(result);
  const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  const std::string message = ok ? "" : trimmed(result ? PQresultErrorMessage(result) : nullptr);
  if (result) PQclear(result);
  if (!ok)
    throw StoreError(described_ + ": " +
                     (message.empty() ? trimmed(PQerrorMessage(conn_)) : message));
}

PgResult PgConnection::query(std::string_view sql, std::initializer_list<PgParam> params) {
  return query(sql, std::vector<PgParam>(params));
}

PgResult PgConnection::query(std::string_view sql, const std::vector<PgParam>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* result = PQexecParams(conn_, std::string(sql).c_str(), static_cast<int>(params.size()),
                                  nullptr, values.data(), nullptr, nullptr, 0);
  const auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    const std::string message = trimmed(result ? PQresultErrorMessage(result) : nullptr);
    if (result) PQclear(result);
    throw StoreError(described_ + ": " +
                     (message.empty() ? trimmed(PQerrorMessage(conn_)) : message));
  }
  return PgResult(result);
}

PgTransaction::PgTransaction(PgConnection& db) : db_(db) { db_.exec("BEGIN"); }

PgTransaction::~PgTransaction() {
  if (done_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (...) {
    // The connection is gone: the server rolls back on its own.
  }
}

void PgTransaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace insole::store
