// The insole database: opening, schema migrations (PRAGMA user_version) and journal mode.
//
// open_for_writing() creates the file if needed, switches to WAL, migrates an older schema
// forward step by step inside one transaction, and refuses a schema newer than this build
// knows (so an old daemon never damages a newer database). Runs still marked 'recording' by a
// daemon that died are closed as 'interrupted'.
#ifndef INSOLE_STORE_SCHEMA_H_
#define INSOLE_STORE_SCHEMA_H_

#include <memory>
#include <string>

#include "insole/store/sqlite.h"

namespace insole::store {

inline constexpr int kSchemaVersion = 17;

std::unique_ptr<Connection> open_for_writing(const std::string& path);
// For insolectl's edits (shoes, run distance) while insoled may be recording: creates the file
// if needed and migrates it like open_for_writing(), but leaves runs marked 'recording' alone.
std::unique_ptr<Connection> open_for_editing(const std::string& path);
// For readers (insolectl): the file must exist and have a schema this build knows.
std::unique_ptr<Connection> open_for_reading(const std::string& path);

// Who writes the file. Every open_for_writing() connection (insoled) holds a shared lock on
// PATH-writer.lock (flock) as long as it is open: a run left 'recording' while nobody holds it
// was left by a writer that died (SIGKILL) and is only pending being marked 'interrupted' by
// the next writer. open_for_writing() marks such runs only when it is the only writer.
bool writer_active(const std::string& path);
// An exclusive hold on the writers' lock, for insolectl's edits of a run a dead writer left
// 'recording': while it is held no insoled starts writing (open_for_writing waits for it).
class WriterLock {
 public:
  // nullptr when a writer holds the file.
  static std::unique_ptr<WriterLock> try_exclusive(const std::string& path);
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_;
};

// Caps the database file at about max_bytes (PRAGMA max_page_count); writes beyond it fail as
// on a full disk. Never below the current size. max_bytes <= 0 lifts the cap.
void limit_size(Connection& db, double max_bytes);

}  // namespace insole::store

#endif  // INSOLE_STORE_SCHEMA_H_
