#include "insole/fw/recording_store.h"

#include <string.h>

#include "insole/wire/crc32.h"
#include "insole/wire/recording_record.h"

namespace insole::fw {
namespace {

constexpr uint32_t kSector = hal::Flash::kSectorBytes;
constexpr uint32_t kPage = hal::Flash::kPageBytes;
constexpr uint32_t kMagic = 0x52534e49;  // "INSR"
constexpr uint16_t kFormat = 1;
constexpr uint32_t kErased = 0xffffffffu;
constexpr uint32_t kBootSlots = kSector / 4;
// Boot log entries (sector 0): 8 words, the first with the top bit set (a boot id never has it):
// [0] kEntryTag | type, [1] boot id, [2..3] wall clock µs at device time 0, [4..5] device µs it
// was given at, [6] rate Hz, [7] CRC-32 of words 0..6. Word 0 is programmed first, the rest in a
// second program: an entry torn by a power loss fails its CRC and is skipped.
constexpr uint32_t kEntryTag = 0x80000000u;
constexpr uint32_t kEntryWords = 8;
constexpr uint32_t kEntryClock = 1, kEntryRate = 2;

// Header fields (little-endian byte offsets).
constexpr uint32_t kOffMagic = 0, kOffFormat = 4, kOffRecordBytes = 6, kOffId = 8, kOffBoot = 12,
                   kOffFirstSeq = 16, kOffStart = 20, kOffRate = 28, kOffSensels = 32,
                   kOffKind = 34, kOffHeaderCrc = 36, kOffCount = 40, kOffDataCrc = 44,
                   kOffClosed = 48, kOffFreed = 52, kOffEnd = 56;
constexpr uint32_t kHeaderCrcSpan = kOffHeaderCrc;

static_assert(RecordingStore::kHeaderBytes <= kPage, "the header is programmed in one page");

void put_u16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void put_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint16_t get_u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
uint32_t get_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

}  // namespace

uint32_t RecordingStore::sector_address(uint32_t log_sector) const {
  return (1 + log_sector % log_sectors()) * kSector;
}

uint32_t RecordingStore::sectors_spanned(const RecordingEntry& e, uint32_t extra_bytes) const {
  return (kHeaderBytes + e.size_bytes() + extra_bytes + kSector - 1) / kSector;
}

uint32_t RecordingStore::capacity_bytes() const {
  return state_ == State::kNoFlash ? 0 : log_sectors() * kSector;
}

uint32_t RecordingStore::used_bytes() const {
  uint32_t used = 0;
  for (size_t i = 0; i < entry_count_; ++i)
    if (!entries_[i].freed) used += sectors_spanned(entries_[i], 0) * kSector;
  return used;
}

// Sectors an offline recording begun now may run over before it meets one that may not be
// reused (an unsynced offline recording); the last of them must stay erased ahead. It would begin
// where the next recording begins: after an open journal, which it ends. Journals count as free
// (their space is reused oldest first), so this is an upper bound when one is not the oldest.
uint32_t RecordingStore::room_sectors() const {
  uint32_t start = head_sector_;
  if (open_index_ >= 0)
    start = (entries_[open_index_].start_sector + sectors_spanned(entries_[open_index_], 0)) %
            log_sectors();
  uint32_t room = log_sectors();
  for (size_t i = 0; i < entry_count_; ++i) {
    const RecordingEntry& e = entries_[i];
    if (e.freed || e.kind == RecordingKind::kJournal) continue;
    const uint32_t d = (e.start_sector + log_sectors() - start) % log_sectors();
    if (d < room) room = d;
  }
  return room;
}

uint32_t RecordingStore::capacity_records(uint16_t record_bytes) const {
  if (state_ == State::kNoFlash || record_bytes == 0) return 0;
  // append() keeps one sector erased ahead of the recording, so it may fill all but one.
  return ((log_sectors() - 1) * kSector - kHeaderBytes) / record_bytes;
}

uint32_t RecordingStore::free_records(uint16_t record_bytes) const {
  if (state_ == State::kNoFlash || state_ == State::kError || record_bytes == 0) return 0;
  if (entry_count_ == kMaxRecordings && entries_[0].kind == RecordingKind::kOffline &&
      !entries_[0].freed)
    return 0;
  const uint32_t sectors = room_sectors();
  if (sectors < 2) return 0;  // begin() needs a sector and the one erased after it
  return ((sectors - 1) * kSector - kHeaderBytes) / record_bytes;
}

uint32_t RecordingStore::unsynced() const {
  uint32_t n = 0;
  for (size_t i = 0; i < entry_count_; ++i)
    if (!entries_[i].freed && entries_[i].kind == RecordingKind::kOffline) ++n;
  return n;
}

void RecordingStore::fail(State state) {
  state_ = state;
  if (state == State::kError) open_index_ = -1;  // nothing more is written after an error
}

bool RecordingStore::program_u32(uint32_t address, uint32_t value) {
  uint8_t b[4];
  put_u32(b, value);
  if (flash_->program(address, b, 4)) return true;
  fail(State::kError);
  return false;
}

// Reads or programs data bytes of a recording, split at sector (wrap-around) and page
// boundaries.
bool RecordingStore::data_io(const RecordingEntry& e, uint32_t offset, uint8_t* in,
                             const uint8_t* out, size_t n) {
  const bool write = out != nullptr;
  uint32_t pos = kHeaderBytes + offset;  // from the start of the recording's first sector
  while (n > 0) {
    const uint32_t in_sector = pos % kSector;
    uint32_t chunk = kSector - in_sector;
    if (write) chunk = kPage - pos % kPage;
    if (chunk > n) chunk = static_cast<uint32_t>(n);
    const uint32_t address = sector_address(e.start_sector + pos / kSector) + in_sector;
    const bool ok = write ? flash_->program(address, out, chunk) : flash_->read(address, in, chunk);
    if (!ok) {
      fail(State::kError);
      return false;
    }
    pos += chunk;
    n -= chunk;
    if (write)
      out += chunk;
    else
      in += chunk;
  }
  return true;
}

// Drops the oldest recording from the directory and erases its header sector, so it cannot
// come back at the next mount.
void RecordingStore::drop_oldest() {
  const uint32_t sector = entries_[0].start_sector;
  for (size_t i = 1; i < entry_count_; ++i) entries_[i - 1] = entries_[i];
  --entry_count_;
  if (open_index_ > 0) --open_index_;
  if (!flash_->erase_sector(1 + sector)) fail(State::kError);
}

// Makes a log sector erased and available, reusing the oldest recording's space if it is in the
// way and may be reused. False when it may not (kFull) or the flash failed (kError).
bool RecordingStore::claim_sector(uint32_t log_sector) {
  log_sector %= log_sectors();
  for (;;) {
    bool taken = false;
    for (size_t i = 0; i < entry_count_ && !taken; ++i) {
      const RecordingEntry& e = entries_[i];
      const uint32_t from_start = (log_sector + log_sectors() - e.start_sector) % log_sectors();
      const uint32_t span = static_cast<int>(i) == open_index_ ? 0 : sectors_spanned(e, 0);
      if (from_start < span) {
        if (i != 0 || e.open || (e.kind == RecordingKind::kOffline && !e.freed)) {
          fail(State::kFull);
          return false;
        }
        taken = true;
      }
    }
    if (!taken) break;
    const bool same = entries_[0].start_sector == log_sector;
    drop_oldest();
    if (state_ == State::kError) return false;
    if (same) return true;  // drop_oldest() erased it
  }
  if (!flash_->erase_sector(1 + log_sector)) {
    fail(State::kError);
    return false;
  }
  return true;
}

bool RecordingStore::begin(RecordingKind kind, uint32_t first_sequence, uint64_t start_time_us,
                           uint32_t sample_rate_hz, uint16_t sensel_count, uint16_t record_bytes) {
  if (state_ == State::kNoFlash || state_ == State::kError) return false;
  if (record_bytes < wire::kRecordHeaderBytes || record_bytes > kMaxRecordBytes) return false;
  end(RecordingEnd::kHost);
  state_ = State::kOk;
  if (entry_count_ == kMaxRecordings) {
    const RecordingEntry& oldest = entries_[0];
    if (oldest.kind == RecordingKind::kOffline && !oldest.freed) {
      fail(State::kFull);
      return false;
    }
    drop_oldest();
    if (state_ == State::kError) return false;
  }
  const uint32_t start = head_sector_ % log_sectors();
  if (!claim_sector(start) || !claim_sector(start + 1)) return false;

  RecordingEntry& e = entries_[entry_count_];
  e = RecordingEntry{};
  e.id = next_id_;
  e.boot_id = boot_id_;
  e.kind = kind;
  e.first_sequence = first_sequence;
  e.start_time_us = start_time_us;
  e.sample_rate_hz = sample_rate_hz;
  e.sensel_count = sensel_count;
  e.record_bytes = record_bytes;
  e.start_sector = start;
  e.open = true;
  e.boot_wall_clock_us = clock_wall_us_;
  e.clock_set_at_us = clock_set_at_us_;

  uint8_t h[kHeaderBytes];
  memset(h, 0xff, sizeof(h));
  put_u32(h + kOffMagic, kMagic);
  put_u16(h + kOffFormat, kFormat);
  put_u16(h + kOffRecordBytes, record_bytes);
  put_u32(h + kOffId, e.id);
  put_u32(h + kOffBoot, e.boot_id);
  put_u32(h + kOffFirstSeq, first_sequence);
  put_u32(h + kOffStart, static_cast<uint32_t>(start_time_us));
  put_u32(h + kOffStart + 4, static_cast<uint32_t>(start_time_us >> 32));
  put_u32(h + kOffRate, sample_rate_hz);
  put_u16(h + kOffSensels, sensel_count);
  h[kOffKind] = static_cast<uint8_t>(kind);
  put_u32(h + kOffHeaderCrc, wire::crc32(h, kHeaderCrcSpan));
  if (!flash_->program(sector_address(start), h, sizeof(h))) {
    fail(State::kError);
    return false;
  }
  ++next_id_;
  open_index_ = static_cast<int>(entry_count_++);
  erased_ahead_ = 1;  // sectors after the start known erased, counted from the start
  return true;
}

const RecordingEntry* RecordingStore::open_recording() const {
  return open_index_ < 0 ? nullptr : &entries_[open_index_];
}

bool RecordingStore::append(const uint8_t* record) {
  if (open_index_ < 0 || state_ != State::kOk) return false;
  // Keep the sector after the one the record ends in erased (the power-loss invariant).
  // claim_sector() may drop older entries and so move the open one: index it afresh after.
  const RecordingEntry& before = entries_[open_index_];
  const uint32_t start_sector = before.start_sector;
  const uint32_t end_sector =
      (kHeaderBytes + before.size_bytes() + before.record_bytes - 1) / kSector;
  while (erased_ahead_ < end_sector + 1) {
    if (erased_ahead_ + 1 >= log_sectors()) {  // the recording would run into its own start
      fail(State::kFull);
      end(RecordingEnd::kFlashFull);
      return false;
    }
    if (!claim_sector(start_sector + erased_ahead_ + 1)) {
      if (state_ == State::kFull) end(RecordingEnd::kFlashFull);
      return false;
    }
    ++erased_ahead_;
  }
  RecordingEntry& e = entries_[open_index_];
  // The time's top byte is 0x00 in every record (wire/recording_record.h) and is programmed
  // last: a record torn by a power loss still reads 0xFF there and is not counted at mount.
  const uint32_t at = e.size_bytes();
  constexpr uint32_t kCommit = wire::kRecordCommitByte;
  if (!data_io(e, at, nullptr, record, kCommit) ||
      !data_io(e, at + kCommit + 1, nullptr, record + kCommit + 1, e.record_bytes - kCommit - 1) ||
      !data_io(e, at + kCommit, nullptr, record + kCommit, 1))
    return false;
  e.crc32 = wire::crc32(record, e.record_bytes, e.crc32);
  ++e.frame_count;
  return true;
}

void RecordingStore::end(RecordingEnd why) {
  if (open_index_ < 0) return;
  RecordingEntry& e = entries_[open_index_];
  open_index_ = -1;
  e.open = false;
  e.end = why;
  head_sector_ = (e.start_sector + sectors_spanned(e, 0)) % log_sectors();
  const uint32_t h = sector_address(e.start_sector);
  if (e.frame_count == 0) {
    e.freed = true;  // nothing recorded: not worth listing
    program_u32(h + kOffFreed, 0);
    return;
  }
  uint8_t closing[8];
  put_u32(closing, e.frame_count);
  put_u32(closing + 4, e.crc32);
  const uint8_t end_byte = static_cast<uint8_t>(why);
  if (!flash_->program(h + kOffCount, closing, sizeof(closing)) ||
      !flash_->program(h + kOffEnd, &end_byte, 1)) {
    fail(State::kError);
    return;
  }
  program_u32(h + kOffClosed, 0);
}

size_t RecordingStore::count() const {
  size_t n = 0;
  for (size_t i = 0; i < entry_count_; ++i)
    if (!entries_[i].freed) ++n;
  return n;
}

const RecordingEntry* RecordingStore::at(size_t index) const {
  for (size_t i = 0; i < entry_count_; ++i) {
    if (entries_[i].freed) continue;
    if (index-- == 0) return &entries_[i];
  }
  return nullptr;
}

const RecordingEntry* RecordingStore::find(uint32_t id) const {
  for (size_t i = 0; i < entry_count_; ++i)
    if (!entries_[i].freed && entries_[i].id == id) return &entries_[i];
  return nullptr;
}

bool RecordingStore::read(uint32_t id, uint32_t offset, uint8_t* out, size_t n) {
  const RecordingEntry* e = find(id);
  if (e == nullptr || state_ == State::kError) return false;
  if (offset > e->size_bytes() || n > e->size_bytes() - offset) return false;
  return data_io(*e, offset, out, nullptr, n);
}

bool RecordingStore::read_frame(uint32_t sequence, uint8_t* record, size_t record_capacity) {
  if (state_ == State::kError) return false;
  for (size_t i = entry_count_; i-- > 0;) {
    const RecordingEntry& e = entries_[i];
    if (e.freed || e.boot_id != boot_id_ || record_capacity < e.record_bytes) continue;
    const uint32_t k = sequence - e.first_sequence;
    if (sequence < e.first_sequence || k >= e.frame_count) continue;
    return data_io(e, k * e.record_bytes, record, nullptr, e.record_bytes);
  }
  return false;
}

bool RecordingStore::free(uint32_t id) {
  for (size_t i = 0; i < entry_count_; ++i) {
    RecordingEntry& e = entries_[i];
    if (e.freed || e.id != id) continue;
    if (e.open) return false;
    e.freed = true;
    program_u32(sector_address(e.start_sector) + kOffFreed, 0);
    if (state_ == State::kFull) state_ = State::kOk;  // the next begin() tries again
    return true;
  }
  return false;
}

void RecordingStore::mount(hal::Flash* flash) {
  flash_ = flash;
  entry_count_ = 0;
  open_index_ = -1;
  next_id_ = 1;
  head_sector_ = 0;
  boot_log_used_ = 0;
  clock_wall_us_ = 0;
  clock_set_at_us_ = 0;
  recording_rate_hz_ = 0;
  if (flash == nullptr) {
    state_ = State::kNoFlash;
    return;
  }
  sector_count_ = flash->sector_count();
  state_ = State::kOk;
  if (sector_count_ < 4) {  // boot counter + at least a recording and its erase-ahead sector
    fail(State::kError);
    return;
  }
  mount_recordings();
  if (state_ == State::kError) return;
  mount_boot_log();
}

void RecordingStore::mount_recordings() {
  uint8_t h[kHeaderBytes];
  uint32_t max_boot = 0;
  for (uint32_t s = 0; s < log_sectors(); ++s) {
    if (!flash_->read(sector_address(s), h, sizeof(h))) {
      fail(State::kError);
      return;
    }
    if (get_u32(h + kOffMagic) != kMagic || get_u16(h + kOffFormat) != kFormat) continue;
    if (get_u32(h + kOffHeaderCrc) != wire::crc32(h, kHeaderCrcSpan)) continue;
    const uint16_t record_bytes = get_u16(h + kOffRecordBytes);
    if (record_bytes < wire::kRecordHeaderBytes || record_bytes > kMaxRecordBytes) continue;
    if (entry_count_ == kMaxRecordings) break;  // cannot happen: begin() keeps at most this many
    RecordingEntry e;
    e.id = get_u32(h + kOffId);
    e.boot_id = get_u32(h + kOffBoot);
    e.kind = h[kOffKind] == static_cast<uint8_t>(RecordingKind::kJournal) ? RecordingKind::kJournal
                                                                          : RecordingKind::kOffline;
    e.first_sequence = get_u32(h + kOffFirstSeq);
    e.start_time_us = get_u32(h + kOffStart) | static_cast<uint64_t>(get_u32(h + kOffStart + 4))
                                                   << 32;
    e.sample_rate_hz = get_u32(h + kOffRate);
    e.sensel_count = get_u16(h + kOffSensels);
    e.record_bytes = record_bytes;
    e.start_sector = s;
    e.freed = get_u32(h + kOffFreed) != kErased;
    if (get_u32(h + kOffClosed) != kErased) {
      e.frame_count = get_u32(h + kOffCount);
      e.crc32 = get_u32(h + kOffDataCrc);
      if (h[kOffEnd] <= static_cast<uint8_t>(RecordingEnd::kRestart))
        e.end = static_cast<RecordingEnd>(h[kOffEnd]);
    } else {
      e.open = true;  // closed below, once the neighbours are known
    }
    // Insertion by id: the log's circular order.
    size_t i = entry_count_++;
    while (i > 0 && entries_[i - 1].id > e.id) {
      entries_[i] = entries_[i - 1];
      --i;
    }
    entries_[i] = e;
    if (e.boot_id > max_boot) max_boot = e.boot_id;
  }
  for (size_t i = 0; i < entry_count_; ++i) {
    if (entries_[i].open) close_after_power_loss(entries_[i]);
    if (state_ == State::kError) return;
  }
  if (entry_count_ > 0) {
    const RecordingEntry& newest = entries_[entry_count_ - 1];
    next_id_ = newest.id + 1;
    head_sector_ = (newest.start_sector + sectors_spanned(newest, 0)) % log_sectors();
  }
  boot_id_ = max_boot;  // mount_boot_log() makes it larger
}

// A recording whose closing fields were never written (power lost while recording): its records
// end at the first erased slot (the sector after the last written one is always erased).
void RecordingStore::close_after_power_loss(RecordingEntry& e) {
  // It may run up to the next recording's start (or all the way round the log).
  uint32_t room_sectors = log_sectors();
  for (size_t i = 0; i < entry_count_; ++i) {
    if (&entries_[i] == &e) continue;
    const uint32_t d = (entries_[i].start_sector + log_sectors() - e.start_sector) % log_sectors();
    if (d > 0 && d < room_sectors) room_sectors = d;
  }
  const uint32_t max_records = (room_sectors * kSector - kHeaderBytes) / e.record_bytes;
  uint8_t record[kMaxRecordBytes];
  e.open = false;
  e.end = RecordingEnd::kPowerLoss;
  e.frame_count = 0;
  e.crc32 = 0;
  while (e.frame_count < max_records) {
    // size_bytes() grows with frame_count, so read through a copy with room for one more.
    RecordingEntry probe = e;
    probe.frame_count = e.frame_count + 1;
    if (!data_io(probe, e.size_bytes(), record, nullptr, e.record_bytes)) return;
    if (record[wire::kRecordCommitByte] != 0x00) break;  // erased or torn: no record here
    e.crc32 = wire::crc32(record, e.record_bytes, e.crc32);
    ++e.frame_count;
  }
  const uint32_t h = sector_address(e.start_sector);
  uint8_t closing[8];
  put_u32(closing, e.frame_count);
  put_u32(closing + 4, e.crc32);
  const uint8_t end_byte = static_cast<uint8_t>(RecordingEnd::kPowerLoss);
  if (!flash_->program(h + kOffCount, closing, sizeof(closing)) ||
      !flash_->program(h + kOffEnd, &end_byte, 1)) {
    fail(State::kError);
    return;
  }
  program_u32(h + kOffClosed, 0);
}

// Sector 0, the boot log: one u32 per boot (a boot id, top bit clear) and 8-word entries (clock,
// recording rate), appended in order. A torn entry fails its CRC; a sector that cannot take the
// next item is erased and rewritten with what is still needed (compact_boot_log()).
void RecordingStore::mount_boot_log() {
  uint32_t last_boot = 0;
  uint32_t used = 0;
  uint8_t b[kEntryWords * 4];
  for (uint32_t slot = 0; slot < kBootSlots;) {
    if (!flash_->read(slot * 4, b, 4)) {
      fail(State::kError);
      return;
    }
    const uint32_t w = get_u32(b);
    if (w == kErased) {  // the end, or a torn entry whose first word never made it
      ++slot;
      continue;
    }
    if ((w & kEntryTag) == 0) {
      if (w > last_boot) last_boot = w;
      used = ++slot;
      continue;
    }
    if (slot + kEntryWords > kBootSlots) {  // cannot be an entry (append() never splits one)
      used = kBootSlots;
      break;
    }
    if (!flash_->read(slot * 4, b, sizeof(b))) {
      fail(State::kError);
      return;
    }
    used = slot + kEntryWords;
    slot += kEntryWords;
    if (get_u32(b + 28) != wire::crc32(b, 28)) continue;
    const uint32_t type = w & ~kEntryTag;
    if (type == kEntryRate) {
      recording_rate_hz_ = get_u32(b + 24);
    } else if (type == kEntryClock) {
      const uint32_t boot = get_u32(b + 4);
      const uint64_t wall = get_u32(b + 8) | static_cast<uint64_t>(get_u32(b + 12)) << 32;
      const uint64_t at = get_u32(b + 16) | static_cast<uint64_t>(get_u32(b + 20)) << 32;
      for (size_t i = 0; i < entry_count_; ++i) {  // later entries of a boot win
        if (entries_[i].boot_id != boot) continue;
        entries_[i].boot_wall_clock_us = wall;
        entries_[i].clock_set_at_us = at;
      }
    }
  }
  boot_log_used_ = used;
  uint32_t boot = (last_boot > boot_id_ ? last_boot : boot_id_) + 1;
  if (boot >= kEntryTag) boot = 1;
  boot_id_ = boot;
  append_boot_log(&boot, 1);
}

bool RecordingStore::append_boot_log(const uint32_t* words, uint32_t n) {
  if (boot_log_used_ + n > kBootSlots && !compact_boot_log()) return false;
  if (boot_log_used_ + n > kBootSlots) return false;
  uint8_t b[kEntryWords * 4];
  for (uint32_t i = 0; i < n && i < kEntryWords; ++i) put_u32(b + 4 * i, words[i]);
  const uint32_t at = boot_log_used_ * 4;
  boot_log_used_ += n;
  // Word 0 first, on its own: an entry torn after it is known by its CRC, never misread as boots.
  if (!flash_->program(at, b, 4) || (n > 1 && !flash_->program(at + 4, b + 4, (n - 1) * 4))) {
    fail(State::kError);
    return false;
  }
  return true;
}

bool RecordingStore::write_clock_entry(uint32_t boot, uint64_t wall_us, uint64_t set_at_us) {
  uint32_t w[kEntryWords] = {kEntryTag | kEntryClock,
                             boot,
                             static_cast<uint32_t>(wall_us),
                             static_cast<uint32_t>(wall_us >> 32),
                             static_cast<uint32_t>(set_at_us),
                             static_cast<uint32_t>(set_at_us >> 32),
                             0,
                             0};
  uint8_t b[28];
  for (uint32_t i = 0; i < 7; ++i) put_u32(b + 4 * i, w[i]);
  w[7] = wire::crc32(b, sizeof(b));
  return append_boot_log(w, kEntryWords);
}

bool RecordingStore::write_rate_entry(uint32_t rate_hz) {
  uint32_t w[kEntryWords] = {kEntryTag | kEntryRate, boot_id_, 0, 0, 0, 0, rate_hz, 0};
  uint8_t b[28];
  for (uint32_t i = 0; i < 7; ++i) put_u32(b + 4 * i, w[i]);
  w[7] = wire::crc32(b, sizeof(b));
  return append_boot_log(w, kEntryWords);
}

// Erases sector 0 and writes back what is still needed: this boot, the clocks of this boot and
// of every boot that still has a recording, the rate. A power loss in between loses those
// clocks (such recordings then say their date is unknown) and the boot counter restarts from the
// recordings' highest boot.
bool RecordingStore::compact_boot_log() {
  if (!flash_->erase_sector(0)) {
    fail(State::kError);
    return false;
  }
  boot_log_used_ = 0;
  if (!append_boot_log(&boot_id_, 1)) return false;
  if (clock_wall_us_ != 0 && !write_clock_entry(boot_id_, clock_wall_us_, clock_set_at_us_))
    return false;
  for (size_t i = 0; i < entry_count_; ++i) {
    const RecordingEntry& e = entries_[i];
    if (e.freed || e.boot_wall_clock_us == 0 || e.boot_id == boot_id_) continue;
    bool written = false;  // one entry per boot
    for (size_t j = 0; j < i && !written; ++j)
      written = !entries_[j].freed && entries_[j].boot_id == e.boot_id &&
                entries_[j].boot_wall_clock_us != 0;
    if (!written && !write_clock_entry(e.boot_id, e.boot_wall_clock_us, e.clock_set_at_us))
      return false;
  }
  return recording_rate_hz_ == 0 || write_rate_entry(recording_rate_hz_);
}

bool RecordingStore::set_clock(uint64_t unix_us, uint64_t now_us) {
  if (state_ == State::kNoFlash || state_ == State::kError || unix_us <= now_us) return false;
  const uint64_t wall = unix_us - now_us;
  const uint64_t moved = wall > clock_wall_us_ ? wall - clock_wall_us_ : clock_wall_us_ - wall;
  if (clock_wall_us_ != 0 && moved <= kClockRewriteUs) return true;
  if (!write_clock_entry(boot_id_, wall, now_us)) return false;
  clock_wall_us_ = wall;
  clock_set_at_us_ = now_us;
  for (size_t i = 0; i < entry_count_; ++i) {
    if (entries_[i].boot_id != boot_id_) continue;
    entries_[i].boot_wall_clock_us = wall;
    entries_[i].clock_set_at_us = now_us;
  }
  return true;
}

bool RecordingStore::set_recording_rate(uint32_t rate_hz) {
  if (state_ == State::kNoFlash || state_ == State::kError) return false;
  if (rate_hz == recording_rate_hz_) return true;
  if (!write_rate_entry(rate_hz)) return false;
  recording_rate_hz_ = rate_hz;
  return true;
}

}  // namespace insole::fw
