// SerialLink on a real pty: every byte in order in a few reads, far fewer wake-ups of the
// reading thread than reading each chunk as it arrives, writes in order, hang-up and close
// reported.
#include "insole/link/serial_link.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <thread>
#include <vector>

#include "pty_master.h"

namespace insole::link {
namespace {

using namespace std::chrono_literals;

using testing::PtyMaster;

long wakeups_of_this_thread() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return u.ru_nvcsw;
}

struct Reading {
  std::vector<std::uint8_t> bytes;
  int reads = 0;
  long wakeups = 0;
};

// A device writes `chunks` chunks of 64 bytes, one per millisecond; the link reads them all.
Reading stream_through(
    const std::function<std::unique_ptr<Link>(boost::asio::io_context&, const std::string&)>& open,
    int chunks) {
  PtyMaster pty;
  boost::asio::io_context io;
  auto link = open(io, pty.slave);
  Reading r;
  const long before = wakeups_of_this_thread();
  std::thread device([&] {
    for (int i = 0; i < chunks; ++i) {
      std::uint8_t chunk[64];
      for (int j = 0; j < 64; ++j) chunk[j] = static_cast<std::uint8_t>(i * 64 + j);
      EXPECT_EQ(write(pty.fd, chunk, sizeof(chunk)), 64);
      std::this_thread::sleep_for(1ms);
    }
  });
  std::array<std::uint8_t, 4096> buffer{};
  const std::size_t expected = static_cast<std::size_t>(chunks) * 64;
  std::function<void()> read_more = [&] {
    link->async_read_some(boost::asio::buffer(buffer),
                          [&](const boost::system::error_code& ec, std::size_t n) {
                            if (ec) return;
                            ++r.reads;
                            r.bytes.insert(r.bytes.end(), buffer.begin(), buffer.begin() + n);
                            if (r.bytes.size() < expected) read_more();
                          });
  };
  read_more();
  boost::asio::steady_timer deadline(io, 10s);
  deadline.async_wait([&](const boost::system::error_code& ec) {
    if (!ec) link->close();
  });
  while (r.bytes.size() < expected && io.run_one()) {
  }
  r.wakeups = wakeups_of_this_thread() - before;
  device.join();
  return r;
}

TEST(SerialLinkTest, ReadsEveryByteInOrderWithFewWakeups) {
  const int chunks = 300;  // >= 300 ms of writing, a chunk per millisecond
  const Reading batched = stream_through(
      [](auto& io, const std::string& path) {
        return std::make_unique<SerialLink>(io, path, "serial:" + path);
      },
      chunks);
  ASSERT_EQ(batched.bytes.size(), chunks * 64u);
  for (std::size_t i = 0; i < batched.bytes.size(); ++i)
    ASSERT_EQ(batched.bytes[i], static_cast<std::uint8_t>(i)) << i;
  const Reading evented = stream_through(
      [](auto& io, const std::string& path) {
        // A 1 ms tick reads each chunk about as it arrives, as an event-driven read would.
        return std::make_unique<SerialLink>(io, path, "serial:" + path, 1ms);
      },
      chunks);
  ASSERT_EQ(evented.bytes.size(), chunks * 64u);
  ::testing::Test::RecordProperty("wakeups_batched", static_cast<int>(batched.wakeups));
  ::testing::Test::RecordProperty("wakeups_evented", static_cast<int>(evented.wakeups));
  // The event-driven link wakes for (nearly) every chunk; the batched one about once a tick.
  EXPECT_LT(batched.wakeups * 4, evented.wakeups)
      << batched.wakeups << " wake-ups batched vs " << evented.wakeups << " event-driven";
  EXPECT_LT(batched.reads * 4, evented.reads) << batched.reads << " vs " << evented.reads;
}

TEST(SerialLinkTest, WritesGoOutWholeAndInOrder) {
  PtyMaster pty;
  boost::asio::io_context io;
  SerialLink link(io, pty.slave, "serial:" + pty.slave);
  std::vector<std::uint8_t> expected;
  for (int i = 0; i < 50; ++i) {
    std::vector<std::uint8_t> bytes(100 + i, static_cast<std::uint8_t>(i));
    expected.insert(expected.end(), bytes.begin(), bytes.end());
    link.write(std::move(bytes));
  }
  std::vector<std::uint8_t> got;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (got.size() < expected.size() && std::chrono::steady_clock::now() < deadline) {
    io.run_for(20ms);  // the tty may take the rest at the next tick
    pollfd p{pty.fd, POLLIN, 0};
    while (poll(&p, 1, 0) > 0) {
      std::uint8_t buf[4096];
      const ssize_t n = read(pty.fd, buf, sizeof(buf));
      if (n <= 0) break;
      got.insert(got.end(), buf, buf + n);
    }
  }
  EXPECT_EQ(got, expected);
}

TEST(SerialLinkTest, HangUpEndsThePendingReadWithAnError) {
  auto pty = std::make_unique<PtyMaster>();
  boost::asio::io_context io;
  SerialLink link(io, pty->slave, "serial:" + pty->slave);
  std::array<std::uint8_t, 64> buffer{};
  boost::system::error_code result;
  bool done = false;
  link.async_read_some(boost::asio::buffer(buffer),
                       [&](const boost::system::error_code& ec, std::size_t) {
                         result = ec;
                         done = true;
                       });
  pty.reset();  // the insole is unplugged
  io.run_for(2s);
  ASSERT_TRUE(done);
  EXPECT_TRUE(result) << "a hang-up must not look like data";
}

TEST(SerialLinkTest, CloseAbortsAPendingReadAndOpenErrorsNameThePath) {
  PtyMaster pty;
  boost::asio::io_context io;
  SerialLink link(io, pty.slave, "serial:" + pty.slave);
  std::array<std::uint8_t, 64> buffer{};
  boost::system::error_code result;
  link.async_read_some(boost::asio::buffer(buffer),
                       [&](const boost::system::error_code& ec, std::size_t) { result = ec; });
  link.close();
  io.run_for(1s);
  EXPECT_EQ(result, boost::asio::error::operation_aborted);
  EXPECT_EQ(link.uri(), "serial:" + pty.slave);

  try {
    SerialLink missing(io, "/dev/does-not-exist", "serial:/dev/does-not-exist");
    FAIL() << "opened a missing path";
  } catch (const LinkError& e) {
    EXPECT_STREQ(e.what(), "cannot open /dev/does-not-exist: No such file or directory");
  }
}

}  // namespace
}  // namespace insole::link
