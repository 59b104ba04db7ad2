// daemon/readers: read_layout_json() over arbitrary text. Any exception other than the
// reader's own InputError escapes and is a finding; InputError must name the file and line; an
// accepted layout has sensels, a foot length > 0, no negative area, every sensel on the foot.
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
    check(layout.foot_length_mm > 0, "a layout with a foot length <= 0 was accepted");
    for (const auto& s : layout.sensels) {
      check(s.area_mm2 >= 0, "a sensel with a negative area was accepted");
      check(s.y_mm >= 0 && s.y_mm <= layout.foot_length_mm, "a sensel outside the foot");
    }
  } catch (const insole::readers::InputError& e) {
    check(insole::fuzz::starts_with(e.what(), "fuzz.json line "),
          "an InputError does not name the file and line");
  }
  return 0;
}
