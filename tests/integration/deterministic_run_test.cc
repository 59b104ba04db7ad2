// The deterministic run (docs/firmware.md#deterministic-run): the same scan file through the
// ARM image under QEMU -icount and through the host build must give the same framed output and
// the same flash file, byte for byte, and the output must decode into the scripted session.
// The emulated run's "budget:" lines are checked against their limits and printed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "insole/v1/control.pb.h"
#include "insole/wire/frame.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int kSeconds = 5;
constexpr uint32_t kRateHz = 200;
constexpr uint32_t kFrames = kSeconds * kRateHz;

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Finished {
  int status = -1;
  double wall_s = 0;
  std::string output;
};

Finished run_to_end(std::vector<std::string> argv) {
  const auto start = std::chrono::steady_clock::now();
  ChildProcess child(std::move(argv));
  const std::optional<int> status = child.wait(90s);
  Finished f;
  f.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  f.status = status.value_or(-1);
  f.output = child.output();
  return f;
}

class DeterministicRunTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    ASSERT_TRUE(fs::exists(INSOLE_ARM_FIRMWARE))
        << "ARM image " << INSOLE_ARM_FIRMWARE
        << " not found: build it (cmake --preset arm && cmake --build build/arm) or point the "
           "INSOLE_ARM_FIRMWARE cache variable at it";
    ASSERT_TRUE(fs::exists(QEMU_SYSTEM_ARM)) << "apt-get install qemu-system-arm";
    scans_ = dir_ / "scans.bin";
    const Finished gen =
        run_to_end({INSOLE_SCANS, "--scenario", INSOLE_SCENARIO, "--side", "L", "--seconds",
                    std::to_string(kSeconds), "--out", scans_.string()});
    ASSERT_EQ(gen.status, 0) << gen.output;
  }

  Finished run_qemu(const std::string& scans, const fs::path& out, const fs::path& flash,
                    const fs::path& console) {
    return run_to_end({TIMEOUT_PROGRAM, "60", QEMU_SYSTEM_ARM, "-M", "mps2-an386", "-display",
                       "none", "-monitor", "none", "-icount", "shift=0,sleep=off",
                       "-semihosting-config",
                       "enable=on,target=native,arg=insole-fw-mps2,arg=scans=" + scans +
                           ",arg=frames-out=" + out.string() + ",arg=flash=" + flash.string(),
                       "-serial", "file:" + console.string(), "-kernel", INSOLE_ARM_FIRMWARE});
  }

  Finished run_host(const std::string& scans, const fs::path& out, const fs::path& flash) {
    return run_to_end({INSOLE_FW_HOST, "--scans", scans, "--frames-out", out.string(), "--flash",
                       flash.string()});
  }

  fs::path scans_;
};

// Splits the output into (channel, payload) frames; every byte must belong to a valid frame.
std::vector<std::pair<uint8_t, std::string>> decode_frames(const std::vector<uint8_t>& bytes) {
  wire::StaticFrameDecoder<wire::kMaxPayload> decoder;
  std::vector<std::pair<uint8_t, std::string>> frames;
  for (uint8_t b : bytes) {
    if (decoder.push(b) != wire::DecodeResult::kFrame) continue;
    frames.emplace_back(
        decoder.channel(),
        std::string(reinterpret_cast<const char*>(decoder.payload()), decoder.payload_size()));
  }
  EXPECT_EQ(decoder.stats().crc_errors + decoder.stats().malformed + decoder.stats().overflows, 0u);
  return frames;
}

TEST_F(DeterministicRunTest, QemuAndHostWriteTheSameBytesAndFlash) {
  const fs::path console = dir_ / "console.log";
  const Finished qemu = run_qemu(scans_.string(), dir_ / "qemu.out", dir_ / "qemu.flash", console);
  ASSERT_EQ(qemu.status, 0) << qemu.output << read_text(console);
  const Finished host = run_host(scans_.string(), dir_ / "host.out", dir_ / "host.flash");
  ASSERT_EQ(host.status, 0) << host.output;

  const std::vector<uint8_t> out = read_bytes(dir_ / "qemu.out");
  ASSERT_FALSE(out.empty());
  EXPECT_TRUE(out == read_bytes(dir_ / "host.out")) << "framed outputs differ";
  const std::vector<uint8_t> flash = read_bytes(dir_ / "qemu.flash");
  EXPECT_EQ(flash.size(), 4u * 1024 * 1024);
  EXPECT_TRUE(flash == read_bytes(dir_ / "host.flash")) << "flash files differ";

  // The scripted session: boot log, ack set_rate (1), ack start (2), the frames, ack stop (3).
  const auto frames = decode_frames(out);
  ASSERT_EQ(frames.size(), 1 + 2 + kFrames + 1);
  EXPECT_EQ(frames[0].first, static_cast<uint8_t>(wire::Channel::kLog));
  EXPECT_EQ(frames[0].second, "insole firmware booted");
  std::vector<insole::v1::DeviceMessage> messages;
  for (size_t i = 1; i < frames.size(); ++i) {
    ASSERT_EQ(frames[i].first, static_cast<uint8_t>(wire::Channel::kProtocol));
    ASSERT_TRUE(messages.emplace_back().ParseFromString(frames[i].second)) << i;
  }
  EXPECT_TRUE(messages[0].has_ack());
  EXPECT_EQ(messages[0].in_reply_to(), 1u);
  EXPECT_TRUE(messages[1].has_ack());
  EXPECT_EQ(messages[1].in_reply_to(), 2u);
  for (uint32_t n = 0; n < kFrames; ++n) {
    const insole::v1::DeviceMessage& m = messages[2 + n];
    ASSERT_TRUE(m.has_frame()) << n;
    EXPECT_EQ(m.frame().sequence(), n);
    EXPECT_EQ(m.frame().device_time_us(), uint64_t{n} * 1000000 / kRateHz);
    EXPECT_EQ(m.frame().readings().size(), 96u);
  }
  EXPECT_TRUE(messages.back().has_ack());
  EXPECT_EQ(messages.back().in_reply_to(), 3u);

  // The scenario loads the insole: some frames must carry force.
  size_t loaded = 0;
  for (uint32_t n = 0; n < kFrames; ++n) {
    for (char c : messages[2 + n].frame().readings()) {
      if (c != 0) {
        ++loaded;
        break;
      }
    }
  }
  EXPECT_GT(loaded, kFrames / 5);

  const double speedup = kSeconds / qemu.wall_s;
  std::printf(
      "deterministic run: %d s of device time in %.2f s under QEMU (%.1fx real time), "
      "%.3f s on the host build\n",
      kSeconds, qemu.wall_s, speedup, host.wall_s);

  // The budgets, measured on this run (the journal's flash work included).
  const std::string text = read_text(console);
  const std::regex cpu(R"(budget: scan\+encode (\d+) instructions per frame.* = (\d+)\.(\d+)% of)");
  const std::regex uart(R"(budget: UART (\d+) B per frame.*: (\d+)\.(\d+)% headroom)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, cpu)) << text;
  EXPECT_LE(std::stod(m[2].str() + "." + m[3].str()), 10.0);
  ASSERT_TRUE(std::regex_search(text, m, uart)) << text;
  EXPECT_GE(std::stod(m[2].str() + "." + m[3].str()), 30.0);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("budget: ", 0) == 0) std::printf("%s\n", line.c_str());
  }
}

TEST_F(DeterministicRunTest, FlashFilesPersistAcrossRunsOnBothBoards) {
  const fs::path console = dir_ / "console.log";
  ASSERT_EQ(run_qemu(scans_.string(), dir_ / "q1.out", dir_ / "qemu.flash", console).status, 0);
  ASSERT_EQ(run_host(scans_.string(), dir_ / "h1.out", dir_ / "host.flash").status, 0);
  const std::vector<uint8_t> after_one = read_bytes(dir_ / "qemu.flash");
  ASSERT_EQ(run_qemu(scans_.string(), dir_ / "q2.out", dir_ / "qemu.flash", console).status, 0);
  ASSERT_EQ(run_host(scans_.string(), dir_ / "h2.out", dir_ / "host.flash").status, 0);

  const std::vector<uint8_t> after_two = read_bytes(dir_ / "qemu.flash");
  EXPECT_TRUE(after_two == read_bytes(dir_ / "host.flash")) << "flash files differ";
  // The second boot mounted what the first wrote: a new boot counter slot and a second journal.
  EXPECT_FALSE(after_two == after_one);
  EXPECT_TRUE(read_bytes(dir_ / "q2.out") == read_bytes(dir_ / "h2.out"));
}

TEST_F(DeterministicRunTest, ABadScanFileFailsBothRunsWithStatus1) {
  const fs::path bogus = dir_ / "bogus.bin";
  std::ofstream(bogus) << "this is not a scan file, only text\n";
  const Finished qemu =
      run_qemu(bogus.string(), dir_ / "qemu.out", dir_ / "qemu.flash", dir_ / "console.log");
  EXPECT_EQ(qemu.status, 1) << qemu.output;
  EXPECT_NE(read_text(dir_ / "console.log").find("not a scan file"), std::string::npos);
  const Finished host = run_host(bogus.string(), dir_ / "host.out", dir_ / "host.flash");
  EXPECT_EQ(host.status, 1);
  EXPECT_NE(host.output.find("is not a scan file"), std::string::npos) << host.output;
}

}  // namespace
}  // namespace insole::testing
