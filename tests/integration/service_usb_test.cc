// insoled as a service finds USB insoles by hotplug: the real daemon process, its real libusb
// code, and an insole emulated by umockdev (tests/unit/link: sysfs description + usbfs ioctls
// answered by this process, which the daemon reaches through umockdev's preload library). An
// insole plugged in after start is recorded; unplugged and plugged in again, it rejoins the run.
// Runs under umockdev-wrapper (registered with add_test, like link_usb_test).
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <memory>
#include <string>

#include "child_process.h"
#include "fake_usb_insole.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "scratch_dir_test.h"
#include "scripted_insole.h"

namespace insole::testing {
namespace {

using namespace std::chrono_literals;

class ServiceUsbTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    testbed_ = umockdev_testbed_new();  // sets UMOCKDEV_DIR, which the daemon inherits
    ASSERT_TRUE(umockdev_in_mock_environment()) << "run this test under umockdev-wrapper";
  }
  void TearDown() override {
    insole_.reset();
    g_object_unref(testbed_);
    ScratchDirTest::TearDown();
  }

  // Plugs in the left insole: it answers the daemon's commands like the firmware, streaming
  // `frames` frames after start_streaming.
  void plug_in(std::uint32_t frames) {
    if (!insole_) {
      insole_ = std::make_unique<FakeUsbInsole>(
          testbed_, INSOLE_LINK_TEST_DIR "/insole_left.umockdev", "L-0001");
    } else {
      insole_->replug();
    }
    auto decoder = std::make_shared<CommandDecoder>();
    FakeUsbInsole* device = insole_.get();
    insole_->on_out([device, decoder, frames](const Bytes& bytes) {  // umockdev's thread
      for (const auto& command : decoder->push(bytes))
        for (const auto& reply : scripted_answer(command, "L-0001", frames))
          device->push_in(encode_message(reply));
    });
  }

  UMockdevTestbed* testbed_ = nullptr;
  std::unique_ptr<FakeUsbInsole> insole_;
};

TEST_F(ServiceUsbTest, InsolePluggedInAfterStartIsRecordedAndRejoinsAfterReplug) {
  const std::string config = (dir_ / "insoled.conf").string();
  std::ofstream(config) << "database = " << db_ << "\nusb = 1209:0001\nrun_idle_end_s = 60\n";
  ChildProcess daemon({INSOLED, "--config", config});
  ASSERT_TRUE(daemon.wait_for_line(contains("service started"), 20s, true)) << daemon.output();
  ASSERT_EQ(daemon.stderr_text().find("not watching USB"), std::string::npos) << daemon.output();

  plug_in(300);
  // The watcher reads the serial number as the insole arrives; in this emulation the device
  // node may not answer yet at that instant (the test attaches its handler just after the
  // "add" uevent), and then the URI has no serial: both name the only insole.
  ASSERT_TRUE(daemon.wait_for_line(contains("USB insole usb:1209:0001"), 20s, true))
      << daemon.output();
  const auto first = daemon.wait_for_line(contains("device L-0001 (L"), 20s, true);
  ASSERT_TRUE(first) << daemon.output();
  EXPECT_NE(first->find("on usb:1209:0001"), std::string::npos) << *first;
  EXPECT_NE(first->find("streaming at 200 Hz into run 1"), std::string::npos) << *first;

  insole_->unplug();
  ASSERT_TRUE(daemon.wait_for_line(contains("no insole left in run 1"), 20s, true))
      << daemon.output();
  plug_in(300);
  const auto again = daemon.wait_for_line(contains("device L-0001 (L"), 20s, true);
  ASSERT_TRUE(again) << daemon.output();
  EXPECT_NE(again->find("into run 1 (rejoined)"), std::string::npos) << *again;

  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait(30s), 0) << daemon.output();
  auto db = store::open_for_reading(db_);
  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u) << daemon.output();
  EXPECT_EQ(runs[0].status, "complete");
  const auto devices = reader.devices(runs[0].id);
  ASSERT_EQ(devices.size(), 1u);
  EXPECT_EQ(devices[0].serial_number, "L-0001");
}

}  // namespace
}  // namespace insole::testing
