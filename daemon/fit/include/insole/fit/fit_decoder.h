// A FIT file reader (pure: bytes in memory): checks the header, the message structure and the
// file CRC, and hands each data message to the caller with its fields' raw bytes. Definition
// messages, both architectures, developer fields (skipped) and compressed-timestamp headers are
// handled; the profile's meaning of fields is the caller's (fit_profile.h numbers).
#ifndef INSOLE_FIT_FIT_DECODER_H_
#define INSOLE_FIT_FIT_DECODER_H_

#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "insole/fit/fit_encoder.h"

namespace insole::fit {

// What is wrong and where: "message 57 at byte 1234: ...".
class FitDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DecodedField {
  std::uint8_t num = 0;
  std::uint8_t base_type = 0;  // the byte as written (BaseType values)
  std::span<const std::uint8_t> bytes;
  bool big_endian = false;
  // The field's first value as a number, before the profile's scale and offset; NaN when it is
  // the base type's invalid value (or text).
  double number() const;
};

struct DecodedMessage {
  std::uint16_t global = 0;
  std::size_t index = 0;        // data messages before it
  std::size_t byte_offset = 0;  // of its header, from the file's start
  std::vector<DecodedField> fields;
  // The field with this number (nullptr: not in the message).
  const DecodedField* field(std::uint8_t num) const;
};

// Calls on_message for every data message, in order; throws FitDecodeError for a file that is
// not FIT, is cut short, breaks its own definitions or fails its CRC. Messages before the error
// have been handed over: callers that must attach nothing of a bad file collect and commit only
// after decode returns.
void decode(std::span<const std::uint8_t> file,
            const std::function<void(const DecodedMessage&)>& on_message);

// The same walk with every message's bytes, for rewriting a file (merged_file.h): definitions
// as written (header byte included) and data messages with their bytes and local type.
struct RawDefinition {
  std::uint8_t local = 0;
  std::uint16_t global = 0;
  std::span<const std::uint8_t> bytes;
};
void walk(std::span<const std::uint8_t> file,
          const std::function<void(const RawDefinition&)>& on_definition,
          const std::function<void(const DecodedMessage&, std::span<const std::uint8_t> bytes,
                                   std::uint8_t local)>& on_data);

}  // namespace insole::fit

#endif  // INSOLE_FIT_FIT_DECODER_H_
