// Thin RAII layer over the SQLite C API. Every failure throws StoreError with SQLite's message
// and the database path, so callers can say exactly what went wrong.
#ifndef INSOLE_STORE_SQLITE_H_
#define INSOLE_STORE_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace insole::store {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Statement;

class Connection {
 public:
  enum class Mode { kReadWriteCreate, kReadOnly };
  Connection(const std::string& path, Mode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int user_version();
  void set_user_version(int version);
  const std::string& path() const { return path_; }
  bool read_only() const;
  sqlite3* handle() const { return db_; }
  [[noreturn]] void fail(std::string_view what) const;
  // Keeps a lock file descriptor (schema.h: the writers' lock) open as long as the connection.
  void hold_lock(int fd) { lock_fd_ = fd; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  int lock_fd_ = -1;
};

class Statement {
 public:
  Statement(Connection& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  // 1-based parameter index, as in SQLite.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::span<const std::uint8_t> data);
  // True while a row is available; false when done.
  bool step();
  // Runs a statement that returns no rows, then resets it for reuse.
  void run();
  void reset();

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;
  std::vector<std::uint8_t> column_blob(int index) const;

 private:
  Connection* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back if destroyed before commit().
class Transaction {
 public:
  explicit Transaction(Connection& db);
  ~Transaction();
  void commit();

 private:
  Connection& db_;
  bool nested_ = false;
  bool done_ = false;
};

// Runs `deletes` in one transaction with secure_delete on (freed pages are zeroed), restores the
// connection's previous secure_delete, then checkpoints the write-ahead log (TRUNCATE) so the log
// keeps no old copy of the erased pages. A reader holding the log open can make the checkpoint
// partial; the next one completes it. For what must be erased, not just unlinked.
void erase_for_good(Connection& db, const std::function<void()>& deletes);

}  // namespace insole::store

#endif  // INSOLE_STORE_SQLITE_H_
