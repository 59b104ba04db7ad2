// The files that make insoled a system service: the systemd unit passes systemd-analyze verify,
// the udev rule is well-formed and names the ids, the insole's manufacturer and the by-id link
// insoled looks for, the example configuration parses and names the socket and database
// insolectl looks for, and an install into a scratch DESTDIR puts everything in place (the
// Debian package: package_test).
#include <fnmatch.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "child_process.h"
#include "config.h"
#include "insole/link/usb_link.h"
#include "insole/paths/install_paths.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class ServiceFilesTest : public ScratchDirTest {};

TEST_F(ServiceFilesTest, UnitPassesSystemdAnalyzeVerify) {
  if (std::string(SYSTEMD_ANALYZE).empty() || !fs::exists(SYSTEMD_ANALYZE))
    GTEST_SKIP() << "systemd-analyze is not installed";
  // verify wants ExecStart's binary to exist: point it at the one just built.
  std::string unit = read(SERVICE_UNIT);
  const std::regex exec_start("ExecStart=\\S+/insoled ");
  ASSERT_TRUE(std::regex_search(unit, exec_start)) << unit;
  unit = std::regex_replace(unit, exec_start, std::string("ExecStart=") + INSOLED + " ");
  const std::string path = (dir_ / "insoled.service").string();
  std::ofstream(path) << unit;
  ChildProcess verify({SYSTEMD_ANALYZE, "verify", "--man=no", path});
  ASSERT_EQ(verify.wait(60s), 0) << verify.output();
  // Unknown keys and bad values are only warnings for systemd: there must be none.
  EXPECT_EQ(verify.output().find("insoled.service:"), std::string::npos) << verify.output();
  for (const char* key :
       {"Type=notify", "Restart=on-failure", "User=insole\n", "Group=insole\n",
        "StateDirectory=insole\n", "StateDirectoryMode=0770", "RuntimeDirectoryMode=0750",
        "UMask=0007", "ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes",
        "PrivateTmp=yes", "RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6\n",
        "IPAddressDeny=any\n", "IPAddressAllow=localhost\n", "DeviceAllow=char-ttyACM rw",
        "DeviceAllow=char-usb_device rw", "ExecReload=/bin/kill -HUP $MAINPID"}) {
    EXPECT_NE(unit.find(key), std::string::npos) << key;
  }
}

TEST_F(ServiceFilesTest, UserUnitPassesVerifyAndUsesTheUsersPaths) {
  if (std::string(SYSTEMD_ANALYZE).empty() || !fs::exists(SYSTEMD_ANALYZE))
    GTEST_SKIP() << "systemd-analyze is not installed";
  std::string unit = read(USER_UNIT);
  const std::regex exec_start("ExecStart=\\S+/insoled ");
  ASSERT_TRUE(std::regex_search(unit, exec_start)) << unit;
  // The database and socket insolectl looks for first (paths.h), with systemd's specifiers.
  EXPECT_NE(unit.find("--db %h/.local/share/insole/insole.db --api-socket "
                      "%t/insole/insoled.sock"),
            std::string::npos)
      << unit;
  unit = std::regex_replace(unit, exec_start, std::string("ExecStart=") + INSOLED + " ");
  const std::string path = (dir_ / "insoled.service").string();
  std::ofstream(path) << unit;
  // A user manager needs a runtime directory of its own.
  fs::create_directories(dir_ / "runtime");
  fs::permissions(dir_ / "runtime", fs::perms::owner_all, fs::perm_options::replace);
  setenv("XDG_RUNTIME_DIR", (dir_ / "runtime").c_str(), 1);
  ChildProcess verify({SYSTEMD_ANALYZE, "--user", "verify", "--man=no", path});
  const auto status = verify.wait(60s);
  unsetenv("XDG_RUNTIME_DIR");
  ASSERT_EQ(status, 0) << verify.output();
  EXPECT_EQ(verify.output().find("insoled.service:"), std::string::npos) << verify.output();
}

// udevadm verify only exists from systemd 253 (Debian 12 has 252): the rule's syntax is
// checked here the way udev reads it, key by key.
TEST_F(ServiceFilesTest, UdevRuleIsWellFormedAndMatchesWhatInsoledWatches) {
  const std::set<std::string> match_keys = {"SUBSYSTEM", "ENV",    "ATTR",
                                            "ATTRS",     "KERNEL", "ACTION"};
  const std::set<std::string> assign_keys = {"MODE", "GROUP", "TAG", "SYMLINK", "IMPORT"};
  const std::regex token(R"re(^\s*([A-Z]+)(\{[A-Za-z_]+\})?\s*(==|!=|\+=|:=|=)\s*"([^"]*)"\s*$)re");
  std::istringstream rules(read(UDEV_RULES));
  std::string line;
  int line_number = 0, rule_lines = 0;
  std::string usb_rule, tty_rule;
  while (std::getline(rules, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    ++rule_lines;
    std::istringstream parts(line);
    std::string part;
    while (std::getline(parts, part, ',')) {
      std::smatch m;
      ASSERT_TRUE(std::regex_match(part, m, token)) << "line " << line_number << ": " << part;
      const std::string key = m[1], op = m[3];
      const bool is_match = op == "==" || op == "!=";
      if (is_match) {
        EXPECT_TRUE(match_keys.contains(key)) << "line " << line_number << ": " << key;
      } else {
        EXPECT_TRUE(assign_keys.contains(key)) << "line " << line_number << ": " << key;
      }
      if (key == "MODE") {
        EXPECT_EQ(m[4], "0660");
      }
      if (key == "GROUP") {
        EXPECT_EQ(m[4], "plugdev");
      }
    }
    if (line.find("SUBSYSTEM==\"usb\"") != std::string::npos) usb_rule = line;
    if (line.find("SUBSYSTEM==\"tty\"") != std::string::npos) tty_rule = line;
  }
  EXPECT_EQ(rule_lines, 2);
  char ids[32];
  std::snprintf(ids, sizeof(ids), "==\"%04x\"", link::kDefaultUsbVendorId);
  EXPECT_NE(usb_rule.find(std::string("idVendor}") + ids), std::string::npos) << usb_rule;
  EXPECT_NE(tty_rule.find(std::string("idVendor}") + ids), std::string::npos) << tty_rule;
  std::snprintf(ids, sizeof(ids), "==\"%04x\"", link::kDefaultUsbProductId);
  EXPECT_NE(usb_rule.find(std::string("idProduct}") + ids), std::string::npos) << usb_rule;
  // 1209:0001 is a shared test id: the insole's own manufacturer string must match too.
  EXPECT_NE(usb_rule.find(R"(ATTR{manufacturer}=="insole project")"), std::string::npos);
  EXPECT_NE(tty_rule.find(R"(ATTRS{manufacturer}=="insole project")"), std::string::npos);

  // The link the rule makes for insole L-0001 is found by the example configuration's glob.
  const app::ConfigParse example = app::parse_config(read(EXAMPLE_CONFIG), EXAMPLE_CONFIG);
  ASSERT_TRUE(example.config) << example.error;
  std::smatch symlink;
  ASSERT_TRUE(std::regex_search(tty_rule, symlink, std::regex(R"re(SYMLINK\+="([^"]+)")re")));
  std::string name = "/dev/" + symlink[1].str();
  name = std::regex_replace(name, std::regex(R"(\$env\{ID_SERIAL_SHORT\})"), "L-0001");
  name = std::regex_replace(name, std::regex(R"(\$env\{ID_USB_INTERFACE_NUM\})"), "00");
  ASSERT_EQ(example.config->serial_globs.size(), 1u);
  EXPECT_EQ(fnmatch(example.config->serial_globs[0].c_str(), name.c_str(), FNM_PATHNAME), 0)
      << name << " vs " << example.config->serial_globs[0];
}

TEST_F(ServiceFilesTest, ExampleConfigurationParsesAndKeepsTheDefaults) {
  const app::ConfigParse example = app::parse_config(read(EXAMPLE_CONFIG), EXAMPLE_CONFIG);
  ASSERT_TRUE(example.config) << example.error;
  // The service's socket and database are where insolectl looks for them (paths.h).
  EXPECT_EQ(example.config->api_socket, paths::kSystemSocket);
  EXPECT_EQ(example.config->database, paths::kSystemDatabase);
  const app::Config defaults;
  EXPECT_EQ(example.config->database, defaults.database);
  EXPECT_EQ(example.config->usb, defaults.usb);
  EXPECT_EQ(example.config->rate_hz, defaults.rate_hz);
  EXPECT_EQ(example.config->run_idle_end_s, defaults.run_idle_end_s);
  EXPECT_EQ(example.config->log_level, defaults.log_level);
}

TEST_F(ServiceFilesTest, InstallPutsBinariesUnitRuleAndConfigurationInPlace) {
  const std::string destdir = (dir_ / "root").string();
  setenv("DESTDIR", destdir.c_str(), 1);
  ChildProcess install({CMAKE_COMMAND, "--install", BUILD_DIR, "--prefix", "/usr"});
  const auto status = install.wait(120s);
  unsetenv("DESTDIR");
  ASSERT_EQ(status, 0) << install.output();
  for (const char* file :
       {"/usr/bin/insoled", "/usr/bin/insolectl", "/usr/lib/systemd/system/insoled.service",
        "/usr/lib/udev/rules.d/60-insole.rules", "/etc/insole/insoled.conf",
        "/usr/lib/sysusers.d/insole.conf", "/usr/lib/tmpfiles.d/insole.conf",
        "/usr/share/man/man8/insoled.8.gz", "/usr/share/man/man1/insolectl.1.gz",
        "/usr/share/man/man5/insoled.conf.5.gz", "/usr/share/bash-completion/completions/insolectl",
        "/usr/share/doc/insole/insoled.conf.example", "/usr/share/doc/insole/service.md",
        "/usr/share/doc/insole/copyright", "/usr/lib/systemd/user/insoled.service"}) {
    EXPECT_TRUE(fs::exists(destdir + file)) << file;
  }
  const std::string unit = read(destdir + "/usr/lib/systemd/system/insoled.service");
  EXPECT_NE(unit.find("ExecStart=/usr/bin/insoled --config /etc/insole/insoled.conf"),
            std::string::npos)
      << unit;
  // A second install keeps the administrator's configuration.
  std::ofstream(destdir + "/etc/insole/insoled.conf") << "rate_hz = 400\n";
  setenv("DESTDIR", destdir.c_str(), 1);
  ChildProcess again({CMAKE_COMMAND, "--install", BUILD_DIR, "--prefix", "/usr"});
  const auto status2 = again.wait(120s);
  unsetenv("DESTDIR");
  ASSERT_EQ(status2, 0) << again.output();
  EXPECT_EQ(read(destdir + "/etc/insole/insoled.conf"), "rate_hz = 400\n");
}

}  // namespace
}  // namespace insole::testing
