// A small, table-driven FIT file encoder (Garmin FIT protocol 2.0, little-endian). Pure: bytes
// in memory, no I/O. The caller names each message's fields from the profile tables
// (fit_profile.h) and gives values in the profile's units; the encoder applies scale and
// offset, writes a definition message whenever a local message type changes meaning, and ends
// the file with its CRC.
//
// Values that are unknown (std::monostate or NaN) or do not fit the field's base type after
// scaling are written as the base type's invalid value, which readers show as "no value": an
// unknown figure is never written as a number.
#ifndef INSOLE_FIT_FIT_ENCODER_H_
#define INSOLE_FIT_FIT_ENCODER_H_

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace insole::fit {

enum class BaseType : std::uint8_t {
  kEnum = 0x00,
  kSint8 = 0x01,
  kUint8 = 0x02,
  kSint16 = 0x83,
  kUint16 = 0x84,
  kSint32 = 0x85,
  kUint32 = 0x86,
  kString = 0x07,
  kFloat32 = 0x88,
  kFloat64 = 0x89,
  kUint8z = 0x0A,
  kUint16z = 0x8B,
  kUint32z = 0x8C,
  kByte = 0x0D,
};
// Bytes of one value of the type (strings and byte arrays: per character / byte).
std::size_t base_size(BaseType type);

// A field as the FIT profile defines it. On the wire: (value + offset) * scale, rounded for
// integer types. `size`: bytes for strings and byte arrays (0: one value of the base type).
struct FieldSpec {
  std::uint8_t num = 0;
  BaseType type = BaseType::kUint8;
  double scale = 1;
  double offset = 0;
  std::uint8_t size = 0;
};

// A developer field of the file's developer data index `developer_index` (described by a
// field_description message the caller writes before using it).
struct DeveloperFieldSpec {
  std::uint8_t num = 0;
  BaseType type = BaseType::kFloat32;
  std::uint8_t developer_index = 0;
  std::uint8_t size = 0;  // as FieldSpec::size
};

using Value = std::variant<std::monostate, double, std::string, std::vector<std::uint8_t>>;

// Misuse of the encoder (a programming error, not bad data): wrong value count or type, a
// local type not defined, a string longer than its field.
class EncoderError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class Encoder {
 public:
  // Local message type `local` (0-15) now means message `global` with these fields; writes the
  // definition message.
  void define(std::uint8_t local, std::uint16_t global, std::span<const FieldSpec> fields,
              std::span<const DeveloperFieldSpec> developer_fields = {});
  // A data message of local type `local`: one value per field, then per developer field.
  void write(std::uint8_t local, std::span<const Value> values);
  // The whole file: 14-byte header (protocol 2.0, `profile_version`, data size, ".FIT", header
  // CRC), the messages, the file CRC.
  std::vector<std::uint8_t> finish(std::uint16_t profile_version) const;
  // The messages written so far, without header or CRC, and forgets them (to splice into
  // another file; the local types stay defined).
  std::vector<std::uint8_t> take_messages();

  // One value as a field of that type, scale, offset and size would hold it, appended to out.
  static void encode_value(std::vector<std::uint8_t>& out, const Value& value, BaseType type,
                           double scale, double offset, std::size_t size);

 private:
  struct Definition {
    bool defined = false;
    std::vector<FieldSpec> fields;
    std::vector<DeveloperFieldSpec> developer_fields;
  };
  Definition local_[16];
  std::vector<std::uint8_t> data_;
};

}  // namespace insole::fit

#endif  // INSOLE_FIT_FIT_ENCODER_H_
