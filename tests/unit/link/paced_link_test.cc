// PacedLink over a real SerialLink on a pty: a device writing a frame every millisecond is read
// in a few large reads instead of one per frame, and every byte arrives in order.
#include "insole/link/paced_link.h"
#include "insole/link/serial_link.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>
#include <vector>

#include "pty_master.h"

namespace insole::link {
namespace {

using namespace std::chrono_literals;

using testing::PtyMaster;

struct Reading {
  std::vector<std::uint8_t> bytes;
  int reads = 0;
};

// Writes `chunks` chunks of 64 bytes, one per millisecond, and reads them through the link.
Reading stream_through(std::chrono::milliseconds interval, int chunks) {
  PtyMaster pty;
  boost::asio::io_context io;
  // The inner link reads as bytes arrive (a 1 ms tick), like a usb or tcp link.
  PacedLink link(io, std::make_unique<SerialLink>(io, pty.slave, "serial:" + pty.slave, 1ms),
                 interval);
  std::thread device([&] {
    for (int i = 0; i < chunks; ++i) {
      std::uint8_t chunk[64];
      for (int j = 0; j < 64; ++j) chunk[j] = static_cast<std::uint8_t>(i * 64 + j);
      EXPECT_EQ(write(pty.fd, chunk, sizeof(chunk)), 64);
      std::this_thread::sleep_for(1ms);
    }
  });
  Reading r;
  std::array<std::uint8_t, 4096> buffer{};
  const std::size_t expected = static_cast<std::size_t>(chunks) * 64;
  std::function<void()> read_more = [&] {
    link.async_read_some(boost::asio::buffer(buffer),
                         [&](const boost::system::error_code& ec, std::size_t n) {
                           if (ec) return;
                           ++r.reads;
                           r.bytes.insert(r.bytes.end(), buffer.begin(), buffer.begin() + n);
                           if (r.bytes.size() < expected) read_more();
                         });
  };
  read_more();
  boost::asio::steady_timer deadline(io, 10s);
  deadline.async_wait([&](const boost::system::error_code&) { link.close(); });
  while (r.bytes.size() < expected && io.run_one()) {
  }
  device.join();
  return r;
}

TEST(PacedLinkTest, GathersFramesIntoFewReadsAndLosesNothing) {
  const int chunks = 300;  // >= 300 ms of writing
  const Reading paced = stream_through(20ms, chunks);
  ASSERT_EQ(paced.bytes.size(), chunks * 64u);
  for (std::size_t i = 0; i < paced.bytes.size(); ++i)
    ASSERT_EQ(paced.bytes[i], static_cast<std::uint8_t>(i)) << i;
  // At most one read per 20 ms over the writer's time (it may take longer than 300 ms on a
  // busy machine, which only lowers the count per second).
  const Reading unpaced = stream_through(0ms, chunks);
  ASSERT_EQ(unpaced.bytes.size(), chunks * 64u);
  EXPECT_LT(paced.reads * 4, unpaced.reads) << paced.reads << " paced vs " << unpaced.reads;
}

TEST(PacedLinkTest, CloseEndsAWaitingReadWithOperationAborted) {
  PtyMaster pty;
  boost::asio::io_context io;
  PacedLink link(io, std::make_unique<SerialLink>(io, pty.slave, "serial:" + pty.slave), 10s);
  std::array<std::uint8_t, 64> buffer{};
  ASSERT_EQ(write(pty.fd, "ab", 2), 2);
  boost::system::error_code second_ec;
  bool second_done = false;
  link.async_read_some(boost::asio::buffer(buffer),
                       [&](const boost::system::error_code& ec, std::size_t) {
                         ASSERT_FALSE(ec);
                         // The next read waits 10 s for its turn; close() must end it now.
                         link.async_read_some(boost::asio::buffer(buffer),
                                              [&](const boost::system::error_code& e, std::size_t) {
                                                second_ec = e;
                                                second_done = true;
                                              });
                         link.close();
                       });
  const auto start = std::chrono::steady_clock::now();
  io.run_for(5s);
  EXPECT_TRUE(second_done);
  EXPECT_EQ(second_ec, boost::asio::error::operation_aborted);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

}  // namespace
}  // namespace insole::link
