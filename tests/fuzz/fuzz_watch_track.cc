// Watch files (reports/watch_import's input): the first byte picks the format, the rest is the
// file. FIT: the decoder may only throw FitDecodeError; a file it accepts has a sound CRC, and
// merging insole's figures into it (merged_file.h) gives a file that decodes again, with the
// same data messages plus insole's. GPX and TCX (libxml2's streaming reader, through a real
// file with the extension): only InputError, naming the file, and times strictly increasing.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "insole/fit/fit_crc.h"
#include "insole/fit/fit_decoder.h"
#include "insole/fit/merged_file.h"
#include "insole/readers/readers.h"
#include "insole/readers/watch_track.h"

namespace {

using insole::fuzz::check;

void fit_properties(std::span<const std::uint8_t> bytes) {
  namespace fit = insole::fit;
  std::size_t messages = 0;
  try {
    fit::decode(bytes, [&](const fit::DecodedMessage& m) {
      ++messages;
      for (const auto& f : m.fields) (void)f.number();
    });
  } catch (const fit::FitDecodeError&) {
    return;
  }
  const std::size_t size =
      bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (static_cast<std::size_t>(bytes[7]) << 24);
  check(fit::fit_crc(bytes.first(bytes[0] + size + 2)) == 0, "a file with a bad CRC decoded");
  fit::Activity run;
  run.clock_zero_unix_s = 631065600;  // FIT's epoch: timestamps from 0 fall in the run
  for (int i = 0; i < 12; ++i) {
    insole::analysis::Step s;
    s.side = i % 2 ? insole::analysis::Side::kRight : insole::analysis::Side::kLeft;
    s.contact_s = 1 + 0.35 * i;
    s.toe_off_s = s.contact_s + 0.25;
    run.steps.push_back(s);
  }
  fit::MergedFile merged;
  try {
    merged = fit::merge_into(bytes, run);
  } catch (const std::invalid_argument&) {
    return;  // not an activity, or out of developer data indices
  }
  std::size_t again = 0;
  try {
    fit::decode(merged.bytes, [&](const fit::DecodedMessage&) { ++again; });
  } catch (const fit::FitDecodeError& e) {
    check(false, std::string("a merged file does not decode: ") + e.what());
  }
  check(again > messages, "the merged file lost messages");
}

void xml_properties(const std::uint8_t* data, std::size_t size, const char* ext) {
  const std::string path = "/tmp/insole-fuzz-" + std::to_string(getpid()) + ext;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  check(f != nullptr, "cannot write the temporary file");
  if (size > 0) check(std::fwrite(data, 1, size, f) == size, "short write");
  std::fclose(f);
  try {
    const auto track = insole::readers::read_watch_track(path);
    check(!track.points.empty(), "a track without points was accepted");
    for (std::size_t i = 1; i < track.points.size(); ++i)
      check(track.points[i].unix_s > track.points[i - 1].unix_s, "times do not increase");
  } catch (const insole::readers::InputError& e) {
    check(insole::fuzz::starts_with(e.what(), path), "an InputError does not name the file");
  }
  std::remove(path.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t kind = data[0];
  if (kind == 'F') fit_properties({data + 1, size - 1});
  if (kind == 'G') xml_properties(data + 1, size - 1, ".gpx");
  if (kind == 'T') xml_properties(data + 1, size - 1, ".tcx");
  return 0;
}
