// insoled's configuration file parser and command line (pure: text in, Config or error out).
#include "config.h"

#include <gtest/gtest.h>

#include "command_line.h"

namespace insole::app {
namespace {

TEST(ConfigTest, EmptyTextGivesTheDocumentedDefaults) {
  const ConfigParse p = parse_config("", "insoled.conf");
  ASSERT_TRUE(p.config) << p.error;
  const Config& c = *p.config;
  EXPECT_EQ(c.database, "/var/lib/insole/insole.db");
  EXPECT_TRUE(c.devices.empty());
  EXPECT_TRUE(c.serial_globs.empty());
  ASSERT_TRUE(c.usb);
  EXPECT_EQ(c.usb->vendor_id, 0x1209);
  EXPECT_EQ(c.usb->product_id, 0x0001);
  EXPECT_EQ(c.rate_hz, 200u);
  EXPECT_FALSE(c.recording_rate_hz);  // the insole's own
  EXPECT_EQ(c.db_max_mb, 0);
  EXPECT_EQ(c.api_socket, "");
  EXPECT_EQ(c.run_idle_end_s, 60);
  EXPECT_EQ(c.log_level, log::Level::kInfo);
  EXPECT_EQ(c.web, "");  // no dashboard unless asked: one-off runs and tests share no port
  EXPECT_EQ(c.web_token, "");
}

TEST(ConfigTest, EveryKeyIsRead) {
  const ConfigParse p = parse_config(R"(# insoled
database = /srv/runs/insole.db
device = serial:/dev/ttyACM0
device=tcp:127.0.0.1:5760
  serial_glob = /dev/serial/by-id/*insole*   # USB CDC insoles
serial_glob = /dev/ttyUSB*
usb = 1d50:6122
rate_hz = 400
recording_rate_hz = 50
db_max_mb = 512.5
api_socket = /run/insole/api.sock
run_idle_end_s = 90
log_level = debug
web = 0.0.0.0:8421
web_token = s3cret
web_assets = /srv/insole/web
)",
                                     "x.conf");
  ASSERT_TRUE(p.config) << p.error;
  const Config& c = *p.config;
  EXPECT_EQ(c.database, "/srv/runs/insole.db");
  EXPECT_EQ(c.devices, (std::vector<std::string>{"serial:/dev/ttyACM0", "tcp:127.0.0.1:5760"}));
  EXPECT_EQ(c.serial_globs,
            (std::vector<std::string>{"/dev/serial/by-id/*insole*", "/dev/ttyUSB*"}));
  ASSERT_TRUE(c.usb);
  EXPECT_EQ(c.usb->vendor_id, 0x1d50);
  EXPECT_EQ(c.usb->product_id, 0x6122);
  EXPECT_EQ(c.rate_hz, 400u);
  EXPECT_EQ(c.recording_rate_hz, 50u);
  EXPECT_DOUBLE_EQ(c.db_max_mb, 512.5);
  EXPECT_EQ(c.api_socket, "/run/insole/api.sock");
  EXPECT_EQ(c.run_idle_end_s, 90);
  EXPECT_EQ(c.log_level, log::Level::kDebug);
  EXPECT_EQ(c.web, "0.0.0.0:8421");
  EXPECT_EQ(c.web_token, "s3cret");
  EXPECT_EQ(c.web_assets, "/srv/insole/web");
  EXPECT_EQ(parse_config("web = none\n", "x").config.value().web, "");
}

TEST(ConfigTest, UsbOffAndHashInsideAPath) {
  const ConfigParse p = parse_config("usb = off\ndatabase = /data/run#1/insole.db\n", "x.conf");
  ASSERT_TRUE(p.config) << p.error;
  EXPECT_FALSE(p.config->usb);
  EXPECT_EQ(p.config->database, "/data/run#1/insole.db");
}

// Issue 19: a station of a store or chain shares a PostgreSQL server; its runs stay in its file.
TEST(ConfigTest, APostgresDatabaseSharesTheFittingAndKeepsTheFileForRuns) {
  const ConfigParse p = parse_config(
      "database = postgresql://insole@db.example.com/insole?sslmode=require\n"
      "local_database = /srv/station.db\nstation = mitte-1\nstore = Berlin Mitte\n",
      "x.conf");
  ASSERT_TRUE(p.config) << p.error;
  EXPECT_EQ(p.config->shared_database, "postgresql://insole@db.example.com/insole?sslmode=require");
  EXPECT_EQ(p.config->database, "/srv/station.db");
  EXPECT_EQ(p.config->station, "mitte-1");
  EXPECT_EQ(p.config->store, "Berlin Mitte");
  EXPECT_EQ(parse_config("retention_days = 730\n", "x").config.value().retention_days, 730);
  const ConfigParse alone = parse_config("database = postgres://db/insole\n", "x.conf");
  ASSERT_TRUE(alone.config) << alone.error;
  EXPECT_EQ(alone.config->database, "/var/lib/insole/insole.db");  // the file: its default
  EXPECT_EQ(alone.config->shared_database, "postgres://db/insole");
  EXPECT_EQ(parse_config("", "x").config->shared_database, "");
}

struct BadLine {
  const char* text;
  const char* error;
};

class ConfigErrorTest : public ::testing::TestWithParam<BadLine> {};

TEST_P(ConfigErrorTest, NamesFileLineAndWhat) {
  const ConfigParse p = parse_config(GetParam().text, "/etc/insole/insoled.conf");
  EXPECT_FALSE(p.config);
  EXPECT_EQ(p.error, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, ConfigErrorTest,
    ::testing::Values(
        BadLine{"# ok\nrate_hz = 5\n",
                "/etc/insole/insoled.conf:2: rate_hz must be a whole number of Hz in 50..1000, "
                "got `5`"},
        BadLine{"rate_hz = 200 Hz\n",
                "/etc/insole/insoled.conf:1: rate_hz must be a whole number of Hz in 50..1000, "
                "got `200 Hz`"},
        BadLine{"recording_rate_hz = 10\n",
                "/etc/insole/insoled.conf:1: recording_rate_hz must be a whole number of Hz in "
                "50..1000, got `10`"},
        BadLine{"\n\ncolour = blue\n",
                "/etc/insole/insoled.conf:3: unknown key `colour` (known: database, "
                "local_database, station, store, retention_days, sync_interval_s, device, "
                "serial_glob, usb, rate_hz, recording_rate_hz, db_max_mb, api_socket, "
                "run_idle_end_s, log_level, web, web_token, web_assets, capture_dir)"},
        BadLine{"sync_interval_s = 0.5\n",
                "/etc/insole/insoled.conf:1: sync_interval_s must be seconds from 1 to 3600, got "
                "`0.5`"},
        BadLine{"retention_days = forever\n",
                "/etc/insole/insoled.conf:1: retention_days must be days from 0 (kept until "
                "deleted) to 36500, got `forever`"},
        BadLine{"database = a.db\nlocal_database = b.db\n",
                "/etc/insole/insoled.conf:2: `database` already names the file; set "
                "local_database only with a postgresql:// database"},
        BadLine{"station = \"front desk\"\n",
                "/etc/insole/insoled.conf:1: station must be a name of at most 64 characters, "
                "without quotes"},
        BadLine{"web = dashboard.local:80\n",
                "/etc/insole/insoled.conf:1: web must be ADDRESS:PORT (e.g. 127.0.0.1:8421) or "
                "`none`, got `dashboard.local:80`"},
        BadLine{"database /var/lib/insole.db\n",
                "/etc/insole/insoled.conf:1: expected `key = value`, got `database "
                "/var/lib/insole.db`"},
        BadLine{"database = a.db\ndatabase = b.db\n",
                "/etc/insole/insoled.conf:2: `database` is already set on line 1"},
        BadLine{"device =\n", "/etc/insole/insoled.conf:1: `device` needs a value"},
        BadLine{"= 3\n", "/etc/insole/insoled.conf:1: missing key before `=`"},
        BadLine{"usb = 1209\n",
                "/etc/insole/insoled.conf:1: usb must be VID:PID in hexadecimal (e.g. 1209:0001) "
                "or `off`, got `1209`"},
        BadLine{"usb = 12345:0001\n",
                "/etc/insole/insoled.conf:1: usb must be VID:PID in hexadecimal (e.g. 1209:0001) "
                "or `off`, got `12345:0001`"},
        BadLine{"db_max_mb = -1\n",
                "/etc/insole/insoled.conf:1: db_max_mb must be megabytes >= 0 (0: no cap), got "
                "`-1`"},
        BadLine{"run_idle_end_s = soon\n",
                "/etc/insole/insoled.conf:1: run_idle_end_s must be seconds >= 0, got `soon`"},
        BadLine{"log_level = loud\n",
                "/etc/insole/insoled.conf:1: log_level must be error, warning, notice, info or "
                "debug, got `loud`"},
        BadLine{"serial_glob = ttyACM*\n",
                "/etc/insole/insoled.conf:1: serial_glob must be an absolute path pattern"}));

CommandLine parse_ok(std::vector<const char*> args) {
  args.insert(args.begin(), "insoled");
  const CommandLineParse p = parse_command_line(static_cast<int>(args.size()), args.data());
  EXPECT_TRUE(p.command_line) << p.error;
  return p.command_line.value_or(CommandLine{});
}

TEST(CommandLineTest, DevicesWithoutConfigAreOneRunAsBefore) {
  const CommandLine c = parse_ok({"--db", "x.db", "--device", "serial:/dev/pts/3"});
  EXPECT_TRUE(c.one_run());
  const ConfigParse p = one_run_config(c);
  ASSERT_TRUE(p.config) << p.error;
  EXPECT_EQ(p.config->database, "x.db");
  EXPECT_EQ(p.config->devices, std::vector<std::string>{"serial:/dev/pts/3"});
  EXPECT_FALSE(p.config->usb);  // only what the command line names
  EXPECT_EQ(one_run_config(parse_ok({"--device", "serial:/dev/pts/3"})).error, "--db is required");
}

TEST(CommandLineTest, ConfigOrNoDevicesIsTheServiceAndDurationIsAlwaysOneRun) {
  EXPECT_FALSE(parse_ok({}).one_run());
  EXPECT_FALSE(parse_ok({"--config", "a.conf", "--device", "serial:/dev/pts/3"}).one_run());
  EXPECT_FALSE(parse_ok({"--service", "--device", "serial:/dev/pts/3"}).one_run());
  EXPECT_TRUE(parse_ok({"--config", "a.conf", "--duration", "10"}).one_run());
}

TEST(CommandLineTest, FlagsOverrideTheFile) {
  Config file =
      *parse_config("database = f.db\ndevice = serial:/dev/a\nrate_hz = 100\n", "f").config;
  const Config c =
      apply_flags(parse_ok({"--config", "f", "--db", "g.db", "--device", "serial:/dev/b", "--rate",
                            "300", "--verbose", "--db-max-mb", "10"}),
                  file);
  EXPECT_EQ(c.database, "g.db");
  EXPECT_EQ(c.devices, std::vector<std::string>{"serial:/dev/b"});
  EXPECT_EQ(c.rate_hz, 300u);
  EXPECT_EQ(c.db_max_mb, 10);
  EXPECT_EQ(c.log_level, log::Level::kDebug);
  const Config untouched = apply_flags(parse_ok({"--config", "f"}), file);
  EXPECT_EQ(untouched, file);
}

TEST(CommandLineTest, BadFlagsSayWhy) {
  const char* argv[] = {"insoled", "--log-style", "fancy"};
  EXPECT_EQ(parse_command_line(3, argv).error, "--log-style must be journal or terminal");
  const char* argv2[] = {"insoled", "--rate", "5"};
  EXPECT_EQ(parse_command_line(3, argv2).error, "--rate must be 50..1000 Hz");
  const char* argv3[] = {"insoled", "--config"};
  EXPECT_EQ(parse_command_line(2, argv3).error, "missing value for --config");
  const char* argv4[] = {"insoled", "--web", "8421"};
  EXPECT_EQ(parse_command_line(3, argv4).error,
            "--web must be ADDRESS:PORT (e.g. 127.0.0.1:8421) or none");
}

TEST(CommandLineTest, WebFlagsOverrideTheFile) {
  Config file = *parse_config("web = 127.0.0.1:8421\n", "f").config;
  const Config c = apply_flags(
      parse_ok({"--config", "f", "--web", "[::1]:0", "--web-token", "t", "--web-assets", "d"}),
      file);
  EXPECT_EQ(c.web, "[::1]:0");
  EXPECT_EQ(c.web_token, "t");
  EXPECT_EQ(c.web_assets, "d");
  EXPECT_EQ(apply_flags(parse_ok({"--config", "f", "--web", "none"}), file).web, "");
}

TEST(LogFormatTest, JournalLinesCarryTheSyslogPriorityAndNoName) {
  EXPECT_EQ(log::format(log::Style::kJournal, log::Level::kError, "disk full"), "<3>disk full");
  EXPECT_EQ(log::format(log::Style::kJournal, log::Level::kInfo, "run 3"), "<6>run 3");
  EXPECT_EQ(log::format(log::Style::kJournal, log::Level::kDebug, "step"), "<7>step");
  EXPECT_EQ(log::format(log::Style::kTerminal, log::Level::kError, "disk full"),
            "insoled: error: disk full");
  EXPECT_EQ(log::format(log::Style::kTerminal, log::Level::kInfo, "run 3"), "insoled: run 3");
}

}  // namespace
}  // namespace insole::app
