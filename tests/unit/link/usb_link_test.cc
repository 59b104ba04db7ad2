// UsbLink, UsbContext and UsbHotplugWatcher: the real libusb code, driven by an Asio
// io_context, against insoles emulated with umockdev (fake_usb_insole.h). Run under
// umockdev-wrapper (CTest does).
//
// Under umockdev the emulated device node always polls writable, so while a transfer is pending
// the event loop keeps waking libusb (busy, but correct). On a real usbfs node POLLOUT means "a
// URB is ready to reap" and the loop sleeps; measure CPU there, not here.
#include <gtest/gtest.h>
#include <umockdev.h>

#include <memory>

#include "fake_usb_insole.h"
#include "insole/link/link_error.h"
#include "insole/link/usb_hotplug.h"
#include "insole/link/usb_link.h"
#include "insole/session/device_session.h"
#include "link_test_util.h"
#include "scripted_insole.h"

namespace insole::link {
namespace {

namespace asio = boost::asio;
using insole::testing::Bytes;
using insole::testing::FakeUsbInsole;
using insole::testing::LinkReader;
using insole::testing::pattern;
using insole::testing::run_until;
using namespace std::chrono_literals;

class UsbLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testbed_ = umockdev_testbed_new();  // before asking: the answer is cached
    ASSERT_TRUE(umockdev_in_mock_environment()) << "run this test under umockdev-wrapper";
    io_ = std::make_unique<asio::io_context>();
  }
  void TearDown() override {
    io_.reset();  // the last handlers holding the libusb context go with it
    left_.reset();
    right_.reset();
    g_object_unref(testbed_);
  }
  FakeUsbInsole& plug_left() {
    left_ = std::make_unique<FakeUsbInsole>(testbed_, INSOLE_LINK_TEST_DIR "/insole_left.umockdev",
                                            "L-0001");
    return *left_;
  }
  FakeUsbInsole& plug_right() {
    right_ = std::make_unique<FakeUsbInsole>(
        testbed_, INSOLE_LINK_TEST_DIR "/insole_right.umockdev", "R-0002");
    return *right_;
  }
  std::string open_error(const std::string& uri) {
    try {
      UsbLink link(*io_, uri);
    } catch (const LinkError& e) {
      return e.what();
    }
    return "(opened)";
  }
  asio::io_context& io() { return *io_; }

  UMockdevTestbed* testbed_ = nullptr;
  std::unique_ptr<asio::io_context> io_;
  std::unique_ptr<FakeUsbInsole> left_, right_;
};

Bytes concat(const std::vector<Bytes>& parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST_F(UsbLinkTest, OpensTheOnlyInsoleByDefaultIdsAndStreamsInOrder) {
  FakeUsbInsole& device = plug_left();
  auto link = open_link(io(), "usb:");  // default 1209:0001
  auto& usb = dynamic_cast<UsbLink&>(*link);
  EXPECT_EQ(usb.serial(), "L-0001");
  EXPECT_EQ(usb.device_uri(), "usb:1209:0001/L-0001");
  EXPECT_EQ(usb.bus(), 1);
  EXPECT_EQ(usb.address(), 2);
  EXPECT_EQ(link->uri(), "usb:");

  std::vector<Bytes> packets;
  for (int i = 0; i < 100; ++i)
    packets.push_back(pattern(static_cast<std::size_t>(1 + i % 64), static_cast<std::uint8_t>(i)));
  for (const auto& p : packets) device.push_in(p);
  LinkReader reader(*link);
  reader.start();
  const Bytes expected = concat(packets);
  ASSERT_TRUE(run_until(
      io(), [&] { return reader.data.size() >= expected.size(); }, 5s))
      << "got " << reader.data.size() << " of " << expected.size() << " bytes in " << reader.reads
      << " reads; completed " << usb.stats().in_completed << ", in flight " << usb.in_flight()
      << ", device pending " << device.pending_in() << ", error " << reader.error.message();
  EXPECT_EQ(reader.data, expected);
  EXPECT_EQ(usb.stats().in_completed, 100u);
  EXPECT_EQ(usb.stats().bytes_in, expected.size());
  EXPECT_FALSE(reader.error);
  EXPECT_EQ(device.unhandled(), 0);
  // Driven by the io_context: libusb's event fd, its timerfd and the device's node are watched
  // (the node is a regular file under umockdev, so it counts as always ready).
  const auto context = UsbContext::for_io(io());
  EXPECT_GE(context->watched_fds(), 3u);
  EXPECT_EQ(context->always_ready_fds(), 1);
  EXPECT_GT(context->event_rounds(), 0u);
}

TEST_F(UsbLinkTest, KeepsSeveralInTransfersInFlight) {
  FakeUsbInsole& device = plug_left();
  UsbLinkOptions options;
  options.in_transfers = 6;
  UsbLink link(io(), "usb:1209:0001", options);
  ASSERT_TRUE(run_until(
      io(), [&] { return device.pending_in() == 6; }, 2s))
      << device.pending_in() << " IN URBs pending";
  EXPECT_EQ(link.in_flight(), 6);

  std::vector<Bytes> packets;
  for (int i = 0; i < 600; ++i)
    packets.push_back(pattern(static_cast<std::size_t>(40 + i % 25), static_cast<std::uint8_t>(i)));
  for (const auto& p : packets) device.push_in(p);
  LinkReader reader(link);
  reader.start();
  const Bytes expected = concat(packets);
  ASSERT_TRUE(run_until(
      io(), [&] { return reader.data.size() >= expected.size(); }, 8s));
  EXPECT_EQ(reader.data, expected);  // completions keep the order of submission
  EXPECT_EQ(link.stats().max_in_flight, 6);
  EXPECT_TRUE(run_until(
      io(), [&] { return device.pending_in() == 6; }, 2s));  // resubmitted
}

TEST_F(UsbLinkTest, WritesGoOutWholeAndInOrder) {
  FakeUsbInsole& device = plug_left();
  UsbLink link(io(), "usb:1209:0001");
  std::vector<Bytes> writes;
  for (int i = 0; i < 20; ++i) {
    writes.push_back(pattern(static_cast<std::size_t>(3 + 9 * i), static_cast<std::uint8_t>(i)));
    link.write(writes.back());
  }
  ASSERT_TRUE(run_until(
      io(), [&] { return device.out().size() == writes.size(); }, 5s));
  EXPECT_EQ(device.out(), writes);
  EXPECT_EQ(link.stats().out_completed, 20u);
}

TEST_F(UsbLinkTest, AWriteTheDeviceNeverTakesTimesOutAndTheLinkGoesOn) {
  FakeUsbInsole& device = plug_left();
  UsbLinkOptions options;
  options.write_timeout = 150ms;
  UsbLink link(io(), "usb:1209:0001", options);
  boost::system::error_code write_error;
  link.set_write_error_handler([&](const boost::system::error_code& ec) { write_error = ec; });
  device.hold_out(true);
  const auto t0 = std::chrono::steady_clock::now();
  link.write({1, 2, 3});
  link.write({4, 5, 6});  // dropped with the failed one: it would arrive out of context
  ASSERT_TRUE(run_until(
      io(), [&] { return !!write_error; }, 3s));
  const auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(write_error, LinkErrc::kTimedOut);
  EXPECT_EQ(write_error.message(), "USB device did not take the data in time");
  EXPECT_GE(waited, 150ms);
  EXPECT_LT(waited, 1s);
  EXPECT_GE(device.discarded(), 1);  // libusb cancelled the URB at the timeout
  EXPECT_TRUE(device.out().empty());

  // Reading was not disturbed, and the next write goes through.
  device.hold_out(false);
  device.push_in({9, 9});
  LinkReader reader(link);
  reader.start();
  link.write({7});
  ASSERT_TRUE(run_until(
      io(), [&] { return reader.data.size() == 2 && device.out().size() == 1; }, 3s));
  EXPECT_EQ(device.out()[0], Bytes{7});
}

TEST_F(UsbLinkTest, SerialNumberChoosesBetweenTwoInsoles) {
  FakeUsbInsole& left = plug_left();
  FakeUsbInsole& right = plug_right();
  {
    UsbLink link(io(), "usb:1209:0001/R-0002");
    EXPECT_EQ(link.serial(), "R-0002");
    EXPECT_EQ(link.address(), 3);
    left.push_in({0x11});
    right.push_in({0x22, 0x22});
    LinkReader reader(link);
    reader.start();
    ASSERT_TRUE(run_until(
        io(), [&] { return reader.data.size() >= 2; }, 3s));
    EXPECT_EQ(reader.data, (Bytes{0x22, 0x22}));
  }
  const std::string ambiguous = open_error("usb:1209:0001");
  EXPECT_NE(ambiguous.find("2 USB devices 1209:0001 are connected; say which one: "),
            std::string::npos)
      << ambiguous;
  EXPECT_NE(ambiguous.find("usb:1209:0001/L-0001"), std::string::npos) << ambiguous;
  EXPECT_NE(ambiguous.find("usb:1209:0001/R-0002"), std::string::npos) << ambiguous;
  const std::string unknown = open_error("usb:1209:0001/X-9");
  EXPECT_NE(unknown.find("no USB device 1209:0001 has serial 'X-9' (found: "), std::string::npos)
      << unknown;
  EXPECT_NE(unknown.find("usb:1209:0001/L-0001"), std::string::npos) << unknown;
}

TEST_F(UsbLinkTest, MissingDevicesAndBadUrisAreExplained) {
  plug_left();
  EXPECT_NE(open_error("usb:1209:00ff")
                .find("no USB device 1209:00ff found (is the insole "
                      "plugged in? `lsusb -d 1209:00ff` lists it)"),
            std::string::npos);
  const std::pair<const char*, const char*> cases[] = {
      {"usb:12345:1", "vendor id '12345' is not 1 to 4 hex digits"},
      {"usb:1209", "give both vendor and product id"},
      {"usb:1209:zz", "product id 'zz'"},
      {"usb:1209:0001/", "empty serial"},
  };
  for (const auto& [uri, why] : cases) {
    const std::string what = open_error(uri);
    EXPECT_NE(what.find(std::string("bad USB device URI '") + uri + "': " + why), std::string::npos)
        << what;
    EXPECT_NE(what.find("expected usb:VID:PID[/SERIAL]"), std::string::npos) << what;
  }
  EXPECT_EQ(parse_usb_uri("usb:/L-0001").uri(), "usb:1209:0001/L-0001");
  EXPECT_EQ(parse_usb_uri("usb:CAFE:b").uri(), "usb:cafe:000b");
}

TEST_F(UsbLinkTest, ClosingWithTransfersInFlightGivesThemBackAndFreesTheDevice) {
  FakeUsbInsole& device = plug_left();
  auto link = std::make_unique<UsbLink>(io(), "usb:1209:0001");
  ASSERT_TRUE(run_until(
      io(), [&] { return device.pending_in() == 4; }, 2s));
  LinkReader reader(*link);
  reader.start();
  link->close();
  ASSERT_TRUE(run_until(
      io(), [&] { return reader.finished; }, 2s));
  EXPECT_EQ(reader.error, asio::error::operation_aborted);
  link.reset();  // waits for the kernel (here: the fake) to return the four URBs
  EXPECT_EQ(device.discarded(), 4);
  EXPECT_EQ(device.pending_in(), 0);
  // At once usable again.
  UsbLink again(io(), "usb:1209:0001/L-0001");
  device.push_in({1, 2, 3});
  LinkReader second(again);
  second.start();
  ASSERT_TRUE(run_until(
      io(), [&] { return second.data.size() == 3; }, 3s));
}

TEST_F(UsbLinkTest, HotplugReportsInsolesAlreadyPresent) {
  plug_left();
  std::vector<UsbDeviceInfo> arrived;
  UsbHotplugWatcher watcher(io(), {[&](const UsbDeviceInfo& d) { arrived.push_back(d); }, {}});
  ASSERT_TRUE(run_until(
      io(), [&] { return !arrived.empty(); }, 3s));
  EXPECT_EQ(arrived[0].serial, "L-0001");
  EXPECT_EQ(arrived[0].uri(), "usb:1209:0001/L-0001");
  EXPECT_EQ(arrived[0].bus, 1);
  EXPECT_EQ(arrived[0].address, 2);
  EXPECT_EQ(watcher.present(), 1u);
}

// Unplug with transfers pending, then plug back in and carry on: the daemon's reconnect path.
TEST_F(UsbLinkTest, UnplugFailsPendingTransfersThenReplugReopens) {
  FakeUsbInsole& device = plug_left();
  std::vector<UsbDeviceInfo> arrived, left;
  UsbHotplugWatcher watcher(io(), {[&](const UsbDeviceInfo& d) { arrived.push_back(d); },
                                   [&](const UsbDeviceInfo& d) { left.push_back(d); }});
  ASSERT_TRUE(run_until(
      io(), [&] { return arrived.size() == 1; }, 3s));

  auto link = std::make_unique<UsbLink>(io(), arrived[0].uri());
  LinkReader reader(*link);
  reader.start();
  device.push_in({1, 2});
  device.push_in({3});
  ASSERT_TRUE(run_until(
      io(), [&] { return reader.data.size() == 3 && device.pending_in() == 4; }, 3s));

  device.unplug();
  ASSERT_TRUE(run_until(
      io(), [&] { return reader.finished && left.size() == 1; }, 5s))
      << "read finished: " << reader.finished << ", left events: " << left.size();
  EXPECT_EQ(reader.error, LinkErrc::kDeviceRemoved);
  EXPECT_EQ(reader.error.message(), "USB device removed");
  EXPECT_EQ(reader.data, (Bytes{1, 2, 3}));  // what came before the unplug was all delivered
  EXPECT_EQ(link->in_flight(), 0);           // every pending transfer came back (with an error)
  EXPECT_EQ(left[0].serial, "L-0001");       // remembered from the arrival
  EXPECT_EQ(watcher.present(), 0u);
  link.reset();

  device.replug();
  ASSERT_TRUE(run_until(
      io(), [&] { return arrived.size() == 2; }, 5s));
  EXPECT_EQ(arrived[1].uri(), "usb:1209:0001/L-0001");
  UsbLink again(io(), arrived[1].uri());
  LinkReader second(again);
  second.start();
  device.push_in({4, 5, 6});
  ASSERT_TRUE(run_until(
      io(), [&] { return second.data.size() == 3; }, 3s));
  EXPECT_EQ(second.data, (Bytes{4, 5, 6}));
}

// DeviceSession over USB: handshake and frames, then an unplug ends it with a clear reason.
TEST_F(UsbLinkTest, SessionStreamsOverUsbAndEndsCleanlyOnUnplug) {
  FakeUsbInsole& device = plug_left();
  auto decoder = std::make_shared<insole::testing::CommandDecoder>();
  device.on_out([&device, decoder](const Bytes& bytes) {  // on umockdev's thread
    for (const auto& command : decoder->push(bytes))
      for (const auto& reply : insole::testing::scripted_answer(command, "L-0001", 50))
        device.push_in(insole::testing::encode_message(reply));
  });
  std::string serial, reason;
  std::vector<std::uint32_t> sequences;
  bool closed = false, closed_with_error = false;
  session::SessionCallbacks cb;
  cb.on_ready = [&](const insole::v1::DeviceInfo& info) { serial = info.serial_number(); };
  cb.on_frame = [&](const session::SensorFrame& f, auto) { sequences.push_back(f.sequence); };
  cb.on_closed = [&](const std::string& r, bool error) {
    closed = true;
    reason = r;
    closed_with_error = error;
  };
  session::DeviceSession s(io(), open_link(io(), "usb:1209:0001"), {}, cb);
  s.start();
  ASSERT_TRUE(run_until(
      io(), [&] { return sequences.size() == 50; }, 5s));
  EXPECT_EQ(serial, "L-0001");
  for (std::uint32_t i = 0; i < 50; ++i) EXPECT_EQ(sequences[i], i);
  EXPECT_EQ(s.stats().crc_errors, 0u);
  EXPECT_EQ(s.stats().frames_lost, 0u);

  device.unplug();
  ASSERT_TRUE(run_until(
      io(), [&] { return closed; }, 5s));
  EXPECT_FALSE(closed_with_error);  // unplugging is how a run ends, not a fault
  EXPECT_EQ(reason,
            "link usb:1209:0001 lost: USB device removed (the insole was unplugged or switched "
            "off)");
}

}  // namespace
}  // namespace insole::link
