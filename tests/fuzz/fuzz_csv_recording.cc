// daemon/readers: CsvRecordingReader over arbitrary text. Input: [sensel count byte][CSV].
// Only InputError may leave the reader, and it names the file and line; rows have one force
// per sensel, every force within what a sensel can read, and each foot's times increase.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_support.h"
#include "insole/readers/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using insole::fuzz::check;
  namespace rec = insole::readers;
  if (size < 1) return 0;
  const std::size_t sensels = data[0] % 65;  // 0..64, 0 included on purpose
  std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  try {
    rec::CsvRecordingReader reader(in, "fuzz.csv", sensels);
    rec::Row row;
    double last[2] = {-1e300, -1e300};
    while (reader.next(row)) {
      check(row.forces_n.size() == sensels, "a row without one force per sensel");
      for (const float f : row.forces_n) {
        check(static_cast<double>(f) >= rec::kForceNoiseFloorN &&
                  static_cast<double>(f) <= rec::kMaxSenselForceN,
              "a force no sensel can read was accepted");
      }
      double& t = last[row.side == insole::analysis::Side::kLeft ? 0 : 1];
      check(row.t_s > t, "a foot's times do not increase");
      t = row.t_s;
    }
  } catch (const rec::InputError& e) {
    check(insole::fuzz::starts_with(e.what(), "fuzz.csv line "),
          "an InputError does not name the file and line");
  }
  return 0;
}
