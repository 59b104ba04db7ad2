// Captures: the bytes of one link, both directions, with their timing, in a file that says what
// it is. Written by CaptureWriter (usually through CaptureLink), read by CaptureReader and
// played back by ReplayLink (replay:FILE).
//
// Format (text, one record per line, so grep, diff and a ten-line script can read it):
//   line 1   a JSON object: {"format":"insole-capture","version":1,"recorded_at":"<UTC ISO 8601>",
//            "recorded_by":"user@host","tool":...,"link":<URI>,"device":...,"firmware":...,
//            "note":...}; unknown keys are kept in CaptureHeader::extra_json and ignored.
//   then     <t_us> in <hex>     bytes the device sent (device -> host), as one read returned them
//            <t_us> out <hex>    bytes the host wrote (host -> device), one write() each
//            <t_us> meta <json>  a JSON object noted while recording (e.g. the DeviceInfo once
//                                the handshake told who the device is)
//   t_us is microseconds on the host's steady clock since the capture began; records are in
//   time order; hex is lower-case, two digits per byte, nothing in between. Blank lines and lines
//   starting with '#' are ignored. A reader refuses another "format" or a newer "version".
// The details and an example are in docs/transports.md.
#ifndef INSOLE_LINK_CAPTURE_H_
#define INSOLE_LINK_CAPTURE_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace insole::link {

inline constexpr int kCaptureVersion = 1;

struct CaptureHeader {
  std::string recorded_at;  // UTC, e.g. "2024-05-01T09:30:00Z"; CaptureWriter fills it if empty
  std::string recorded_by;  // who recorded it, e.g. "anna@fitting-station-3"; filled if empty
  std::string tool;         // the program (and version) that recorded it
  std::string link;         // the URI the bytes travelled over
  std::string device;       // what was on the other end, e.g. "insole left, serial L-0001"
  std::string firmware;     // its firmware version, if known when recording began
  std::string note;         // free text: scenario, runner, what to look at
  std::string extra_json;   // read: the header's other keys as a JSON object ("" if none)
};

enum class Direction { kIn, kOut, kMeta };  // device -> host, host -> device, annotation

struct CaptureRecord {
  std::uint64_t t_us = 0;
  Direction direction = Direction::kIn;
  std::vector<std::uint8_t> bytes;  // kIn, kOut
  std::string meta_json;            // kMeta
};

struct Capture {
  CaptureHeader header;
  std::vector<CaptureRecord> records;
};

// Reads a capture one record at a time, holding one line: the header when opened, then
// next() until it returns false. Throws LinkError naming the file and line of any problem, so a
// capture of hours streams in constant memory.
class CaptureReader {
 public:
  explicit CaptureReader(const std::string& path);
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  const CaptureHeader& header() const { return header_; }
  // Fills record with the next one (reusing its storage); false at the end of the file.
  bool next(CaptureRecord& record);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ifstream in_;
  CaptureHeader header_;
  std::string line_;
  std::size_t number_ = 1;
  std::uint64_t last_t_ = 0;
};

// Reads a whole capture into memory (small captures, tests); errors as CaptureReader.
Capture read_capture(const std::string& path);

// The time origin of the captures one process writes together (the two insoles of a run) or of
// the replays it plays together: the first to ask fixes it at that instant. Captures sharing
// an origin keep the relative timing of their links, so their replays line up as recorded.
class CaptureOrigin {
 public:
  std::chrono::steady_clock::time_point get() {
    if (!origin_) origin_ = std::chrono::steady_clock::now();
    return *origin_;
  }

 private:
  std::optional<std::chrono::steady_clock::time_point> origin_;
};

// Writes a capture as it happens. Every record is flushed to the file at once, so a capture cut
// short by a crash or an unplug is still readable up to its last record. A write failure (disk
// full) stops recording and is reported by ok()/error(); it never disturbs the link.
class CaptureWriter {
 public:
  using Clock = std::chrono::steady_clock;

  // Creates (truncates) path and writes the header; throws LinkError if it cannot. Times count
  // from origin (shared with other captures) or, without one, from now.
  CaptureWriter(const std::string& path, CaptureHeader header,
                std::shared_ptr<CaptureOrigin> origin = nullptr);
  CaptureWriter(const CaptureWriter&) = delete;
  CaptureWriter& operator=(const CaptureWriter&) = delete;

  void record(Direction direction, const std::uint8_t* data, std::size_t size,
              Clock::time_point when = Clock::now());
  // Appends a meta record; json must be one JSON object (throws std::invalid_argument if not).
  void note(const std::string& json, Clock::time_point when = Clock::now());

  const CaptureHeader& header() const { return header_; }
  Clock::time_point start() const { return start_; }
  std::uint64_t records() const { return records_; }
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }

 private:
  void write_line(std::uint64_t t_us, const char* kind, const std::string& text);

  std::string path_;
  CaptureHeader header_;
  std::ofstream out_;
  Clock::time_point start_;
  std::uint64_t records_ = 0;
  std::string error_;
};

// "user@host" of this process, for CaptureHeader::recorded_by.
std::string current_user_at_host();

}  // namespace insole::link

#endif  // INSOLE_LINK_CAPTURE_H_
