// Captures (format, CaptureWriter, read_capture), CaptureLink around a TCP link with scripted
// traffic, and ReplayLink playing the capture back at full and at recorded speed.
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

#include "insole/link/capture.h"
#include "insole/link/capture_link.h"
#include "insole/link/replay_link.h"
#include "link_test_util.h"

namespace insole::link {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::ip::tcp;
using insole::testing::LinkReader;
using insole::testing::pattern;
using insole::testing::run_until;
using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("insole-link-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const LinkError& e) {
    return e.what();
  }
  return "(no error)";
}

// ---- the format

TEST(CaptureTest, WriterAndReaderAgree) {
  TempDir dir;
  const std::string path = dir.file("a.cap");
  CaptureHeader header;
  header.tool = "link_unit_test";
  header.link = "serial:/dev/ttyACM0";
  header.device = "insole left, serial L-0001";
  header.firmware = "0.3.1";
  header.note = "two records \"quoted\"\nand a newline";
  header.extra_json = R"({"scenario":"flat-foot","rate_hz":200})";
  {
    CaptureWriter writer(path, header);
    const auto t0 = writer.start();
    const Bytes in1{0x00, 0x06, 0x01, 0xff, 0x10};
    const Bytes out1{0x00, 0x02, 0x01, 0x00};
    writer.record(Direction::kOut, out1.data(), out1.size(), t0 + 5us);
    writer.record(Direction::kIn, in1.data(), in1.size(), t0 + 2'500us);
    writer.note(R"({"device_info":{"serial":"L-0001"}})", t0 + 3ms);
    EXPECT_EQ(writer.records(), 3u);
    EXPECT_TRUE(writer.ok());
  }
  std::ifstream raw(path);
  std::string first, second;
  std::getline(raw, first);
  std::getline(raw, second);
  EXPECT_EQ(first.rfind(R"({"format":"insole-capture","version":1,"recorded_at":")", 0), 0u)
      << first;
  EXPECT_NE(first.find(R"("scenario":"flat-foot")"), std::string::npos) << first;
  EXPECT_EQ(second, "5 out 00020100");

  const Capture c = read_capture(path);
  EXPECT_EQ(c.header.tool, header.tool);
  EXPECT_EQ(c.header.link, header.link);
  EXPECT_EQ(c.header.device, header.device);
  EXPECT_EQ(c.header.firmware, header.firmware);
  EXPECT_EQ(c.header.note, header.note);
  EXPECT_EQ(c.header.extra_json, R"({"rate_hz":200,"scenario":"flat-foot"})");
  EXPECT_TRUE(
      std::regex_match(c.header.recorded_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << c.header.recorded_at;
  EXPECT_NE(c.header.recorded_by.find('@'), std::string::npos) << c.header.recorded_by;
  ASSERT_EQ(c.records.size(), 3u);
  EXPECT_EQ(c.records[0].t_us, 5u);
  EXPECT_EQ(c.records[0].direction, Direction::kOut);
  EXPECT_EQ(c.records[0].bytes, (Bytes{0x00, 0x02, 0x01, 0x00}));
  EXPECT_EQ(c.records[1].t_us, 2500u);
  EXPECT_EQ(c.records[1].direction, Direction::kIn);
  EXPECT_EQ(c.records[1].bytes, (Bytes{0x00, 0x06, 0x01, 0xff, 0x10}));
  EXPECT_EQ(c.records[2].direction, Direction::kMeta);
  EXPECT_EQ(c.records[2].meta_json, R"({"device_info":{"serial":"L-0001"}})");
}

TEST(CaptureTest, NotesMustBeJsonObjects) {
  TempDir dir;
  CaptureWriter writer(dir.file("n.cap"), {});
  EXPECT_THROW(writer.note("[1,2]"), std::invalid_argument);
  EXPECT_THROW(writer.note("not json"), std::invalid_argument);
  EXPECT_EQ(writer.records(), 0u);
}

TEST(CaptureTest, ReaderNamesFileAndLineOfEachProblem) {
  TempDir dir;
  const std::string path = dir.file("bad.cap");
  const std::string header = R"({"format":"insole-capture","version":1})"
                             "\n";
  const std::pair<std::string, std::string> cases[] = {
      {"", ":1: empty file"},
      {"hello\n", ":1: not an insole capture"},
      {R"({"format":"gpsd-log","version":1})"
       "\n",
       ":1: not an insole capture"},
      {R"({"format":"insole-capture"})"
       "\n",
       ":1: the header has no integer \"version\""},
      {R"({"format":"insole-capture","version":2})"
       "\n",
       ":1: capture format version 2 is not supported (this build reads versions 1 to 1)"},
      {header + "10 in 0a0b\n5 in 0c\n", ":3: time goes backwards"},
      {header + "# comment\n\n10 in 0a0\n", ":4: odd number of hex digits"},
      {header + "10 in 0g\n", ":2: not a hex digit"},
      {header + "ten in 00\n", ":2: the time 'ten' is not a whole number"},
      {header + "10 sideways 00\n", ":2: unknown record kind 'sideways'"},
      {header + "10 meta {oops\n", ":2: the meta record is not valid JSON"},
      {header + "10\n", ":2: expected '<t_us> in|out|meta <data>'"},
  };
  for (const auto& [text, expected] : cases) {
    write_text(path, text);
    const std::string what = error_of([&] { read_capture(path); });
    EXPECT_NE(what.find(path + expected), std::string::npos) << "got: " << what;
  }
  EXPECT_NE(error_of([&] {
              read_capture(dir.file("missing.cap"));
            }).find("cannot open capture file " + dir.file("missing.cap")),
            std::string::npos);
}

// A replay checks the whole file when it is made (a bad line anywhere is an error naming it, and
// nothing is served), then streams it.
TEST(ReplayLinkTest, ABadLineAnywhereIsRefusedWhenTheReplayIsMade) {
  TempDir dir;
  const std::string path = dir.file("late.cap");
  std::string text = R"({"format":"insole-capture","version":1})"
                     "\n";
  for (int i = 0; i < 500; ++i) text += std::to_string(i * 1000) + " in 0a0b0c\n";
  write_text(path, text + "500000 in 0z\n");
  asio::io_context io;
  const std::string what = error_of([&] { open_link(io, "replay:" + path + "?speed=full"); });
  EXPECT_NE(what.find(path + ":502: not a hex digit"), std::string::npos) << what;
}

// Should the file change after the check, the replay serves what is still sound, then ends with
// a read error (not a clean end of file) and says where the file went bad.
TEST(ReplayLinkTest, AFileSpoiledAfterTheCheckEndsWithAnError) {
  TempDir dir;
  const std::string path = dir.file("spoiled.cap");
  write_text(path, R"({"format":"insole-capture","version":1})"
                   "\n0 in 0102\n5 in 03\n");
  asio::io_context io;
  ReplayLink replay(io, "replay:" + path + "?speed=full");
  EXPECT_EQ(replay.records_left(), 2u);
  {
    std::ofstream append(path, std::ios::app);
    append << "9 in 0q\n";
  }
  Bytes got;
  boost::system::error_code end;
  std::uint8_t buffer[16];
  std::function<void()> read = [&] {
    replay.async_read_some(asio::buffer(buffer),
                           [&](const boost::system::error_code& ec, std::size_t n) {
                             if (ec) {
                               end = ec;
                               return;
                             }
                             got.insert(got.end(), buffer, buffer + n);
                             read();
                           });
  };
  read();
  io.run_for(1s);
  EXPECT_EQ(got, (Bytes{1, 2, 3}));
  EXPECT_EQ(end, boost::system::errc::make_error_code(boost::system::errc::io_error));
  EXPECT_NE(replay.error().find(path + ":4: not a hex digit"), std::string::npos) << replay.error();
}

TEST(ReplayLinkTest, ParsesUris) {
  auto o = parse_replay_uri("replay:/tmp/run.cap");
  EXPECT_EQ(o.path, "/tmp/run.cap");
  EXPECT_EQ(o.speed, 1.0);
  o = parse_replay_uri("replay:run.cap?speed=full");
  EXPECT_EQ(o.path, "run.cap");
  EXPECT_EQ(o.speed, 0.0);
  o = parse_replay_uri("replay:run.cap?speed=recorded");
  EXPECT_EQ(o.speed, 1.0);
  o = parse_replay_uri("replay:run.cap?speed=2.5");
  EXPECT_EQ(o.speed, 2.5);
  for (const char* bad : {"replay:", "replay:x?speed=", "replay:x?speed=-1", "replay:x?speed=0",
                          "replay:x?speed=fast", "replay:x?loop=1"}) {
    const std::string what = error_of([&] { parse_replay_uri(bad); });
    EXPECT_NE(what.find(std::string("bad replay URI '") + bad + "'"), std::string::npos) << what;
    EXPECT_NE(what.find("replay:FILE?speed=recorded|full|N"), std::string::npos) << what;
  }
}

// Found by tests/fuzz (fuzz_capture, corpus review-time-overflow and review-tiny-speed): a record
// time the clock cannot reach (2^64 - 1 µs, or 7 µs at speed=1e-300) overflowed when the replay
// computed when it is due (undefined behaviour). Such a record is never due: what comes before
// it is served, then the read waits until close().
TEST(ReplayLinkTest, UnreachableTimesAreNeverDue) {
  for (const auto& [t_us, speed] : {std::pair<std::uint64_t, double>{UINT64_MAX, 1.0},
                                    std::pair<std::uint64_t, double>{7, 1e-300}}) {
    Capture capture;
    capture.records.push_back({0, Direction::kIn, {1, 2}, {}});
    capture.records.push_back({t_us, Direction::kIn, {3}, {}});
    asio::io_context io;
    ReplayLink replay(io, capture, speed, "replay:test");
    std::uint8_t buffer[8];
    std::vector<boost::system::error_code> results;
    std::vector<std::size_t> sizes;
    const auto read = [&] {
      replay.async_read_some(asio::buffer(buffer),
                             [&](const boost::system::error_code& ec, std::size_t n) {
                               results.push_back(ec);
                               sizes.push_back(n);
                             });
    };
    read();
    io.run_for(50ms);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_FALSE(results[0]);
    EXPECT_EQ(sizes[0], 2u);
    read();
    io.restart();
    io.run_for(50ms);
    EXPECT_EQ(results.size(), 1u) << "the unreachable record was served";
    replay.close();
    io.restart();
    io.run_for(50ms);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[1], asio::error::operation_aborted);
  }
}

TEST(ReplayLinkTest, MissingFileIsAnOpenError) {
  asio::io_context io;
  const std::string what = error_of([&] { open_link(io, "replay:/nonexistent/run.cap"); });
  EXPECT_NE(what.find("cannot open capture file /nonexistent/run.cap"), std::string::npos) << what;
}

// ---- record a scripted exchange over TCP, then play it back

constexpr int kChunks = 30;
constexpr auto kPace = 10ms;

// A device on TCP that sends kChunks chunks kPace apart once connected, and answers nothing.
class PacedPeer {
 public:
  explicit PacedPeer(asio::io_context& io)
      : acceptor_(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0)), socket_(io), timer_(io) {
    for (int i = 0; i < kChunks; ++i)
      chunks_.push_back(
          pattern(static_cast<std::size_t>(20 + 3 * i), static_cast<std::uint8_t>(i)));
    acceptor_.async_accept(socket_, [this](const boost::system::error_code& ec) {
      if (ec) return;
      start_ = std::chrono::steady_clock::now();
      send(0);
      read();
    });
  }
  std::string uri() const {
    return "tcp:127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  Bytes all() const {
    Bytes out;
    for (const auto& c : chunks_) out.insert(out.end(), c.begin(), c.end());
    return out;
  }
  Bytes received;

 private:
  void send(int i) {
    if (i == kChunks) return;
    timer_.expires_at(start_ + i * kPace);
    timer_.async_wait([this, i](const boost::system::error_code& ec) {
      if (ec) return;
      asio::write(socket_, asio::buffer(chunks_[static_cast<std::size_t>(i)]));
      send(i + 1);
    });
  }
  void read() {
    socket_.async_read_some(
        asio::buffer(buffer_), [this](const boost::system::error_code& ec, std::size_t n) {
          if (ec) return;
          received.insert(received.end(), buffer_.begin(), buffer_.begin() + static_cast<long>(n));
          read();
        });
  }
  tcp::acceptor acceptor_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  std::chrono::steady_clock::time_point start_;
  std::vector<Bytes> chunks_;
  std::array<std::uint8_t, 4096> buffer_{};
};

class RecordAndReplayTest : public ::testing::Test {
 protected:
  // Records the paced exchange once per test: the host says "hello" at once and "mid" after
  // half the bytes arrived.
  void SetUp() override {
    path_ = dir_.file("tcp.cap");
    asio::io_context io;
    PacedPeer peer(io);
    device_bytes_ = peer.all();
    CaptureHeader header;
    header.tool = "link_unit_test";
    header.device = "scripted TCP peer";
    header.firmware = "none";
    auto link = capture_link(open_link(io, peer.uri()), path_, header);
    EXPECT_EQ(link->uri(), peer.uri());
    LinkReader reader(*link);
    reader.start();
    link->write({'h', 'e', 'l', 'l', 'o'});
    ASSERT_TRUE(run_until(
        io, [&] { return reader.data.size() >= device_bytes_.size() / 2; }, 3s));
    link->write({'m', 'i', 'd'});
    ASSERT_TRUE(run_until(
        io, [&] { return reader.data.size() == device_bytes_.size() && peer.received.size() == 8; },
        3s));
    EXPECT_EQ(reader.data, device_bytes_);
    EXPECT_EQ(peer.received, (Bytes{'h', 'e', 'l', 'l', 'o', 'm', 'i', 'd'}));
    EXPECT_TRUE(link->writer().ok()) << link->writer().error();
    link->close();
    capture_ = read_capture(path_);
  }

  std::vector<std::uint64_t> in_times_us() const {
    std::vector<std::uint64_t> t;
    for (const auto& r : capture_.records)
      if (r.direction == Direction::kIn && !r.bytes.empty()) t.push_back(r.t_us);
    return t;
  }

  std::uint64_t last_in_us() const {
    std::uint64_t t = 0;
    for (const auto& r : capture_.records)
      if (r.direction == Direction::kIn) t = r.t_us;
    return t;
  }

  TempDir dir_;
  std::string path_;
  Bytes device_bytes_;
  Capture capture_;
};

TEST_F(RecordAndReplayTest, CaptureHoldsBothDirectionsWithTheirTiming) {
  EXPECT_EQ(capture_.header.device, "scripted TCP peer");
  EXPECT_EQ(capture_.header.link.rfind("tcp:127.0.0.1:", 0), 0u) << capture_.header.link;
  Bytes in;
  std::vector<Bytes> out;
  for (const auto& r : capture_.records) {
    if (r.direction == Direction::kIn) in.insert(in.end(), r.bytes.begin(), r.bytes.end());
    if (r.direction == Direction::kOut) out.push_back(r.bytes);
  }
  EXPECT_EQ(in, device_bytes_);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (Bytes{'h', 'e', 'l', 'l', 'o'}));
  EXPECT_EQ(out[1], (Bytes{'m', 'i', 'd'}));
  // The peer paced its chunks 10 ms apart from the connection: the last came >= 290 ms in.
  EXPECT_GE(last_in_us(), 290'000u);
  EXPECT_LT(last_in_us(), 2'000'000u);
}

TEST_F(RecordAndReplayTest, FullSpeedReplayGivesTheSameBytesAtOnce) {
  asio::io_context io;
  const auto origin = std::make_shared<CaptureOrigin>();
  auto link =
      open_link(io, "replay:" + path_ + "?speed=full", {std::chrono::milliseconds(0), origin});
  auto& replay = dynamic_cast<ReplayLink&>(*link);
  EXPECT_EQ(replay.header().device, "scripted TCP peer");
  link->write({'x'});  // kept, never answered
  LinkReader reader(*link);
  const auto t0 = std::chrono::steady_clock::now();
  reader.start();
  ASSERT_TRUE(run_until(
      io, [&] { return reader.finished; }, 2s));
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(reader.error, asio::error::eof);
  EXPECT_EQ(reader.data, device_bytes_);
  EXPECT_LT(elapsed, std::chrono::microseconds(last_in_us() / 4)) << "not replayed at full speed";
  // Each read returns one recorded read, stamped with its recorded arrival on the origin's clock.
  const auto recorded = in_times_us();
  ASSERT_EQ(reader.stamps.size(), recorded.size());
  for (std::size_t i = 0; i < recorded.size(); ++i)
    EXPECT_EQ(reader.stamps[i] - origin->get(), std::chrono::microseconds(recorded[i])) << i;
  ASSERT_EQ(replay.host_writes().size(), 1u);
  EXPECT_EQ(replay.host_writes()[0], Bytes{'x'});
}

// For each recorded read, when its last byte became readable in the replay, relative to the
// first async_read_some.
std::vector<std::pair<std::uint64_t, double>> arrival_vs_recorded(
    const Capture& capture, const LinkReader& reader, LinkReader::Clock::time_point t0) {
  std::vector<std::pair<std::uint64_t, double>> out;
  std::size_t end = 0;
  std::size_t a = 0;
  for (const auto& r : capture.records) {
    if (r.direction != Direction::kIn) continue;
    end += r.bytes.size();
    while (a < reader.arrivals.size() && reader.arrivals[a].second < end) ++a;
    if (a == reader.arrivals.size()) break;
    out.emplace_back(
        r.t_us, std::chrono::duration<double, std::micro>(reader.arrivals[a].first - t0).count());
  }
  return out;
}

TEST_F(RecordAndReplayTest, RecordedSpeedReplayKeepsTheTiming) {
  asio::io_context io;
  auto link = open_link(io, "replay:" + path_);
  LinkReader reader(*link);
  const auto t0 = std::chrono::steady_clock::now();
  reader.start();
  ASSERT_TRUE(run_until(
      io, [&] { return reader.finished; }, 5s));
  EXPECT_EQ(reader.error, asio::error::eof);
  EXPECT_EQ(reader.data, device_bytes_);
  const auto timing = arrival_vs_recorded(capture_, reader, t0);
  ASSERT_EQ(timing.size(), static_cast<std::size_t>(std::count_if(
                               capture_.records.begin(), capture_.records.end(),
                               [](const auto& r) { return r.direction == Direction::kIn; })));
  double worst_late_us = 0;
  for (const auto& [recorded, replayed] : timing) {
    EXPECT_GE(replayed, static_cast<double>(recorded)) << "a record came early";
    worst_late_us = std::max(worst_late_us, replayed - static_cast<double>(recorded));
  }
  // Timers on a busy 2-core machine: a few ms late at worst, never early.
  EXPECT_LT(worst_late_us, 25'000.0);
  std::printf("    %zu records replayed at recorded pace; latest %.2f ms behind\n", timing.size(),
              worst_late_us / 1000);
}

TEST_F(RecordAndReplayTest, SpeedFactorScalesTheTiming) {
  asio::io_context io;
  auto link = open_link(io, "replay:" + path_ + "?speed=4");
  LinkReader reader(*link);
  const auto t0 = std::chrono::steady_clock::now();
  reader.start();
  ASSERT_TRUE(run_until(
      io, [&] { return reader.finished; }, 5s));
  EXPECT_EQ(reader.data, device_bytes_);
  for (const auto& [recorded, replayed] : arrival_vs_recorded(capture_, reader, t0)) {
    EXPECT_GE(replayed, static_cast<double>(recorded) / 4);
    EXPECT_LT(replayed, static_cast<double>(recorded) / 4 + 25'000.0);
  }
}

TEST_F(RecordAndReplayTest, CloseAbortsAWaitingRead) {
  asio::io_context io;
  auto link = open_link(io, "replay:" + path_);
  LinkReader reader(*link);
  reader.start();
  ASSERT_TRUE(run_until(
      io, [&] { return reader.reads >= 2; }, 2s));
  link->close();
  ASSERT_TRUE(run_until(
      io, [&] { return reader.finished; }, 2s));
  EXPECT_EQ(reader.error, asio::error::operation_aborted);
  EXPECT_LT(reader.data.size(), device_bytes_.size());
}

}  // namespace
}  // namespace insole::link
