#include "postgres_server.h"

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace insole::testing {
namespace {

// The newest server binaries Debian installed (/usr/lib/postgresql/VERSION/bin).
std::string server_bin_dir() {
  std::string best;
  int best_version = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const int version = std::atoi(entry.path().filename().c_str());
    if (version > best_version && std::filesystem::exists(entry.path() / "bin" / "initdb")) {
      best_version = version;
      best = (entry.path() / "bin").string();
    }
  }
  if (best.empty())
    throw std::runtime_error(
        "no PostgreSQL server binaries in /usr/lib/postgresql: install postgresql-15 "
        "(scripts/setup does)");
  return best;
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

PostgresServer::PostgresServer() : bin_(server_bin_dir()) {
  char pattern[] = "/tmp/insole-pg-XXXXXX";
  if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  std::filesystem::permissions(
      dir_, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                std::filesystem::perms::others_exec);
  if (::geteuid() == 0) {
    const passwd* pg = ::getpwnam("postgres");
    if (!pg) throw std::runtime_error("running as root but there is no `postgres` user");
    if (::chown(dir_.c_str(), pg->pw_uid, pg->pw_gid) != 0)
      throw std::runtime_error("cannot chown " + dir_.string() + " to postgres");
    as_server_ = "runuser -u postgres -- ";
  }
  // --no-sync and fsync=off: a test's data need not survive a power cut, and syncing is most of
  // the start-up time.
  run(as_server_ + bin_ + "/initdb --no-sync -A trust -U insole -E UTF8 --locale=C.UTF-8 -D " +
          (dir_ / "data").string() + " > " + (dir_ / "initdb.log").string() + " 2>&1",
      "initdb");
  start();
}

PostgresServer::~PostgresServer() {
  if (running_) {
    std::system((as_server_ + bin_ + "/pg_ctl -D " + (dir_ / "data").string() +
                 " -m immediate -w stop > /dev/null 2>&1")
                    .c_str());
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void PostgresServer::run(const std::string& command, const std::string& what) const {
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error(what + " failed: " + read_all(dir_ / (what + ".log")) +
                             read_all(dir_ / "server.log"));
  }
}

void PostgresServer::start() {
  run(as_server_ + bin_ + "/pg_ctl -D " + (dir_ / "data").string() + " -o \"-k " + dir_.string() +
          " -c listen_addresses='' -c fsync=off -c synchronous_commit=off\" -l " +
          (dir_ / "server.log").string() + " -w -t 30 start > " + (dir_ / "pg_ctl.log").string() +
          " 2>&1",
      "pg_ctl");
  running_ = true;
}

void PostgresServer::stop() {
  run(as_server_ + bin_ + "/pg_ctl -D " + (dir_ / "data").string() + " -m fast -w stop > " +
          (dir_ / "pg_ctl.log").string() + " 2>&1",
      "pg_ctl");
  running_ = false;
}

PostgresServer& PostgresServer::shared() {
  static PostgresServer instance;
  return instance;
}

std::string PostgresServer::uri(const std::string& database) const {
  // The socket folder as a host: percent-encoded '/' in a URI's host part.
  std::string host;
  for (const char c : dir_.string()) host += c == '/' ? std::string("%2F") : std::string(1, c);
  return "postgresql://insole@" + host + "/" + database;
}

std::string PostgresServer::create_database(const std::string& prefix) {
  const std::string name = prefix + "_" + std::to_string(++databases_);
  run(std::string("psql -q -X -v ON_ERROR_STOP=1 -d '") + uri("postgres") +
          "' -c 'CREATE DATABASE \"" + name + "\"' > " + (dir_ / "psql.log").string() + " 2>&1",
      "psql");
  return uri(name);
}

}  // namespace insole::testing
