// daemon/link: read_capture() over an arbitrary file (through a memfd: it only takes a path),
// then what ReplayLink does with the capture: played as fast as possible, every "in" byte
// comes out once and in order; played at the pace a replay: URI asks for (the header's "note"
// is used as the URI's query, e.g. "speed=4"), the first read is scheduled and cancelled.
// Only LinkError may leave read_capture(), and it names the file and line.
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "insole/link/capture.h"
#include "insole/link/link.h"
#include "insole/link/replay_link.h"

namespace {

using insole::fuzz::check;
namespace link = insole::link;
namespace asio = boost::asio;

void replay_full(const link::Capture& capture, std::size_t chunk) {
  std::vector<std::uint8_t> expected;
  for (const auto& r : capture.records) {
    if (r.direction == link::Direction::kIn) {
      expected.insert(expected.end(), r.bytes.begin(), r.bytes.end());
    }
  }
  asio::io_context io;
  link::ReplayLink replay(io, capture, 0.0, "replay:fuzz?speed=full");
  std::vector<std::uint8_t> got, buffer(chunk);
  bool ended = false;
  std::function<void()> read = [&] {
    replay.async_read_some(asio::buffer(buffer),
                           [&](const boost::system::error_code& ec, std::size_t n) {
                             if (ec) {
                               ended = true;
                               return;
                             }
                             check(n <= buffer.size(), "a read returned more than the buffer");
                             got.insert(got.end(), buffer.begin(), buffer.begin() + n);
                             read();
                           });
  };
  read();
  io.run();
  check(ended, "the replay did not end");
  check(got == expected, "the replay did not deliver the capture's bytes in order");
}

void replay_paced(const link::Capture& capture) {
  double speed = 1.0;
  try {
    speed = link::parse_replay_uri("replay:fuzz?" + capture.header.note).speed;
  } catch (const link::LinkError&) {
  }
  asio::io_context io;
  link::ReplayLink replay(io, capture, speed, "replay:fuzz");
  std::uint8_t buffer[64];
  replay.async_read_some(asio::buffer(buffer),
                         [](const boost::system::error_code&, std::size_t) {});
  replay.close();
  io.run();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  insole::fuzz::MemoryFile file(data, size);
  link::Capture capture;
  try {
    capture = link::read_capture(file.path());
  } catch (const link::LinkError& e) {
    check(insole::fuzz::starts_with(e.what(), file.path() + ":"),
          "a LinkError does not name the file and line");
    return 0;
  }
  replay_full(capture, 1 + size % 61);
  replay_paced(capture);
  return 0;
}
