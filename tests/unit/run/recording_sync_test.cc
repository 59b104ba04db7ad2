// Syncing an insole's offline recording into a real SQLite file: the firmware core (with a NOR
// flash in RAM) records a run with no host, then the daemon's RecordingSync + FlashImporter
// download it over the protocol, are cut off mid-download, resume where the database copy ends,
// verify, import it as an analysed run and free it on the insole.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "../firmware/device_fakes.h"
#include "../firmware/ram_flash.h"
#include "insole/fw/device.h"
#include "insole/run/flash_importer.h"
#include "insole/run/outing_merge.h"
#include "insole/run/stored_run_analysis.h"
#include "insole/session/recording_sync.h"
#include "insole/store/insole_recordings.h"
#include "insole/store/iso_time.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "insole/v1/control.pb.h"
#include "insole/wire/frame.h"

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
    run::FlashImporter importer(*db, info, logger);
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
  run::FlashImporter importer(*db, info, logger);
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
  run::FlashImporter importer(*db, info, logger);
  // A sink that damages one byte on the way in, like a bad cable the framing CRC missed.
  struct Damaging final : session::RecordingSink {
    explicit Damaging(run::FlashImporter& real) : inner(real) {}
    Start begin(const v1::RecordingInfo& r) override { return inner.begin(r); }
    bool piece(const v1::RecordingInfo& r, std::uint32_t offset, const std::string& d) override {
      std::string copy = d;
      if (offset == 2560) copy[3] ^= 0x10;
      return inner.piece(r, offset, copy);
    }
    bool complete(const v1::RecordingInfo& r) override { return inner.complete(r); }
    void erased(const v1::RecordingInfo& r) override { inner.erased(r); }
    void interrupted(const v1::RecordingInfo& r) override { inner.interrupted(r); }
    run::FlashImporter& inner;
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

// One outing, two insoles, no host (issue 13): both feet record the same 20 s of running, each
// booted at its own moment (so their device clocks differ), the right foot landing half a stride
// after the left, until the runner stops at world 20 s. Each is synced on its own session, at
// different times, in either order.
// The truth is the simulated world: the right foot lands 0.35 s after the left, every stride.
class OutingFoot final : public hal::SenselMatrix {
 public:
  OutingFoot(std::uint64_t boot_world_us, double phase_s, double stop_world_s)
      : boot_world_us_(boot_world_us), phase_s_(phase_s), stop_world_s_(stop_world_s) {}
  size_t sensel_count() const override { return 64; }
  void scan(uint64_t t_us, uint16_t* counts) override {
    const double world = static_cast<double>(t_us + boot_world_us_) * 1e-6;
    const double t = std::fmod(world + 0.7 - phase_s_, 0.7);
    const double load = t < 0.25 && world < stop_world_s_ ? std::sin(M_PI * t / 0.25) : 0.0;
    for (size_t i = 0; i < 64; ++i) {
      const bool heel = i >= 48, fore = i < 24;
      const double share = heel ? (t < 0.12 ? 1.0 : 0.3) : fore ? (t < 0.12 ? 0.2 : 1.0) : 0.5;
      counts[i] = static_cast<uint16_t>(100 + 180 * load * share);
    }
  }

 private:
  std::uint64_t boot_world_us_;
  double phase_s_;
  double stop_world_s_;  // the runner stops here
};

struct OutingInsole {
  // World time 0 is wall-clock kWallEpochUs.
  static constexpr std::int64_t kWallEpochUs = 1'780'000'000'000'000;

  OutingInsole(const char* serial, hal::Side side, std::uint64_t boot_at_world_us, double phase_s,
               double stop_world_s)
      : identity{"test", serial, "eu42-r1", side, 0.1f, 0},
        matrix(boot_at_world_us, phase_s, stop_world_s),
        flash(256),
        device(identity, matrix, link, clock, &flash),
        boot_world_us(boot_at_world_us) {
    clock.now = 1000;
    device.boot();
    info.set_protocol_major(1);
    info.set_protocol_minor(1);
    info.set_serial_number(serial);
    info.set_side(side == hal::Side::kLeft ? v1::SIDE_LEFT : v1::SIDE_RIGHT);
    info.set_grid_id("eu42-r1");
    info.set_sensel_count(64);
    info.set_sample_rate_hz(200);
    info.set_newtons_per_count(0.1f);
    info.set_board("test");
    info.set_firmware_version("0.1.0");
    info.set_boot_id(device.recordings().boot_id());
  }
  void run_until_world(std::uint64_t world_us) {
    while (clock.now + boot_world_us < world_us) {
      clock.now += 1000;
      device.poll();
    }
    link.tx.clear();
  }
  std::uint32_t send(v1::Command c) {
    const std::uint32_t id = next_id++;
    c.set_request_id(id);
    const std::string payload = c.SerializeAsString();
    std::vector<uint8_t> out(wire::encoded_size_max(payload.size()));
    const size_t n = wire::encode_frame(1, reinterpret_cast<const uint8_t*>(payload.data()),
                                        payload.size(), out.data(), out.size());
    link.rx.insert(link.rx.end(), out.begin(), out.begin() + static_cast<long>(n));
    return id;
  }
  // Connects at world time world_us (the host's wall clock agrees), syncs everything, unplugs.
  std::uint32_t sync_at(store::Connection& db, std::uint64_t world_us,
                        std::vector<std::string>& log) {
    run_until_world(world_us);
    auto logger = [&log](const std::string& line) { log.push_back(line); };
    run::FlashImporter importer(db, info, logger);
    importer.set_device_uptime(
        clock.now, std::chrono::system_clock::time_point(std::chrono::microseconds(
                       kWallEpochUs + static_cast<std::int64_t>(boot_world_us + clock.now))));
    session::RecordingSync sync(
        importer, [this](v1::Command c) { return send(std::move(c)); }, logger);
    sync.start();
    for (int i = 0; i < 400000 && !sync.done(); ++i) {
      clock.now += 100;
      device.poll();
      for (uint8_t b : link.tx) {
        if (decoder.push(b) != wire::DecodeResult::kFrame || decoder.channel() != 1) continue;
        v1::DeviceMessage m;
        if (m.ParseFromArray(decoder.payload(), static_cast<int>(decoder.payload_size())))
          sync.on_reply(m);
      }
      link.tx.clear();
    }
    EXPECT_TRUE(sync.done());
    return sync.imported();
  }

  hal::BoardIdentity identity;
  OutingFoot matrix;
  fw::testing::FakeLink link;
  fw::testing::FakeClock clock;
  fw::testing::RamFlash flash;
  fw::Device device;
  std::uint64_t boot_world_us;
  wire::StaticFrameDecoder<wire::kMaxPayload> decoder;
  v1::DeviceInfo info;
  std::uint32_t next_id = 1;
};

class OutingSyncTest : public ::testing::Test {
 protected:
  OutingSyncTest() {
    dir =
        std::filesystem::temp_directory_path() / ("outing_sync_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    db = store::open_for_writing((dir / "runs.db").string());
  }
  ~OutingSyncTest() override {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  std::unique_ptr<store::Connection> db;
  std::vector<std::string> log;
};

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

class OutingSyncOrderTest : public OutingSyncTest, public ::testing::WithParamInterface<bool> {};

TEST_P(OutingSyncOrderTest, TwoFeetRecordedWithNoHostAreOneTwoFootRun) {
  const bool right_first = GetParam();
  // Left booted at world 0.0 s, right at 2.513 s; both run until world 20 s.
  OutingInsole left("SN-L", hal::Side::kLeft, 0, 0.0, 20.0);
  OutingInsole right("SN-R", hal::Side::kRight, 2'513'000, 0.35, 20.0);
  for (std::uint64_t w = 0; w < 40'000'000; w += 1'000'000) {
    left.run_until_world(w);
    right.run_until_world(w);
  }
  ASSERT_EQ(left.device.recordings().count(), 1u);
  ASSERT_EQ(right.device.recordings().count(), 1u);
  // Where each recording began in the world (the insole starts once it has calibrated and
  // felt the foot), and how many whole stances each foot made from then until the stop.
  const std::int64_t left_start_us =
      static_cast<std::int64_t>(left.device.recordings().at(0)->start_time_us);
  const double left_start = 1e-6 * static_cast<double>(left_start_us);
  const double right_start =
      2.513 + 1e-6 * static_cast<double>(right.device.recordings().at(0)->start_time_us);
  const std::uint32_t right_frames = right.device.recordings().at(0)->frame_count;
  auto stances = [](double from, double phase) {
    int n = 0;
    for (double c = phase; c + 0.25 <= 20.0; c += 0.7) n += c >= from;
    return n;
  };

  // One foot is synced at world 100 s, the other one later (130 s).
  OutingInsole& first = right_first ? right : left;
  OutingInsole& second = right_first ? left : right;
  EXPECT_EQ(first.sync_at(*db, 100'000'000, log), 1u) << joined(log);
  EXPECT_EQ(second.sync_at(*db, 130'000'000, log), 1u) << joined(log);
  EXPECT_EQ(left.device.recordings().count(), 0u);
  EXPECT_EQ(right.device.recordings().count(), 0u);

  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u) << joined(log);
  ASSERT_LT(left_start, right_start);
  const std::int64_t run = runs[0].id;
  store::InsoleRecordings recordings(*db);
  for (const auto& row : recordings.list()) {
    EXPECT_EQ(row.run_id, run);
    EXPECT_EQ(row.state, "erased");
  }
  EXPECT_EQ(reader.devices(run).size(), 2u);
  const auto summary = reader.summary(run);
  ASSERT_TRUE(summary);
  ASSERT_EQ(summary->sides.size(), 2u);
  const auto l = reader.steps(run, 'L');
  const auto r = reader.steps(run, 'R');
  EXPECT_NEAR(static_cast<double>(l.size()), stances(left_start, 0.0), 1.0);
  EXPECT_NEAR(static_cast<double>(r.size()), stances(right_start, 0.35), 1.0);
  // Dated when the earlier foot started recording.
  EXPECT_EQ(runs[0].started_at,
            store::iso_utc((OutingInsole::kWallEpochUs + left_start_us) / 1000));
  // It ended when the later recording's last frame was scanned, not when it was synced; the
  // runner ran from the left foot's first contact to the last toe-off before the stop.
  ASSERT_TRUE(runs[0].recording_span_s);
  EXPECT_NEAR(*runs[0].recording_span_s,
              right_start + static_cast<double>(right_frames) / 200.0 - left_start, 0.002);
  double last_toe_off = 0;
  for (double c = 0.35; c + 0.25 <= 20.0; c += 0.35) last_toe_off = c + 0.25;
  double first_contact = 0;
  while (first_contact < left_start) first_contact += 0.7;
  EXPECT_NEAR(runs[0].duration_s, last_toe_off - first_contact, 0.02);

  // Every right contact comes 0.35 s after the left contact before it, as in the world.
  int checked = 0;
  for (const auto& step : r) {
    const auto before = std::find_if(l.rbegin(), l.rend(),
                                     [&](const auto& s) { return s.contact_s < step.contact_s; });
    if (before == l.rend()) continue;
    EXPECT_NEAR(step.contact_s - before->contact_s, 0.35, 0.01)
        << "right step at " << step.contact_s;
    ++checked;
  }
  EXPECT_GT(checked, 20);
  // Re-analysis from the archive gives the same run axis: the stored clocks were moved with it.
  const auto devices = reader.devices(run);
  for (const auto& d : devices) EXPECT_TRUE(d.has_clock);

  // Each foot re-analysed on its own thread gives exactly the steps of one pass over both.
  const auto per_foot = run::analyse_stored_run(reader, run, run::Passes::kPerFoot);
  const auto one = run::analyse_stored_run(reader, run, run::Passes::kOne);
  EXPECT_EQ(per_foot.frames, one.frames);
  ASSERT_EQ(per_foot.steps.size(), one.steps.size());
  EXPECT_EQ(per_foot.steps.size(), l.size() + r.size());
  std::size_t with_flight = 0;
  for (std::size_t i = 0; i < one.steps.size(); ++i) {
    const auto& a = per_foot.steps[i];
    const auto& b = one.steps[i];
    EXPECT_EQ(a.side, b.side) << i;
    EXPECT_EQ(a.contact_s, b.contact_s) << i;
    EXPECT_EQ(a.toe_off_s, b.toe_off_s) << i;
    EXPECT_EQ(a.peak_force_n, b.peak_force_n) << i;
    EXPECT_EQ(a.flight_time_s, b.flight_time_s) << i;
    EXPECT_EQ(a.silent_sensel, b.silent_sensel) << i;
    with_flight += b.flight_time_s > 0;
  }
  EXPECT_GT(with_flight, 10u);  // the feet's timing across each other was compared
}

INSTANTIATE_TEST_SUITE_P(SyncOrder, OutingSyncOrderTest, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "RightFirst" : "LeftFirst"; });

TEST_F(OutingSyncTest, AFootWithNoPartnerStaysAOneFootRunThatSaysSo) {
  OutingInsole left("SN-L", hal::Side::kLeft, 0, 0.0, 10.0);
  left.run_until_world(10'000'000);
  EXPECT_EQ(left.sync_at(*db, 50'000'000, log), 1u) << joined(log);
  store::RunReader reader(*db);
  ASSERT_EQ(reader.runs().size(), 1u);
  EXPECT_EQ(reader.devices(reader.runs()[0].id).size(), 1u);
  EXPECT_NE(joined(log).find("one foot"), std::string::npos) << joined(log);
}

TEST_F(OutingSyncTest, RecordingsThatDoNotOverlapAreSeparateRuns) {
  // Two outings: the left insole in the morning, the right one an hour later.
  OutingInsole left("SN-L", hal::Side::kLeft, 0, 0.0, 10.0);
  OutingInsole right("SN-R", hal::Side::kRight, 3'600'000'000, 0.35, 3610.0);
  left.run_until_world(10'000'000);
  EXPECT_EQ(left.sync_at(*db, 50'000'000, log), 1u) << joined(log);
  right.run_until_world(3'610'000'000);
  EXPECT_EQ(right.sync_at(*db, 3'650'000'000, log), 1u);
  store::RunReader reader(*db);
  ASSERT_EQ(reader.runs().size(), 2u);
  for (const auto& run : reader.runs()) EXPECT_EQ(reader.devices(run.id).size(), 1u);
}

}  // namespace
}  // namespace insole
