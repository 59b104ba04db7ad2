// Syncing an insole's offline recording into a real SQLite file: the firmware core (with a NOR
// flash in RAM) records a run with no host, then the daemon's RecordingSync + RecordingImporter
// download it over the protocol, are cut off mid-download, resume where the database copy ends,
// verify, import it as an analysed run and free it on the insole.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "../firmware/device_fakes.h"
#include "../firmware/ram_flash.h"
#include "insole/fw/device.h"
#include "insole/session/recording_sync.h"
#include "insole/store/insole_recordings.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "insole/v1/control.pb.h"
#include "insole/wire/frame.h"
#include "recording_importer.h"

namespace insole {
namespace {

namespace v1 = insole::v1;

// A runner's foot: 0.25 s stance every 0.7 s, heel first then forefoot.
class SteppingMatrix final : public hal::SenselMatrix {
 public:
  size_t sensel_count() const override { return 64; }
  void scan(uint64_t t_us, uint16_t* counts) override {
    const double t = std::fmod(static_cast<double>(t_us) * 1e-6, 0.7);
    const double load = t < 0.25 ? std::sin(M_PI * t / 0.25) : 0.0;
    for (size_t i = 0; i < 64; ++i) {
      const bool heel = i >= 48, fore = i < 24;
      const double share = heel ? (t < 0.12 ? 1.0 : 0.3) : fore ? (t < 0.12 ? 0.2 : 1.0) : 0.5;
      counts[i] = static_cast<uint16_t>(100 + 180 * load * share);
    }
  }
};

class RecordingSyncTest : public ::testing::Test {
 protected:
  RecordingSyncTest() : flash(256), device(identity, matrix, link, clock, &flash) {
    dir = std::filesystem::temp_directory_path() /
          ("recording_sync_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    db = store::open_for_writing((dir / "runs.db").string());
    clock.now = 1000;
    device.boot();
    // 20 s of running with no host: the insole records by itself.
    while (clock.now < 20'000'000) {
      clock.now += 1000;
      device.poll();
    }
    link.tx.clear();
    info.set_protocol_major(1);
    info.set_protocol_minor(1);
    info.set_serial_number("SN-9");
    info.set_side(v1::SIDE_LEFT);
    info.set_grid_id("eu42-r1");
    info.set_sensel_count(64);
    info.set_sample_rate_hz(200);
    info.set_newtons_per_count(0.1f);
    info.set_board("test");
    info.set_firmware_version("0.1.0");
    info.set_boot_id(device.recordings().boot_id());
  }
  ~RecordingSyncTest() override {
    db.reset();
    std::filesystem::remove_all(dir);
  }

  std::uint32_t send(v1::Command c) {
    const std::uint32_t id = next_id++;
    c.set_request_id(id);
    if (c.has_read_recording()) read_offsets.push_back(c.read_recording().offset());
    const std::string payload = c.SerializeAsString();
    std::vector<uint8_t> out(wire::encoded_size_max(payload.size()));
    const size_t n = wire::encode_frame(1, reinterpret_cast<const uint8_t*>(payload.data()),
                                        payload.size(), out.data(), out.size());
    link.rx.insert(link.rx.end(), out.begin(), out.begin() + static_cast<long>(n));
    return id;
  }

  // Runs the device and hands its replies to the sync, until `until` says stop.
  template <class Until>
  void pump(session::RecordingSync& sync, Until until) {
    for (int i = 0; i < 200000 && !until(); ++i) {
      clock.now += 100;
      device.poll();
      for (uint8_t b : link.tx) {
        if (decoder.push(b) != wire::DecodeResult::kFrame || decoder.channel() != 1) continue;
        v1::DeviceMessage m;
        ASSERT_TRUE(m.ParseFromArray(decoder.payload(), static_cast<int>(decoder.payload_size())));
        sync.on_reply(m);
      }
      link.tx.clear();
    }
  }

  hal::BoardIdentity identity{"test", "SN-9", "eu42-r1", hal::Side::kLeft, 0.1f, 0};
  SteppingMatrix matrix;
  fw::testing::FakeLink link;
  fw::testing::FakeClock clock;
  fw::testing::RamFlash flash;
  fw::Device device;
  wire::StaticFrameDecoder<wire::kMaxPayload> decoder;
  std::filesystem::path dir;
  std::unique_ptr<store::Connection> db;
  v1::DeviceInfo info;
  std::uint32_t next_id = 1;
  std::vector<std::uint32_t> read_offsets;
  std::vector<std::string> log;
};

TEST_F(RecordingSyncTest, ACutDownloadResumesAndTheRunIsImportedOnce) {
  ASSERT_EQ(device.recordings().count(), 1u);
  const fw::RecordingEntry recorded = *device.recordings().at(0);
  ASSERT_GT(recorded.frame_count, 3000u);  // ~18 s at 200 Hz: ~370 KiB

  auto logger = [this](const std::string& line) { log.push_back(line); };
  std::uint32_t held_at_cut = 0;
  {
    app::RecordingImporter importer(*db, info, logger);
    session::RecordingSync sync(
        importer, [this](v1::Command c) { return send(std::move(c)); }, logger);
    sync.start();
    store::InsoleRecordings recordings(*db);
    const store::InsoleRecordingKey key{1, recorded.boot_id, recorded.id};
    pump(sync, [&] { return read_offsets.size() > 700; });  // ~175 KiB asked for
    sync.abandon();                                         // unplugged
    held_at_cut = recordings.held_bytes(key);
    EXPECT_GT(held_at_cut, 150'000u);
    EXPECT_LT(held_at_cut, recorded.size_bytes());
  }
  // Still on the insole, still not a run.
  EXPECT_EQ(device.recordings().count(), 1u);

  read_offsets.clear();
  app::RecordingImporter importer(*db, info, logger);
  session::RecordingSync sync(
      importer, [this](v1::Command c) { return send(std::move(c)); }, logger);
  sync.start();
  pump(sync, [&] { return sync.done(); });
  ASSERT_TRUE(sync.done());
  ASSERT_FALSE(read_offsets.empty());
  EXPECT_EQ(read_offsets.front(), held_at_cut);  // resumed, not started over
  EXPECT_EQ(sync.imported(), 1u);
  EXPECT_EQ(device.recordings().count(), 0u);  // freed on the insole after the import

  store::InsoleRecordings recordings(*db);
  const auto rows = recordings.list();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, "erased");
  ASSERT_TRUE(rows[0].run_id.has_value());
  EXPECT_EQ(rows[0].frame_count, recorded.frame_count);
  EXPECT_TRUE(recordings.data(rows[0].key).empty());  // pieces gone once imported

  store::RunReader reader(*db);
  const auto run = reader.run(*rows[0].run_id);
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->status, "complete");
  const auto steps = reader.steps(*rows[0].run_id);
  // ~18 s of 0.7 s strides on one foot.
  EXPECT_NEAR(static_cast<double>(steps.size()), 18.0 / 0.7, 3.0);
  bool resumed_said = false;
  for (const auto& line : log) resumed_said |= line.find("resuming at byte") != std::string::npos;
  EXPECT_TRUE(resumed_said);

  // Connecting again finds nothing to do.
  read_offsets.clear();
  session::RecordingSync again(
      importer, [this](v1::Command c) { return send(std::move(c)); }, logger);
  again.start();
  pump(again, [&] { return again.done(); });
  EXPECT_TRUE(again.done());
  EXPECT_TRUE(read_offsets.empty());
}

TEST_F(RecordingSyncTest, ACorruptDownloadIsNotImportedAndStaysOnTheInsole) {
  auto logger = [this](const std::string& line) { log.push_back(line); };
  app::RecordingImporter importer(*db, info, logger);
  // A sink that damages one byte on the way in, like a bad cable the framing CRC missed.
  struct Damaging final : session::RecordingSink {
    explicit Damaging(app::RecordingImporter& real) : inner(real) {}
    Start begin(const v1::RecordingInfo& r) override { return inner.begin(r); }
    bool piece(const v1::RecordingInfo& r, std::uint32_t offset, const std::string& d) override {
      std::string copy = d;
      if (offset == 2560) copy[3] ^= 0x10;
      return inner.piece(r, offset, copy);
    }
    bool complete(const v1::RecordingInfo& r) override { return inner.complete(r); }
    void erased(const v1::RecordingInfo& r) override { inner.erased(r); }
    void interrupted(const v1::RecordingInfo& r) override { inner.interrupted(r); }
    app::RecordingImporter& inner;
  } damaging(importer);
  session::RecordingSync sync(
      damaging, [this](v1::Command c) { return send(std::move(c)); }, logger);
  sync.start();
  pump(sync, [&] { return sync.done(); });
  EXPECT_EQ(sync.imported(), 0u);
  EXPECT_EQ(device.recordings().count(), 1u);
  store::InsoleRecordings recordings(*db);
  const auto rows = recordings.list();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, "downloading");
  EXPECT_EQ(recordings.held_bytes(rows[0].key), 0u);  // downloaded again from the start next time
  bool said = false;
  for (const auto& line : log) said |= line.find("failed its CRC check") != std::string::npos;
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace insole
