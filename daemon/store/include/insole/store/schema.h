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

inline constexpr int kSchemaVersion = 8;

std::unique_ptr<Connection> open_for_writing(const std::string& path);
// For insolectl's edits (shoes, run distance) while insoled may be recording: creates the file
// if needed and migrates it like open_for_writing(), but leaves runs marked 'recording' alone.
std::unique_ptr<Connection> open_for_editing(const std::string& path);
// For readers (insolectl): the file must exist and have a schema this build knows.
std::unique_ptr<Connection> open_for_reading(const std::string& path);

// Caps the database file at about max_bytes (PRAGMA max_page_count); writes beyond it fail as
// on a full disk. Never below the current size.
void limit_size(Connection& db, double max_bytes);

}  // namespace insole::store

#endif  // INSOLE_STORE_SCHEMA_H_
