// daemon/readers: GaitpdbReader over arbitrary text. Only InputError may leave the reader,
// and it names the file and line; each line gives a left and a right row of 8 forces, each
// within what a sensel can read.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_support.h"
#include "insole/readers/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using insole::fuzz::check;
  namespace rec = insole::readers;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    rec::GaitpdbReader reader(in, "fuzz.txt");
    rec::Row left, right;
    double last = -1e300;
    while (reader.next(left, right)) {
      check(left.forces_n.size() == 8 && right.forces_n.size() == 8, "a row without 8 forces");
      for (const auto* row : {&left, &right}) {
        for (const float f : row->forces_n) {
          check(static_cast<double>(f) >= rec::kForceNoiseFloorN &&
                    static_cast<double>(f) <= rec::kMaxSenselForceN,
                "a force no sensel can read was accepted");
        }
      }
      check(left.side == insole::analysis::Side::kLeft &&
                right.side == insole::analysis::Side::kRight,
            "rows on the wrong side");
      check(left.t_s > last && right.t_s == left.t_s, "times do not increase");
      last = left.t_s;
    }
  } catch (const rec::InputError& e) {
    check(insole::fuzz::starts_with(e.what(), "fuzz.txt line "),
          "an InputError does not name the file and line");
  }
  return 0;
}
