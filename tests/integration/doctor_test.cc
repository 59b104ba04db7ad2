// insolectl doctor with real processes: with nothing running it says what to start and exits 1;
// with a user's own insoled (service mode, the user unit's database and socket) and two
// host-firmware insoles it finds everything with no flags and exits 0. The paths come from the
// environment a user's session has (HOME, XDG_RUNTIME_DIR), set to scratch folders here.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "child_process.h"
#include "insole/paths/install_paths.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class DoctorTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    if (fs::exists(paths::kSystemSocket) || fs::exists(paths::kSystemDatabase))
      GTEST_SKIP() << "this machine runs the insole system service; its socket or database "
                      "would answer instead of the test's";
    home_ = dir_ / "home";
    runtime_ = dir_ / "run";
    fs::create_directories(home_ / ".local/share/insole");
    fs::create_directories(runtime_ / "insole");
    setenv("HOME", home_.c_str(), 1);
    setenv("XDG_RUNTIME_DIR", runtime_.c_str(), 1);
    unsetenv("XDG_DATA_HOME");
    unsetenv("INSOLE_DB");
  }

  std::pair<int, std::string> doctor() {
    ChildProcess ctl({INSOLECTL, "doctor"});
    const auto status = ctl.wait(30s);
    return {status.value_or(-1), ctl.stdout_text()};
  }

  fs::path home_, runtime_;
};

TEST_F(DoctorTest, NothingRunningSaysWhatToStart) {
  const auto [status, out] = doctor();
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("fix   insoled is not running (no socket at " + runtime_.string() +
                     "/insole/insoled.sock or " + paths::kSystemSocket + ")"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("systemctl --user enable --now insoled"), std::string::npos) << out;
  EXPECT_NE(out.find("note  no database yet (looked at " + home_.string() +
                     "/.local/share/insole/insole.db"),
            std::string::npos)
      << out;
}

TEST_F(DoctorTest, AUsersOwnInsoledAndItsInsolesAreFoundWithNoFlags) {
  std::unique_ptr<ChildProcess> insoles[2];
  std::vector<std::string> argv{INSOLED,        "--service",
                                "--db",         (home_ / ".local/share/insole/insole.db").string(),
                                "--api-socket", (runtime_ / "insole/insoled.sock").string(),
                                "--web",        "none"};
  const char* sides[] = {"L", "R"};
  for (int i = 0; i < 2; ++i) {
    insoles[i] = std::make_unique<ChildProcess>(
        std::vector<std::string>{INSOLE_FW_HOST, "--side", sides[i], "--cadence", "170"});
    const auto link = insoles[i]->wait_for_line(contains("link "), 10s);
    ASSERT_TRUE(link) << insoles[i]->output();
    argv.push_back("--device");
    argv.push_back("serial:" + link->substr(5));
  }
  ChildProcess daemon(argv);
  // Both insoles streaming, in whichever order they finish their handshakes.
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(daemon.wait_for_line(contains("streaming at"), 20s, true)) << daemon.output();

  const auto [status, out] = doctor();
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("ok    insoled " + std::string(paths::kVersion) + " answers on " +
                     runtime_.string() +
                     "/insole/insoled.sock: 2 insole(s) streaming, "
                     "recording run 1"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("ok    database " + home_.string() + "/.local/share/insole/insole.db: 1 run"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("ok    insoled has insole SIM-L-0001 (L, streaming)"), std::string::npos)
      << out;
  EXPECT_NE(out.find("ok    insoled has insole SIM-R-0001 (R, streaming)"), std::string::npos)
      << out;
  EXPECT_EQ(out.find("fix"), std::string::npos) << out;
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(20s), 0) << daemon.output();
}

}  // namespace
}  // namespace insole::testing
