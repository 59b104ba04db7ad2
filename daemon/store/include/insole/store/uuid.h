// Globally unique ids for records that several stations create (issue 19): UUID version 7
// (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits, so ids made anywhere
// never collide and sort by creation time. Within one process, ids made in the same millisecond
// still sort in the order they were made (the 12 bits after the time count up).
#ifndef INSOLE_STORE_UUID_H_
#define INSOLE_STORE_UUID_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace insole::store {

// Canonical text form, lower case: "0190b4c1-7f3a-7c2e-9b1d-4f5e6a7b8c9d".
std::string new_uuid_v7();
// The same from a given time and random bits (deterministic; for tests and new_uuid_v7).
std::string uuid_v7(std::uint64_t unix_ms, std::uint16_t counter12, std::uint64_t random62);
// True for the canonical text form of any UUID (36 characters, hex and dashes, either case).
bool is_uuid(std::string_view text);

}  // namespace insole::store

#endif  // INSOLE_STORE_UUID_H_
