// The recording store against a NOR flash in RAM: what survives a remount and a power loss, how
// space is reused, and that it never programs a 0 -> 1 bit or crosses a page in one program.
#include "insole/fw/recording_store.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "insole/wire/crc32.h"
#include "insole/wire/recording_record.h"
#include "ram_flash.h"

namespace insole::fw {
namespace {

using testing::RamFlash;

constexpr uint16_t kSensels = 64;
constexpr uint16_t kRecordBytes = wire::recording_record_size(kSensels);  // 105

std::vector<uint8_t> record_for(uint32_t sequence) {
  std::vector<uint8_t> packed(wire::packed_readings_size(kSensels));
  for (size_t i = 0; i < packed.size(); ++i) packed[i] = static_cast<uint8_t>(sequence * 7 + i);
  std::vector<uint8_t> r(kRecordBytes);
  wire::encode_record(1'000'000u + sequence * 5000u, sequence & 1, packed.data(), packed.size(),
                      r.data(), r.size());
  return r;
}

class RecordingStoreTest : public ::testing::Test {
 protected:
  explicit RecordingStoreTest(uint32_t sectors = 16) : flash(sectors) { store.mount(&flash); }

  // Appends records for sequences [first, first + n); returns how many were accepted.
  uint32_t record(RecordingKind kind, uint32_t first, uint32_t n) {
    if (!store.begin(kind, first, 1'000'000u + first * 5000u, 200, kSensels, kRecordBytes))
      return 0;
    uint32_t done = 0;
    for (uint32_t s = first; s < first + n; ++s) {
      if (!store.append(record_for(s).data())) break;
      ++done;
    }
    store.end(RecordingEnd::kFootOff);
    return done;
  }

  void remount() {
    store = RecordingStore{};
    store.mount(&flash);
  }

  void TearDown() override {
    EXPECT_EQ(flash.bad_programs, 0) << "a program needed a 0 -> 1 bit";
    EXPECT_EQ(flash.page_crossings, 0) << "a program crossed a 256-byte page";
  }

  RamFlash flash;
  RecordingStore store;
};

TEST_F(RecordingStoreTest, RecordsSurviveARemountByteForByte) {
  const uint32_t boot = store.boot_id();
  ASSERT_EQ(record(RecordingKind::kOffline, 500, 300), 300u);  // 31.5 kB: spans 8 sectors
  remount();
  EXPECT_EQ(store.boot_id(), boot + 1);
  ASSERT_EQ(store.count(), 1u);
  const RecordingEntry& e = *store.at(0);
  EXPECT_EQ(e.kind, RecordingKind::kOffline);
  EXPECT_EQ(e.first_sequence, 500u);
  EXPECT_EQ(e.frame_count, 300u);
  EXPECT_EQ(e.start_time_us, 1'000'000u + 500u * 5000u);
  EXPECT_EQ(e.boot_id, boot);
  EXPECT_FALSE(e.open);
  std::vector<uint8_t> all(e.size_bytes());
  ASSERT_TRUE(store.read(e.id, 0, all.data(), all.size()));
  std::vector<uint8_t> expected;
  for (uint32_t s = 500; s < 800; ++s) {
    const auto r = record_for(s);
    expected.insert(expected.end(), r.begin(), r.end());
  }
  EXPECT_EQ(all, expected);
  EXPECT_EQ(e.crc32, wire::crc32(expected.data(), expected.size()));
  EXPECT_EQ(store.unsynced(), 1u);
}

TEST_F(RecordingStoreTest, ReadFrameFindsSequencesOfThisBootOnly) {
  ASSERT_EQ(record(RecordingKind::kJournal, 0, 50), 50u);
  ASSERT_EQ(record(RecordingKind::kJournal, 80, 50), 50u);
  uint8_t r[RecordingStore::kMaxRecordBytes];
  ASSERT_TRUE(store.read_frame(120, r, sizeof(r)));
  EXPECT_EQ(std::vector<uint8_t>(r, r + kRecordBytes), record_for(120));
  ASSERT_TRUE(store.read_frame(3, r, sizeof(r)));
  EXPECT_EQ(std::vector<uint8_t>(r, r + kRecordBytes), record_for(3));
  EXPECT_FALSE(store.read_frame(60, r, sizeof(r)));   // between the two
  EXPECT_FALSE(store.read_frame(130, r, sizeof(r)));  // after the last
  remount();  // a new boot: its sequence numbers start again, old frames are not "this boot"
  EXPECT_FALSE(store.read_frame(3, r, sizeof(r)));
  EXPECT_EQ(store.count(), 2u);
}

TEST_F(RecordingStoreTest, PowerLossKeepsEveryCommittedRecord) {
  for (long cut : {40L, 41L, 42L, 43L, 200L}) {
    flash = RamFlash(16);
    remount();
    flash.fail_after_programs = flash.programs + 1 + cut;  // the header, then `cut` programs
    ASSERT_TRUE(store.begin(RecordingKind::kOffline, 7, 0, 200, kSensels, kRecordBytes));
    uint32_t appended = 0;
    while (store.append(record_for(7 + appended).data())) ++appended;
    flash.powered_off = false;
    flash.fail_after_programs = -1;
    remount();
    ASSERT_EQ(store.count(), 1u) << cut;
    const RecordingEntry& e = *store.at(0);
    EXPECT_EQ(e.frame_count, appended) << "cut after " << cut << " programs";
    std::vector<uint8_t> expected;
    for (uint32_t s = 7; s < 7 + appended; ++s) {
      const auto r = record_for(s);
      expected.insert(expected.end(), r.begin(), r.end());
    }
    EXPECT_EQ(e.crc32, wire::crc32(expected.data(), expected.size()));
    // Closed at that mount: the next one reads the same without scanning.
    remount();
    EXPECT_EQ(store.at(0)->frame_count, appended);
  }
}

TEST_F(RecordingStoreTest, JournalsAreReusedButOfflineRecordingsAreNot) {
  // 15 log sectors of 4 KiB: about 580 records in all.
  ASSERT_EQ(record(RecordingKind::kJournal, 0, 250), 250u);
  ASSERT_EQ(record(RecordingKind::kJournal, 250, 250), 250u);
  ASSERT_EQ(record(RecordingKind::kJournal, 500, 250), 250u);  // reuses the first journal
  EXPECT_EQ(store.state(), RecordingStore::State::kOk);
  EXPECT_EQ(store.at(0)->first_sequence, 250u);

  ASSERT_EQ(record(RecordingKind::kOffline, 1000, 250), 250u);
  const uint32_t second = record(RecordingKind::kOffline, 2000, 400);
  EXPECT_GT(second, 250u);  // the journals' space was reused...
  EXPECT_LT(second, 400u);  // ...until it ran into the first offline recording
  EXPECT_EQ(store.state(), RecordingStore::State::kFull);
  remount();
  ASSERT_EQ(store.count(), 2u);
  EXPECT_EQ(store.at(0)->first_sequence, 1000u);
  EXPECT_EQ(store.at(0)->frame_count, 250u);  // untouched by the recording that stopped
  EXPECT_EQ(store.at(1)->frame_count, second);

  // Once the host frees them, the space is used again.
  EXPECT_TRUE(store.free(store.at(0)->id));
  EXPECT_TRUE(store.free(store.at(0)->id));
  EXPECT_EQ(store.count(), 0u);
  EXPECT_EQ(record(RecordingKind::kOffline, 3000, 500), 500u);
  EXPECT_EQ(store.state(), RecordingStore::State::kOk);
}

TEST_F(RecordingStoreTest, ARecordingCannotOverrunItself) {
  const uint32_t n = record(RecordingKind::kJournal, 0, 100000);
  EXPECT_GT(n, 500u);
  EXPECT_LT(n, 15u * 4096u / kRecordBytes);
  EXPECT_EQ(store.state(), RecordingStore::State::kFull);
  remount();
  EXPECT_EQ(store.at(0)->frame_count, n);
}

TEST_F(RecordingStoreTest, DirectoryHoldsAtMost32Recordings) {
  RecordingStore big;
  RamFlash roomy(200);
  big.mount(&roomy);
  for (uint32_t i = 0; i < RecordingStore::kMaxRecordings; ++i)
    ASSERT_TRUE(big.begin(RecordingKind::kOffline, i * 10, 0, 200, kSensels, kRecordBytes));
  // Each begin() ended the previous one; the empty ones were dropped, so add a record each.
  big = RecordingStore{};
  roomy = RamFlash(200);
  big.mount(&roomy);
  for (uint32_t i = 0; i < RecordingStore::kMaxRecordings; ++i) {
    ASSERT_TRUE(big.begin(RecordingKind::kOffline, i * 10, 0, 200, kSensels, kRecordBytes));
    ASSERT_TRUE(big.append(record_for(i * 10).data()));
  }
  big.end(RecordingEnd::kFootOff);
  EXPECT_EQ(big.count(), RecordingStore::kMaxRecordings);
  EXPECT_FALSE(big.begin(RecordingKind::kOffline, 999, 0, 200, kSensels, kRecordBytes));
  EXPECT_EQ(big.state(), RecordingStore::State::kFull);
  EXPECT_TRUE(big.free(big.at(0)->id));
  EXPECT_TRUE(big.begin(RecordingKind::kOffline, 999, 0, 200, kSensels, kRecordBytes));
  EXPECT_EQ(roomy.bad_programs, 0);
}

TEST_F(RecordingStoreTest, BootCounterCountsAcrossAFullSector) {
  const uint32_t first = store.boot_id();
  for (int i = 0; i < 1100; ++i) remount();  // 1024 slots per sector: one erase on the way
  EXPECT_EQ(store.boot_id(), first + 1100);
}

TEST_F(RecordingStoreTest, FlashErrorsStopRecordingAndSaySo) {
  ASSERT_TRUE(store.begin(RecordingKind::kOffline, 0, 0, 200, kSensels, kRecordBytes));
  ASSERT_TRUE(store.append(record_for(0).data()));
  flash.broken = true;
  EXPECT_FALSE(store.append(record_for(1).data()));
  EXPECT_EQ(store.state(), RecordingStore::State::kError);
  EXPECT_FALSE(store.begin(RecordingKind::kOffline, 5, 0, 200, kSensels, kRecordBytes));
  RecordingStore none;
  none.mount(nullptr);
  EXPECT_EQ(none.state(), RecordingStore::State::kNoFlash);
  EXPECT_FALSE(none.begin(RecordingKind::kOffline, 0, 0, 200, kSensels, kRecordBytes));
  EXPECT_EQ(none.capacity_bytes(), 0u);
}

TEST_F(RecordingStoreTest, RefusesReadsOutsideARecording) {
  ASSERT_EQ(record(RecordingKind::kOffline, 0, 10), 10u);
  const uint32_t id = store.at(0)->id;
  uint8_t buf[300];
  EXPECT_TRUE(store.read(id, 1050 - 10, buf, 10));
  EXPECT_FALSE(store.read(id, 1050 - 10, buf, 11));
  EXPECT_FALSE(store.read(id + 1, 0, buf, 1));
  EXPECT_FALSE(store.free(id + 1));
}

// Issue 13: the wall clock a host gives in a boot dates that boot's recordings after any number
// of power cycles; a boot no host saw stays undated; the boot log keeps what is needed when it
// fills up and is rewritten.
TEST_F(RecordingStoreTest, TheClockOfABootDatesItsRecordingsAcrossPowerCycles) {
  const uint32_t dated_boot = store.boot_id();
  constexpr uint64_t kWall = 1'780'000'000'000'000u;           // µs since 1970
  ASSERT_TRUE(store.set_clock(kWall + 2'000'000, 2'000'000));  // given at device time 2 s
  EXPECT_TRUE(store.clock_set());
  ASSERT_EQ(record(RecordingKind::kOffline, 0, 5), 5u);
  remount();  // power cycle: this boot has no host
  EXPECT_FALSE(store.clock_set());
  ASSERT_EQ(record(RecordingKind::kOffline, 0, 5), 5u);
  for (int i = 0; i < 1100; ++i) remount();  // fills the boot log: it is rewritten on the way
  ASSERT_EQ(store.count(), 2u);
  EXPECT_EQ(store.at(0)->boot_id, dated_boot);
  EXPECT_EQ(store.at(0)->boot_wall_clock_us, kWall);
  EXPECT_EQ(store.at(0)->clock_set_at_us, 2'000'000u);
  EXPECT_EQ(store.at(1)->boot_wall_clock_us, 0u) << "no host saw that boot";
  EXPECT_EQ(store.boot_id(), dated_boot + 1101);

  // A host seen later in a boot dates the recordings it made before, too; a clock that moved by
  // less than kClockRewriteUs is not written again.
  const uint32_t later_boot = store.boot_id();
  ASSERT_EQ(record(RecordingKind::kOffline, 0, 5), 5u);
  ASSERT_TRUE(store.set_clock(kWall + 9'000'000'000, 40'000'000));
  ASSERT_TRUE(store.set_clock(kWall + 9'000'000'000 + 10'000'005, 50'000'000));
  remount();
  ASSERT_EQ(store.count(), 3u);
  EXPECT_EQ(store.at(2)->boot_id, later_boot);
  EXPECT_EQ(store.at(2)->boot_wall_clock_us, kWall + 9'000'000'000 - 40'000'000);
  EXPECT_EQ(store.at(2)->clock_set_at_us, 40'000'000u);
}

TEST_F(RecordingStoreTest, TheRecordingRateSurvivesPowerCyclesAndARewrite) {
  EXPECT_EQ(store.recording_rate_hz(), 0u);
  ASSERT_TRUE(store.set_recording_rate(100));
  remount();
  EXPECT_EQ(store.recording_rate_hz(), 100u);
  ASSERT_TRUE(store.set_recording_rate(50));
  for (int i = 0; i < 1100; ++i) remount();
  EXPECT_EQ(store.recording_rate_hz(), 50u);
}

TEST_F(RecordingStoreTest, ARecordingSaysWhyItEnded) {
  ASSERT_EQ(record(RecordingKind::kOffline, 0, 3), 3u);  // ended by kFootOff
  // Runs until the flash is full: the store closes it as kFlashFull.
  ASSERT_TRUE(store.begin(RecordingKind::kOffline, 3, 0, 200, kSensels, kRecordBytes));
  uint32_t n = 0;
  while (store.append(record_for(3 + n).data())) ++n;
  EXPECT_EQ(store.state(), RecordingStore::State::kFull);
  EXPECT_EQ(store.open_recording(), nullptr);
  EXPECT_EQ(store.free_records(kRecordBytes), 0u);
  // One cut by a power loss: closed at the next mount.
  ASSERT_TRUE(store.free(store.at(0)->id));
  ASSERT_TRUE(store.free(store.at(0)->id));
  ASSERT_TRUE(store.begin(RecordingKind::kOffline, 9, 0, 200, kSensels, kRecordBytes));
  ASSERT_TRUE(store.append(record_for(9).data()));
  remount();
  ASSERT_EQ(store.count(), 1u);
  EXPECT_EQ(store.at(0)->end, RecordingEnd::kPowerLoss);

  RamFlash other(16);
  RecordingStore s2;
  s2.mount(&other);
  ASSERT_TRUE(s2.begin(RecordingKind::kOffline, 0, 0, 200, kSensels, kRecordBytes));
  uint32_t full = 0;
  while (s2.append(record_for(full).data())) ++full;
  // 16 sectors: 15 in the log, the last kept erased ahead: 14 * 4096 - 64 bytes of records.
  EXPECT_EQ(full, (14u * 4096 - 64) / kRecordBytes);
  EXPECT_EQ(full, s2.capacity_records(kRecordBytes));
  s2 = RecordingStore{};
  s2.mount(&other);
  ASSERT_EQ(s2.count(), 1u);
  EXPECT_EQ(s2.at(0)->end, RecordingEnd::kFlashFull);
  EXPECT_EQ(s2.at(0)->frame_count, full);
}

TEST_F(RecordingStoreTest, FreeSpaceIsWhatUnsyncedRecordingsLeave) {
  const uint32_t empty = store.free_records(kRecordBytes);
  EXPECT_EQ(empty, store.capacity_records(kRecordBytes));
  ASSERT_EQ(record(RecordingKind::kOffline, 0, 100), 100u);  // 3 sectors (105 * 100 + 64 B)
  EXPECT_EQ(store.free_records(kRecordBytes), ((15u - 3 - 1) * 4096 - 64) / kRecordBytes);
  // A journal after it: its space is reused only once the log wraps round to it, behind the
  // unsynced recording, so a recording begun now has the 9 sectors up to that one.
  ASSERT_EQ(record(RecordingKind::kJournal, 0, 100), 100u);
  EXPECT_EQ(store.free_records(kRecordBytes), ((15u - 6 - 1) * 4096 - 64) / kRecordBytes);
}

}  // namespace
}  // namespace insole::fw
