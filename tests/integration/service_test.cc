// insoled as a service (docs/service.md): real insoled and host-firmware processes on real
// ptys, a real SQLite file. Insoles found through a serial glob after start, an insole that
// leaves and comes back into the same run, a run that ends after the idle time, SIGHUP
// reloads, a malformed configuration, and the systemd notifications on a socket the test binds.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>

#include "child_process.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

using namespace std::chrono_literals;

class ServiceTest : public ScratchDirTest {
 protected:
  // A host-firmware insole whose pty is also reachable as link_path (a symlink, the way udev
  // names /dev/serial/by-id/...). Returns the pty path from its ready line.
  std::string start_insole(std::unique_ptr<ChildProcess>& proc, const char* side,
                           const std::string& link_path = "", const std::string& serial = "") {
    std::vector<std::string> argv{INSOLE_FW_HOST, "--side", side, "--cadence", "170"};
    if (!serial.empty()) {
      argv.push_back("--serial");
      argv.push_back(serial);
    }
    if (!link_path.empty()) {
      argv.push_back("--link-path");
      argv.push_back(link_path);
    }
    proc = std::make_unique<ChildProcess>(argv);
    const auto line = proc->wait_for_line(contains("link "), 10s);
    EXPECT_TRUE(line) << proc->output();
    return line ? line->substr(5) : "";
  }

  std::string write_config(const std::string& body, const std::string& name = "insoled.conf") {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << "# written by " << name << "\ndatabase = " << db_ << "\nusb = off\n"
                        << body;
    return path;
  }

  std::unique_ptr<ChildProcess> start_service(const std::string& config) {
    auto daemon =
        std::make_unique<ChildProcess>(std::vector<std::string>{INSOLED, "--config", config});
    EXPECT_TRUE(daemon->wait_for_line(contains("service started"), 20s, true)) << daemon->output();
    return daemon;
  }

  std::string glob() const { return (dir_ / "insole-*").string(); }
  std::string link(const char* side) const {
    return (dir_ / (std::string("insole-") + side)).string();
  }
};

TEST_F(ServiceTest, PicksUpAnInsoleThatAppearsAfterStart) {
  auto daemon = start_service(write_config("serial_glob = " + glob() + "\n"));
  std::unique_ptr<ChildProcess> left;
  ASSERT_FALSE(start_insole(left, "L", link("L")).empty());
  ASSERT_TRUE(daemon->wait_for_line(contains("SIM-L-0001 (L"), 20s, true)) << daemon->output();
  daemon->signal(SIGTERM);
  ASSERT_EQ(daemon->wait(20s), 0) << daemon->output();

  auto db = store::open_for_reading(db_);
  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "complete");
  const auto devices = reader.devices(runs[0].id);
  ASSERT_EQ(devices.size(), 1u);
  EXPECT_EQ(devices[0].serial_number, "SIM-L-0001");
}

TEST_F(ServiceTest, InsoleThatLeavesAndComesBackRejoinsTheSameRun) {
  auto daemon = start_service(write_config("serial_glob = " + glob() + "\nrun_idle_end_s = 60\n"));
  std::unique_ptr<ChildProcess> left, right;
  ASSERT_FALSE(start_insole(left, "L", link("L")).empty());
  ASSERT_FALSE(start_insole(right, "R", link("R")).empty());
  for (int i = 0; i < 2; ++i)  // both streaming, in whichever order
    ASSERT_TRUE(daemon->wait_for_line(contains("streaming at"), 20s, true)) << daemon->output();

  left->signal(SIGTERM);  // unplugged: its pty and its by-id link go away
  ASSERT_EQ(left->wait(10s), 0);
  // Whichever of its read or its next write meets the vanished pty first says so (a sanitized
  // insoled often writes first).
  const auto unplugged = [](const std::string& line) {
    return line.find("insole-L") != std::string::npos &&
           line.find("(the insole was unplugged or switched off)") != std::string::npos;
  };
  ASSERT_TRUE(daemon->wait_for_line(unplugged, 20s, true)) << daemon->output();
  ASSERT_FALSE(start_insole(left, "L", link("L")).empty());  // plugged in again
  const auto rejoined = daemon->wait_for_line(contains("SIM-L-0001 (L"), 20s, true);
  ASSERT_TRUE(rejoined) << daemon->output();
  EXPECT_NE(rejoined->find("into run 1 (rejoined)"), std::string::npos) << *rejoined;
  daemon->signal(SIGTERM);
  ASSERT_EQ(daemon->wait(20s), 0) << daemon->output();

  auto db = store::open_for_reading(db_);
  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u) << daemon->output();
  EXPECT_EQ(runs[0].status, "complete");
  EXPECT_EQ(reader.devices(runs[0].id).size(), 2u);  // the left insole once, not twice
  // Frames of both of the left insole's sessions are archived under its one run device.
  const auto summary = reader.summary(runs[0].id);
  ASSERT_TRUE(summary);
  const auto [bytes, frames] = reader.archive_size(runs[0].id);
  EXPECT_EQ(static_cast<std::uint64_t>(frames),
            summary->sides[0].link.frames + summary->sides[1].link.frames);
}

TEST_F(ServiceTest, ASecondInsoleOnOneSideIsRefusedNotMixedIntoThatFoot) {
  auto daemon = start_service(write_config("serial_glob = " + glob() + "\nlog_level = debug\n"));
  std::unique_ptr<ChildProcess> left, right, second_left;
  ASSERT_FALSE(start_insole(left, "L", link("L")).empty());
  ASSERT_FALSE(start_insole(right, "R", link("R")).empty());
  // Both streaming, in whichever order they finish their handshakes.
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(daemon->wait_for_line(contains("streaming at"), 20s, true)) << daemon->output();
  ASSERT_FALSE(start_insole(second_left, "L", link("L2"), "SIM-L-0002").empty());
  const std::string refusal =
      "insole SIM-L-0002 (left) is not recorded: run 1 already has the left insole SIM-L-0001";
  const auto said = daemon->wait_for_line(contains(refusal), 20s, true);
  ASSERT_TRUE(said) << daemon->output();
  EXPECT_NE(said->find("error: "), std::string::npos) << *said;
  // Tried again a second later, refused again, and not said again as an error.
  const auto again = daemon->wait_for_line(contains(refusal), 20s, true);
  ASSERT_TRUE(again) << daemon->output();
  EXPECT_NE(again->find("debug: "), std::string::npos) << *again;
  daemon->signal(SIGTERM);
  ASSERT_EQ(daemon->wait(20s), 0) << daemon->output();

  auto db = store::open_for_reading(db_);
  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u) << daemon->output();
  const auto devices = reader.devices(runs[0].id);
  ASSERT_EQ(devices.size(), 2u) << daemon->output();
  for (const auto& d : devices) EXPECT_NE(d.serial_number, "SIM-L-0002");
}

TEST_F(ServiceTest, RunEndsAfterTheIdleTimeAndTheNextInsoleStartsANewOne) {
  auto daemon = start_service(write_config("serial_glob = " + glob() + "\nrun_idle_end_s = 0.5\n"));
  std::unique_ptr<ChildProcess> left;
  ASSERT_FALSE(start_insole(left, "L", link("L")).empty());
  ASSERT_TRUE(daemon->wait_for_line(contains("into run 1"), 20s, true)) << daemon->output();
  left->signal(SIGTERM);
  ASSERT_EQ(left->wait(10s), 0);
  ASSERT_TRUE(daemon->wait_for_line(contains("run 1 complete"), 20s, true)) << daemon->output();
  ASSERT_FALSE(start_insole(left, "L", link("L")).empty());
  ASSERT_TRUE(daemon->wait_for_line(contains("into run 2"), 20s, true)) << daemon->output();
  daemon->signal(SIGTERM);
  ASSERT_EQ(daemon->wait(20s), 0) << daemon->output();
  auto db = store::open_for_reading(db_);
  const auto runs = store::RunReader(*db).runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].status, "complete");
  EXPECT_EQ(runs[1].status, "complete");
}

TEST_F(ServiceTest, SighupAppliesANewDeviceAndRefusesABadConfigOrANewDatabase) {
  const std::string config = write_config("");
  auto daemon = start_service(config);
  std::unique_ptr<ChildProcess> right;
  const std::string pty = start_insole(right, "R");
  ASSERT_FALSE(pty.empty());

  write_config("device = serial:" + pty + "\n");
  daemon->signal(SIGHUP);
  ASSERT_TRUE(daemon->wait_for_line(contains("SIM-R-0001 (R"), 20s, true)) << daemon->output();

  // Errors: nothing of this file is taken, the insole records on.
  write_config("device = serial:" + pty + "\nrate_hz = 7\nrun_idle_end_s = 0\n");
  daemon->signal(SIGHUP);
  const auto refused = daemon->wait_for_line(contains("configuration not reloaded"), 20s, true);
  ASSERT_TRUE(refused) << daemon->output();
  EXPECT_NE(refused->find(config + ":5: rate_hz must be"), std::string::npos) << *refused;

  std::ofstream(config) << "database = " << (dir_ / "other.db").string()
                        << "\nusb = off\ndevice = serial:" << pty << "\n";
  daemon->signal(SIGHUP);
  ASSERT_TRUE(
      daemon->wait_for_line(contains("the database cannot change while insoled runs"), 20s, true))
      << daemon->output();
  ASSERT_TRUE(daemon->wait_for_line(contains("configuration applied"), 20s, true));
  EXPECT_EQ(daemon->stderr_text().find("lost"), std::string::npos) << daemon->output();

  daemon->signal(SIGTERM);
  ASSERT_EQ(daemon->wait(20s), 0) << daemon->output();
  EXPECT_FALSE(std::filesystem::exists(dir_ / "other.db"));
  auto db = store::open_for_reading(db_);
  const auto runs = store::RunReader(*db).runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "complete");
}

TEST_F(ServiceTest, MalformedConfigIsRefusedWithFileAndLine) {
  const std::string config = write_config("serial_glob = " + glob() + "\nrate_hz = fast\n");
  ChildProcess daemon({INSOLED, "--config", config});
  ASSERT_EQ(daemon.wait(20s), 2) << daemon.output();
  EXPECT_NE(daemon.stderr_text().find(
                config + ":5: rate_hz must be a whole number of Hz in 50..1000, got `fast`"),
            std::string::npos)
      << daemon.output();
  EXPECT_FALSE(std::filesystem::exists(db_));  // nothing was touched

  ChildProcess missing({INSOLED, "--config", (dir_ / "absent.conf").string()});
  ASSERT_EQ(missing.wait(20s), 2) << missing.output();
  EXPECT_NE(
      missing.stderr_text().find("cannot read configuration " + (dir_ / "absent.conf").string() +
                                 ": No such file or directory"),
      std::string::npos)
      << missing.output();
}

// The environment systemd gives a Type=notify service, set for the child and undone after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

std::string receive(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return "";
  char buf[512];
  const ssize_t n = recv(fd, buf, sizeof(buf), 0);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
}

// Reads datagrams until one holds `what`; returns everything read.
std::string receive_until(int fd, const std::string& what, std::chrono::milliseconds timeout) {
  std::string all;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (all.find(what) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    const std::string d = receive(fd, 1s);
    if (!d.empty()) all += d + "\n";
  }
  return all;
}

TEST_F(ServiceTest, TellsSystemdReadyAndStoppingAndLogsInJournalStyle) {
  const std::string socket_path = (dir_ / "notify.sock").string();
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(socket_path.size(), sizeof(addr.sun_path));
  socket_path.copy(addr.sun_path, sizeof(addr.sun_path) - 1);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);

  std::unique_ptr<ChildProcess> daemon;
  {
    ScopedEnv notify("NOTIFY_SOCKET", socket_path);
    ScopedEnv journal("JOURNAL_STREAM", "8:12345");
    daemon = std::make_unique<ChildProcess>(
        std::vector<std::string>{INSOLED, "--config", write_config("")});
  }
  const std::string ready = receive_until(fd, "READY=1", 20s);
  EXPECT_NE(ready.find("READY=1"), std::string::npos) << ready << daemon->output();
  // The database exists once READY=1 is sent.
  EXPECT_TRUE(std::filesystem::exists(db_));
  ASSERT_TRUE(daemon->wait_for_line(contains("service started"), 20s, true));
  EXPECT_NE(daemon->stderr_text().find("<6>service started; database "), std::string::npos)
      << daemon->output();

  daemon->signal(SIGTERM);
  const std::string stopping = receive_until(fd, "STOPPING=1", 20s);
  EXPECT_NE(stopping.find("STOPPING=1"), std::string::npos) << stopping;
  ASSERT_EQ(daemon->wait(20s), 0) << daemon->output();
  EXPECT_NE(daemon->stderr_text().find("<5>received SIGTERM"), std::string::npos)
      << daemon->output();
  close(fd);
}

}  // namespace
}  // namespace insole::testing
