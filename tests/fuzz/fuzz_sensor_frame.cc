// daemon/session: what the daemon does with a device's bytes once a frame is decoded: the
// DeviceInfo of the handshake (refuse_reason) and each Frame turned into a SensorFrame.
// Input: [n][n bytes: DeviceInfo protobuf][the rest: Frame protobuf].
// Properties: a converted frame has exactly sensel_count 12-bit counts and forces; a refused one
// says why.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "insole/session/protocol_check.h"
#include "insole/session/sensor_frame.h"
#include "insole/wire/readings.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using insole::fuzz::check;
  if (size < 1) return 0;
  const std::size_t info_size = std::min<std::size_t>(data[0], size - 1);
  insole::v1::DeviceInfo info;
  insole::v1::Frame frame;
  if (!info.ParseFromArray(data + 1, static_cast<int>(info_size))) return 0;
  if (!frame.ParseFromArray(data + 1 + info_size, static_cast<int>(size - 1 - info_size))) return 0;

  const auto refused = insole::session::refuse_reason(info);
  check(!refused || !refused->empty(), "a refused device gets no reason");
  const char side = insole::session::side_letter(info.side());
  check(side == 'L' || side == 'R' || side == '?', "side_letter outside L, R, ?");

  insole::session::SensorFrame out;
  std::string error;
  if (insole::session::to_sensor_frame(frame, info, out, &error)) {
    const std::size_t count = info.sensel_count();
    check(error.empty(), "a converted frame sets an error");
    check(out.counts.size() == count && out.forces_n.size() == count,
          "a converted frame does not hold sensel_count values");
    for (const auto c : out.counts) check(c <= insole::wire::kReadingMax, "count above 12 bits");
    check(out.sequence == frame.sequence() && out.device_time_us == frame.device_time_us(),
          "sequence or device time changed");
  } else {
    check(!error.empty(), "a rejected frame gets no error");
  }
  return 0;
}
