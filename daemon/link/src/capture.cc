#include "insole/link/capture.h"

#include <pwd.h>
#include <unistd.h>

#include <charconv>
#include <ctime>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

#include "insole/link/link.h"

namespace insole::link {

namespace {

using json = nlohmann::json;

constexpr char kFormat[] = "insole-capture";
constexpr char kHex[] = "0123456789abcdef";

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// Hex digit values by character, -1 for anything else (a table: captures hold gigabytes of hex).
struct HexTable {
  signed char value[256];
};
constexpr HexTable make_hex_table() {
  HexTable t{};
  for (int c = 0; c < 256; ++c) {
    t.value[c] = c >= '0' && c <= '9'   ? static_cast<signed char>(c - '0')
                 : c >= 'a' && c <= 'f' ? static_cast<signed char>(c - 'a' + 10)
                 : c >= 'A' && c <= 'F' ? static_cast<signed char>(c - 'A' + 10)
                                        : static_cast<signed char>(-1);
  }
  return t;
}
constexpr HexTable kHexTable = make_hex_table();
int hex_value(char c) { return kHexTable.value[static_cast<unsigned char>(c)]; }

std::string header_string(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

std::string current_user_at_host() {
  std::string user;
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr)
    user = pw->pw_name;
  else if (const char* env = std::getenv("USER"); env != nullptr)
    user = env;
  else
    user = "uid" + std::to_string(geteuid());
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) return user;
  return user + "@" + host;
}

CaptureWriter::CaptureWriter(const std::string& path, CaptureHeader header,
                             std::shared_ptr<CaptureOrigin> origin)
    : path_(path), header_(std::move(header)), start_(origin ? origin->get() : Clock::now()) {
  if (header_.recorded_at.empty()) header_.recorded_at = utc_now_iso8601();
  if (header_.recorded_by.empty()) header_.recorded_by = current_user_at_host();
  // Written in this order so the first bytes of the file say what it is.
  nlohmann::ordered_json h = nlohmann::ordered_json::object();
  h["format"] = kFormat;
  h["version"] = kCaptureVersion;
  h["recorded_at"] = header_.recorded_at;
  h["recorded_by"] = header_.recorded_by;
  h["tool"] = header_.tool;
  h["link"] = header_.link;
  h["device"] = header_.device;
  h["firmware"] = header_.firmware;
  h["note"] = header_.note;
  if (!header_.extra_json.empty()) {
    const auto extra = nlohmann::ordered_json::parse(header_.extra_json, nullptr, false);
    if (!extra.is_object())
      throw std::invalid_argument("CaptureHeader::extra_json is not a JSON object");
    for (const auto& [key, value] : extra.items())
      if (!h.contains(key)) h[key] = value;
  }
  out_.open(path, std::ios::out | std::ios::trunc | std::ios::binary);
  if (!out_) throw LinkError("cannot create capture file " + path);
  out_ << h.dump() << '\n';
  out_.flush();
  if (!out_) throw LinkError("cannot write capture file " + path);
}

void CaptureWriter::record(Direction direction, const std::uint8_t* data, std::size_t size,
                           Clock::time_point when) {
  if (direction == Direction::kMeta) throw std::invalid_argument("use note() for meta records");
  std::string hex(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    hex[2 * i] = kHex[data[i] >> 4];
    hex[2 * i + 1] = kHex[data[i] & 0x0f];
  }
  const auto t = std::chrono::duration_cast<std::chrono::microseconds>(when - start_).count();
  write_line(t < 0 ? 0 : static_cast<std::uint64_t>(t), direction == Direction::kIn ? "in" : "out",
             hex);
}

void CaptureWriter::note(const std::string& text, Clock::time_point when) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) throw std::invalid_argument("a capture note must be one JSON object");
  const auto t = std::chrono::duration_cast<std::chrono::microseconds>(when - start_).count();
  write_line(t < 0 ? 0 : static_cast<std::uint64_t>(t), "meta", j.dump());
}

void CaptureWriter::write_line(std::uint64_t t_us, const char* kind, const std::string& text) {
  if (!error_.empty()) return;
  out_ << t_us << ' ' << kind << ' ' << text << '\n';
  out_.flush();
  if (!out_) {
    error_ = "writing capture file " + path_ + " failed after " + std::to_string(records_) +
             " records (disk full?)";
    return;
  }
  ++records_;
}

CaptureReader::CaptureReader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
  if (!in_) throw LinkError("cannot open capture file " + path);
  const auto fail = [&path](const std::string& why) { return LinkError(path + ":1: " + why); };
  if (!std::getline(in_, line_)) throw fail("empty file; not an insole capture");
  const json h = json::parse(line_, nullptr, false);
  if (!h.is_object() || h.value("format", json()) != kFormat)
    throw fail(
        "not an insole capture (the first line must be a JSON header with "
        "\"format\":\"insole-capture\")");
  const auto version = h.find("version");
  if (version == h.end() || !version->is_number_integer())
    throw fail("the header has no integer \"version\"");
  if (version->get<int>() > kCaptureVersion || version->get<int>() < 1)
    throw fail("capture format version " + std::to_string(version->get<int>()) +
               " is not supported (this build reads versions 1 to " +
               std::to_string(kCaptureVersion) + ")");
  header_.recorded_at = header_string(h, "recorded_at");
  header_.recorded_by = header_string(h, "recorded_by");
  header_.tool = header_string(h, "tool");
  header_.link = header_string(h, "link");
  header_.device = header_string(h, "device");
  header_.firmware = header_string(h, "firmware");
  header_.note = header_string(h, "note");
  json extra = json::object();
  for (const auto& [key, value] : h.items()) {
    static constexpr const char* kKnown[] = {"format",      "version",  "recorded_at",
                                             "recorded_by", "tool",     "link",
                                             "device",      "firmware", "note"};
    bool known = false;
    for (const char* k : kKnown) known = known || key == k;
    if (!known) extra[key] = value;
  }
  if (!extra.empty()) header_.extra_json = extra.dump();
}

bool CaptureReader::next(CaptureRecord& record) {
  const auto fail = [this](const std::string& why) {
    return LinkError(path_ + ":" + std::to_string(number_) + ": " + why);
  };
  while (std::getline(in_, line_)) {
    ++number_;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (line_.empty() || line_.front() == '#') continue;
    const std::string_view line(line_);
    const auto sp1 = line.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos) throw fail("expected '<t_us> in|out|meta <data>'");
    record.bytes.clear();
    record.meta_json.clear();
    const auto [end, ec] = std::from_chars(line.data(), line.data() + sp1, record.t_us);
    if (ec != std::errc() || end != line.data() + sp1)
      throw fail("the time '" + std::string(line.substr(0, sp1)) + "' is not a whole number of µs");
    if (record.t_us < last_t_) throw fail("time goes backwards");
    last_t_ = record.t_us;
    const std::string_view kind = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view data = line.substr(sp2 + 1);
    if (kind == "meta") {
      if (!json::accept(data)) throw fail("the meta record is not valid JSON");
      record.direction = Direction::kMeta;
      record.meta_json = data;
    } else if (kind == "in" || kind == "out") {
      record.direction = kind == "in" ? Direction::kIn : Direction::kOut;
      if (data.size() % 2 != 0) throw fail("odd number of hex digits");
      record.bytes.resize(data.size() / 2);
      for (std::size_t i = 0; i < data.size() / 2; ++i) {
        const int hi = hex_value(data[2 * i]);
        const int lo = hex_value(data[2 * i + 1]);
        if (hi < 0 || lo < 0) throw fail("not a hex digit in the bytes");
        record.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
      }
    } else {
      throw fail("unknown record kind '" + std::string(kind) + "' (expected in, out or meta)");
    }
    return true;
  }
  return false;
}

Capture read_capture(const std::string& path) {
  CaptureReader reader(path);
  Capture capture;
  capture.header = reader.header();
  CaptureRecord record;
  while (reader.next(record)) capture.records.push_back(std::move(record));
  return capture;
}

}  // namespace insole::link
