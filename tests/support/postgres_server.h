// A real PostgreSQL server for tests (Debian's postgresql-15 package): initdb and pg_ctl in a
// fresh temporary folder, listening on a Unix socket there only, stopped and removed by the
// destructor. initdb and postgres refuse to run as root, so under root (CI) the server runs as
// the `postgres` system user the package creates; the tests connect as role `insole` over the
// socket with trust authentication. About 1-2 s to start.
#ifndef INSOLE_TESTS_SUPPORT_POSTGRES_SERVER_H_
#define INSOLE_TESTS_SUPPORT_POSTGRES_SERVER_H_

#include <filesystem>
#include <string>

namespace insole::testing {

class PostgresServer {
 public:
  // Creates the cluster and starts it; throws std::runtime_error with initdb's or pg_ctl's
  // output when it cannot (no server binaries: install postgresql-15, as scripts/setup does).
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // One server for the whole test process, started when first asked for, stopped at exit.
  static PostgresServer& shared();

  // A new, empty database on the server, named `prefix`_N (N counts up, so tests sharing one
  // server never meet); returns its libpq connection string (a URI).
  std::string create_database(const std::string& prefix);
  // The URI of a database on this server, whether or not it exists.
  std::string uri(const std::string& database) const;
  // Stops the server (fast: open connections are cut) and starts it again, same data.
  void stop();
  void start();
  bool running() const { return running_; }

 private:
  void run(const std::string& command, const std::string& what) const;
  std::filesystem::path dir_;
  std::string bin_;
  std::string as_server_;  // "runuser -u postgres -- " under root, "" otherwise
  bool running_ = false;
  int databases_ = 0;
};

}  // namespace insole::testing

#endif  // INSOLE_TESTS_SUPPORT_POSTGRES_SERVER_H_
