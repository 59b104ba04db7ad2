// A capture recorded from a live session (a scripted insole on a pty, SerialLink inside a
// CaptureLink) drives a new DeviceSession through replay: the same device, the same frames.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "fake_pty_device.h"
#include "insole/link/capture_link.h"
#include "insole/link/replay_link.h"
#include "insole/session/device_session.h"
#include "link_test_util.h"
#include "scripted_insole.h"

namespace insole::link {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using insole::testing::run_until;
using namespace std::chrono_literals;

constexpr std::uint32_t kFrames = 40;

struct Observed {
  std::string serial;
  std::vector<std::uint32_t> sequences;
  std::vector<double> totals;
  std::string closed_reason;
  bool closed = false;
  bool closed_with_error = false;
};

session::SessionCallbacks observe(Observed& o) {
  session::SessionCallbacks cb;
  cb.on_ready = [&o](const insole::v1::DeviceInfo& info) { o.serial = info.serial_number(); };
  cb.on_frame = [&o](const session::SensorFrame& f, std::chrono::steady_clock::time_point) {
    o.sequences.push_back(f.sequence);
    o.totals.push_back(f.total_n);
  };
  cb.on_closed = [&o](const std::string& reason, bool error) {
    o.closed = true;
    o.closed_reason = reason;
    o.closed_with_error = error;
  };
  return cb;
}

class SessionReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() / ("insole-session-" + std::to_string(::getpid()) + ".cap"))
                .string();
    insole::testing::FakePtyDevice device([](const insole::v1::Command& c) {
      return insole::testing::scripted_answer(c, "L-0042", kFrames);
    });
    asio::io_context io;
    CaptureHeader header;
    header.tool = "link_unit_test";
    header.device = "scripted insole L-0042 on a pty";
    auto link = capture_link(open_link(io, "serial:" + device.path()), path_, header);
    session::DeviceSession live(io, std::move(link), {}, observe(live_));
    live.start();
    ASSERT_TRUE(run_until(
        io, [&] { return live_.sequences.size() == kFrames; }, 5s));
    live.stop();
    ASSERT_TRUE(run_until(
        io, [&] { return live_.closed; }, 2s));
    EXPECT_FALSE(live_.closed_with_error) << live_.closed_reason;
  }
  void TearDown() override { fs::remove(path_); }

  Observed replay(const std::string& query) {
    Observed o;
    asio::io_context io;
    session::DeviceSession s(io, open_link(io, "replay:" + path_ + query), {}, observe(o));
    s.start();
    EXPECT_TRUE(run_until(
        io, [&] { return o.closed; }, 5s));
    return o;
  }

  std::string path_;
  Observed live_;
};

TEST_F(SessionReplayTest, FullSpeedReplayGivesTheSessionTheSameDeviceAndFrames) {
  const Observed r = replay("?speed=full");
  EXPECT_EQ(r.serial, "L-0042");
  EXPECT_EQ(r.sequences, live_.sequences);
  EXPECT_EQ(r.totals, live_.totals);
  // The capture ends after the device's last bytes: the session sees the link end, as it sees
  // an insole unplugged: not an error.
  EXPECT_FALSE(r.closed_with_error);
  EXPECT_NE(r.closed_reason.find("replay:" + path_ + "?speed=full lost: End of file"),
            std::string::npos)
      << r.closed_reason;
}

TEST_F(SessionReplayTest, RecordedSpeedReplayGivesTheSameFrames) {
  const Observed r = replay("");
  EXPECT_EQ(r.serial, "L-0042");
  EXPECT_EQ(r.sequences, live_.sequences);
  EXPECT_EQ(r.totals, live_.totals);
}

}  // namespace
}  // namespace insole::link
