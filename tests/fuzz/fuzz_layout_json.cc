// daemon/readers: read_layout_json() over arbitrary text. Any exception other than the
// reader's own InputError escapes and is a finding; InputError must name the file.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_support.h"
#include "insole/readers/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using insole::fuzz::check;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const auto layout = insole::readers::read_layout_json(in, "fuzz.json");
    check(!layout.sensels.empty(), "a layout without sensels was accepted");
  } catch (const insole::readers::InputError& e) {
    check(insole::fuzz::starts_with(e.what(), "fuzz.json"), "an InputError does not name the file");
  }
  return 0;
}
