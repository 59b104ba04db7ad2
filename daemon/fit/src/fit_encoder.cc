#include "insole/fit/fit_encoder.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "insole/fit/fit_crc.h"

namespace insole::fit {

namespace {

bool is_text(BaseType t) { return t == BaseType::kString || t == BaseType::kByte; }

// The base type's invalid value as little-endian bytes.
void put_invalid(std::vector<std::uint8_t>& out, BaseType type, std::size_t size) {
  switch (type) {
    case BaseType::kSint8:
      out.push_back(0x7F);
      return;
    case BaseType::kSint16:
      out.insert(out.end(), {0xFF, 0x7F});
      return;
    case BaseType::kSint32:
      out.insert(out.end(), {0xFF, 0xFF, 0xFF, 0x7F});
      return;
    case BaseType::kString:
    case BaseType::kUint8z:
    case BaseType::kUint16z:
    case BaseType::kUint32z:
      out.insert(out.end(), size, 0x00);
      return;
    default:  // enum, unsigned, floats, byte: all ones
      out.insert(out.end(), size, 0xFF);
      return;
  }
}

template <typename T>
void put_le(std::vector<std::uint8_t>& out, T v) {
  std::uint8_t bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));  // the hosts we build for are little-endian (checked below)
  out.insert(out.end(), bytes, bytes + sizeof(T));
}
static_assert(std::endian::native == std::endian::little, "the FIT encoder writes little-endian");

// Rounds and range-checks `v` into T, excluding T's invalid value; false when it does not fit.
template <typename T>
bool fits(double v, T invalid, T& out) {
  const double r = std::round(v);
  if (!(r >= static_cast<double>(std::numeric_limits<T>::lowest()) &&
        r <= static_cast<double>(std::numeric_limits<T>::max())))
    return false;
  out = static_cast<T>(r);
  return out != invalid;
}

}  // namespace

std::size_t base_size(BaseType type) {
  switch (type) {
    case BaseType::kSint16:
    case BaseType::kUint16:
    case BaseType::kUint16z:
      return 2;
    case BaseType::kSint32:
    case BaseType::kUint32:
    case BaseType::kUint32z:
    case BaseType::kFloat32:
      return 4;
    case BaseType::kFloat64:
      return 8;
    default:
      return 1;
  }
}

void Encoder::define(std::uint8_t local, std::uint16_t global, std::span<const FieldSpec> fields,
                     std::span<const DeveloperFieldSpec> developer_fields) {
  if (local > 15) throw EncoderError("FIT local message type above 15");
  if (fields.size() > 255 || developer_fields.size() > 255)
    throw EncoderError("FIT message with over 255 fields");
  Definition& d = local_[local];
  d.defined = true;
  d.fields.assign(fields.begin(), fields.end());
  d.developer_fields.assign(developer_fields.begin(), developer_fields.end());
  const bool dev = !developer_fields.empty();
  data_.push_back(static_cast<std::uint8_t>(0x40 | (dev ? 0x20 : 0x00) | local));
  data_.push_back(0);  // reserved
  data_.push_back(0);  // architecture: little-endian
  put_le<std::uint16_t>(data_, global);
  data_.push_back(static_cast<std::uint8_t>(fields.size()));
  for (const FieldSpec& f : fields) {
    data_.push_back(f.num);
    data_.push_back(static_cast<std::uint8_t>(f.size ? f.size : base_size(f.type)));
    data_.push_back(static_cast<std::uint8_t>(f.type));
  }
  if (!dev) return;
  data_.push_back(static_cast<std::uint8_t>(developer_fields.size()));
  for (const DeveloperFieldSpec& f : developer_fields) {
    data_.push_back(f.num);
    data_.push_back(static_cast<std::uint8_t>(f.size ? f.size : base_size(f.type)));
    data_.push_back(f.developer_index);
  }
}

std::vector<std::uint8_t> Encoder::take_messages() {
  std::vector<std::uint8_t> out;
  out.swap(data_);
  return out;
}

void Encoder::encode_value(std::vector<std::uint8_t>& out, const Value& value, BaseType type,
                           double scale, double offset, std::size_t size) {
  if (is_text(type)) {
    if (std::holds_alternative<std::monostate>(value)) return put_invalid(out, type, size);
    if (type == BaseType::kString) {
      const auto* s = std::get_if<std::string>(&value);
      if (!s) throw EncoderError("FIT string field given a non-string value");
      if (s->size() + 1 > size)
        throw EncoderError("FIT string \"" + *s + "\" longer than its field");
      out.insert(out.end(), s->begin(), s->end());
      out.insert(out.end(), size - s->size(), 0x00);  // NUL-terminated, padded
      return;
    }
    const auto* b = std::get_if<std::vector<std::uint8_t>>(&value);
    if (!b || b->size() != size) throw EncoderError("FIT byte field given the wrong bytes");
    out.insert(out.end(), b->begin(), b->end());
    return;
  }
  if (std::holds_alternative<std::string>(value) ||
      std::holds_alternative<std::vector<std::uint8_t>>(value))
    throw EncoderError("FIT numeric field given text");
  const double* number = std::get_if<double>(&value);
  if (!number || std::isnan(*number)) return put_invalid(out, type, size);
  const double v = (*number + offset) * scale;
  switch (type) {
    case BaseType::kFloat32: {
      if (!(std::abs(v) <= static_cast<double>(std::numeric_limits<float>::max()))) break;
      return put_le(out, static_cast<float>(v));
    }
    case BaseType::kFloat64:
      if (!std::isfinite(v)) break;
      return put_le(out, v);
    case BaseType::kSint8: {
      std::int8_t x;
      if (fits<std::int8_t>(v, 0x7F, x)) return put_le(out, x);
      break;
    }
    case BaseType::kSint16: {
      std::int16_t x;
      if (fits<std::int16_t>(v, 0x7FFF, x)) return put_le(out, x);
      break;
    }
    case BaseType::kSint32: {
      std::int32_t x;
      if (fits<std::int32_t>(v, 0x7FFFFFFF, x)) return put_le(out, x);
      break;
    }
    case BaseType::kUint8z:
    case BaseType::kUint16z:
    case BaseType::kUint32z: {
      std::uint32_t x;
      const std::uint32_t max = type == BaseType::kUint8z    ? 0xFFu
                                : type == BaseType::kUint16z ? 0xFFFFu
                                                             : 0xFFFFFFFFu;
      if (!fits<std::uint32_t>(v, 0, x) || x > max) break;
      if (type == BaseType::kUint8z) return put_le(out, static_cast<std::uint8_t>(x));
      if (type == BaseType::kUint16z) return put_le(out, static_cast<std::uint16_t>(x));
      return put_le(out, x);
    }
    case BaseType::kUint16: {
      std::uint16_t x;
      if (fits<std::uint16_t>(v, 0xFFFF, x)) return put_le(out, x);
      break;
    }
    case BaseType::kUint32: {
      std::uint32_t x;
      if (fits<std::uint32_t>(v, 0xFFFFFFFF, x)) return put_le(out, x);
      break;
    }
    default: {  // enum, uint8
      std::uint8_t x;
      if (fits<std::uint8_t>(v, 0xFF, x)) return put_le(out, x);
      break;
    }
  }
  put_invalid(out, type, size);
}

void Encoder::write(std::uint8_t local, std::span<const Value> values) {
  if (local > 15 || !local_[local].defined)
    throw EncoderError("FIT data message of an undefined local type");
  const Definition& d = local_[local];
  if (values.size() != d.fields.size() + d.developer_fields.size())
    throw EncoderError("FIT data message with " + std::to_string(values.size()) + " values for " +
                       std::to_string(d.fields.size() + d.developer_fields.size()) + " fields");
  data_.push_back(local);
  std::size_t i = 0;
  for (const FieldSpec& f : d.fields)
    encode_value(data_, values[i++], f.type, f.scale, f.offset,
                 f.size ? f.size : base_size(f.type));
  for (const DeveloperFieldSpec& f : d.developer_fields)
    encode_value(data_, values[i++], f.type, 1, 0, f.size ? f.size : base_size(f.type));
}

std::vector<std::uint8_t> Encoder::finish(std::uint16_t profile_version) const {
  std::vector<std::uint8_t> out;
  out.reserve(14 + data_.size() + 2);
  out.push_back(14);
  out.push_back(0x20);  // protocol 2.0: developer fields
  put_le<std::uint16_t>(out, profile_version);
  put_le<std::uint32_t>(out, static_cast<std::uint32_t>(data_.size()));
  out.insert(out.end(), {'.', 'F', 'I', 'T'});
  put_le<std::uint16_t>(out, fit_crc(out));
  out.insert(out.end(), data_.begin(), data_.end());
  put_le<std::uint16_t>(out, fit_crc(out));
  return out;
}

}  // namespace insole::fit
