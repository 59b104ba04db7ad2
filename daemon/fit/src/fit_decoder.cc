#include "insole/fit/fit_decoder.h"

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "insole/fit/fit_crc.h"

namespace insole::fit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint8_t kTimestampField = 253;

std::uint64_t read_uint(std::span<const std::uint8_t> b, std::size_t n, bool big) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t k = big ? i : n - 1 - i;
    v = (v << 8) | b[k];
  }
  return v;
}

struct FieldDefinition {
  std::uint8_t num, size, base_type;
};
struct Definition {
  bool defined = false;
  bool big_endian = false;
  std::uint16_t global = 0;
  std::vector<FieldDefinition> fields;
  std::size_t developer_bytes = 0;
};

}  // namespace

double DecodedField::number() const {
  const std::uint8_t t = base_type & 0x1F;  // the type number without the endian flag
  const std::size_t n = bytes.size();
  auto u = [&](std::size_t size) { return read_uint(bytes, size, big_endian); };
  switch (t) {
    case 0x00:  // enum
    case 0x02:  // uint8
    case 0x0D:  // byte
      return n >= 1 && bytes[0] != 0xFF ? bytes[0] : kNaN;
    case 0x0A:  // uint8z
      return n >= 1 && bytes[0] != 0 ? bytes[0] : kNaN;
    case 0x01:  // sint8
      return n >= 1 && bytes[0] != 0x7F ? static_cast<std::int8_t>(bytes[0]) : kNaN;
    case 0x04:  // uint16
      return n >= 2 && u(2) != 0xFFFF ? static_cast<double>(u(2)) : kNaN;
    case 0x0B:  // uint16z
      return n >= 2 && u(2) != 0 ? static_cast<double>(u(2)) : kNaN;
    case 0x03:  // sint16
      return n >= 2 && u(2) != 0x7FFF ? static_cast<std::int16_t>(u(2)) : kNaN;
    case 0x06:  // uint32
      return n >= 4 && u(4) != 0xFFFFFFFF ? static_cast<double>(u(4)) : kNaN;
    case 0x0C:  // uint32z
      return n >= 4 && u(4) != 0 ? static_cast<double>(u(4)) : kNaN;
    case 0x05:  // sint32
      return n >= 4 && u(4) != 0x7FFFFFFF ? static_cast<std::int32_t>(u(4)) : kNaN;
    case 0x08: {  // float32
      if (n < 4 || u(4) == 0xFFFFFFFF) return kNaN;
      const auto bits = static_cast<std::uint32_t>(u(4));
      float f;
      std::memcpy(&f, &bits, 4);
      return static_cast<double>(f);
    }
    case 0x09: {  // float64
      if (n < 8 || u(8) == 0xFFFFFFFFFFFFFFFF) return kNaN;
      const std::uint64_t bits = u(8);
      double d;
      std::memcpy(&d, &bits, 8);
      return d;
    }
    default:
      return kNaN;
  }
}

const DecodedField* DecodedMessage::field(std::uint8_t num) const {
  for (const DecodedField& f : fields)
    if (f.num == num) return &f;
  return nullptr;
}

void decode(std::span<const std::uint8_t> file,
            const std::function<void(const DecodedMessage&)>& on_message) {
  walk(
      file, [](const RawDefinition&) {},
      [&](const DecodedMessage& m, std::span<const std::uint8_t>, std::uint8_t) { on_message(m); });
}

void walk(std::span<const std::uint8_t> file,
          const std::function<void(const RawDefinition&)>& on_definition,
          const std::function<void(const DecodedMessage&, std::span<const std::uint8_t> bytes,
                                   std::uint8_t local)>& on_data) {
  if (file.size() < 12) throw FitDecodeError("not a FIT file: shorter than a FIT header");
  const std::size_t header = file[0];
  if ((header != 12 && header != 14) || std::memcmp(&file[8], ".FIT", 4) != 0)
    throw FitDecodeError("not a FIT file: no \".FIT\" header");
  if (file.size() < header) throw FitDecodeError("not a FIT file: header cut short");
  const std::size_t data_size = read_uint(file.subspan(4, 4), 4, false);
  if (header == 14) {
    const auto crc = static_cast<std::uint16_t>(read_uint(file.subspan(12, 2), 2, false));
    if (crc != 0 && crc != fit_crc(file.first(12)))
      throw FitDecodeError("header CRC does not match: the file is damaged");
  }
  if (file.size() < header + data_size + 2)
    throw FitDecodeError("cut short: the header announces " + std::to_string(data_size) +
                         " bytes of messages, the file has " +
                         std::to_string(file.size() - std::min(file.size(), header + 2)));
  if (fit_crc(file.first(header + data_size + 2)) != 0)
    throw FitDecodeError("file CRC does not match: the file is damaged");

  std::array<Definition, 16> local{};
  std::size_t pos = header;
  const std::size_t end = header + data_size;
  std::size_t index = 0;
  std::uint32_t last_timestamp = 0;
  std::array<std::uint8_t, 4> compressed_time{};
  auto fail = [&](std::size_t at, const std::string& what) -> FitDecodeError {
    return FitDecodeError("message " + std::to_string(index + 1) + " at byte " +
                          std::to_string(at) + ": " + what);
  };
  auto need = [&](std::size_t at, std::size_t n) {
    if (pos + n > end) throw fail(at, "cut short inside the message");
  };
  // A data message of local type `type` whose fields start at pos; `compressed`: the time its
  // header gave (a timestamp field first), else none.
  auto data = [&](std::size_t at, std::uint8_t type, const std::uint32_t* compressed) {
    const Definition& d = local[type];
    if (!d.defined)
      throw fail(at, "data of local type " + std::to_string(type) + " before its definition");
    DecodedMessage m;
    m.global = d.global;
    m.index = index;
    m.byte_offset = at;
    if (compressed) {
      for (int i = 0; i < 4; ++i)
        compressed_time[i] = static_cast<std::uint8_t>(*compressed >> (8 * i));
      m.fields.push_back({kTimestampField, 0x86, compressed_time, false});
    }
    for (const FieldDefinition& f : d.fields) {
      need(at, f.size);
      m.fields.push_back({f.num, f.base_type, file.subspan(pos, f.size), d.big_endian});
      pos += f.size;
    }
    need(at, d.developer_bytes);
    pos += d.developer_bytes;
    if (const DecodedField* ts = m.field(kTimestampField); ts && !compressed) {
      const double v = ts->number();
      if (!std::isnan(v)) last_timestamp = static_cast<std::uint32_t>(v);
    }
    on_data(m, file.subspan(at, pos - at), type);
    ++index;
  };
  while (pos < end) {
    const std::size_t at = pos;
    const std::uint8_t h = file[pos++];
    if (h & 0x80) {  // compressed timestamp header: a data message of local type 0-3
      const std::uint32_t offset = h & 0x1F;
      std::uint32_t t = (last_timestamp & ~0x1Fu) + offset;
      if (offset < (last_timestamp & 0x1Fu)) t += 0x20;
      last_timestamp = t;
      data(at, (h >> 5) & 0x03, &t);
      continue;
    }
    const std::uint8_t type = h & 0x0F;
    if (!(h & 0x40)) {
      data(at, type, nullptr);
      continue;
    }
    // A definition.
    need(at, 5);
    Definition d;
    d.defined = true;
    const std::uint8_t arch = file[pos + 1];
    if (arch > 1) throw fail(at, "unknown architecture " + std::to_string(arch));
    d.big_endian = arch == 1;
    d.global = static_cast<std::uint16_t>(read_uint(file.subspan(pos + 2, 2), 2, d.big_endian));
    const std::size_t count = file[pos + 4];
    pos += 5;
    need(at, count * 3);
    for (std::size_t i = 0; i < count; ++i, pos += 3) {
      const FieldDefinition f{file[pos], file[pos + 1], file[pos + 2]};
      if (f.size == 0) throw fail(at, "field " + std::to_string(f.num) + " of size 0");
      d.fields.push_back(f);
    }
    if (h & 0x20) {  // developer fields
      need(at, 1);
      const std::size_t dev = file[pos++];
      need(at, dev * 3);
      for (std::size_t i = 0; i < dev; ++i, pos += 3) d.developer_bytes += file[pos + 1];
    }
    on_definition({type, d.global, file.subspan(at, pos - at)});
    local[type] = std::move(d);
  }
}

}  // namespace insole::fit
