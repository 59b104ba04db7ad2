#include "insole/fit/merged_file.h"

#include <array>
#include <cmath>
#include <map>
#include <stdexcept>

#include "insole/fit/activity_records.h"
#include "insole/fit/fit_crc.h"
#include "insole/fit/fit_decoder.h"
#include "insole/fit/fit_profile.h"
#include "insole_fields.h"

namespace insole::fit {

namespace {

namespace p = profile;
constexpr std::uint8_t kSpliceLocal = 15;  // the local type insole's own messages borrow

void append(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// The definition as written, plus insole's developer fields.
std::vector<std::uint8_t> extended(std::span<const std::uint8_t> def,
                                   std::span<const DeveloperFieldSpec> ours) {
  std::vector<std::uint8_t> out(def.begin(), def.end());
  const std::size_t natives = def[5];
  const bool had = (def[0] & 0x20) != 0;
  out[0] = static_cast<std::uint8_t>(def[0] | 0x20);
  if (had) {
    const std::size_t count_at = 6 + 3 * natives;
    const std::size_t total = out[count_at] + ours.size();
    if (total > 255) throw std::invalid_argument("a watch message with over 255 developer fields");
    out[count_at] = static_cast<std::uint8_t>(total);
  } else {
    out.push_back(static_cast<std::uint8_t>(ours.size()));
  }
  for (const DeveloperFieldSpec& f : ours) {
    out.push_back(f.num);
    out.push_back(static_cast<std::uint8_t>(f.size ? f.size : base_size(f.type)));
    out.push_back(f.developer_index);
  }
  return out;
}

void append_values(std::vector<std::uint8_t>& out, std::span<const DeveloperFieldSpec> specs,
                   const std::vector<Value>& values) {
  for (std::size_t i = 0; i < specs.size(); ++i)
    Encoder::encode_value(out, values[i], specs[i].type, 1, 0,
                          specs[i].size ? specs[i].size : base_size(specs[i].type));
}

}  // namespace

MergedFile merge_into(std::span<const std::uint8_t> watch, const Activity& a) {
  if (a.steps.empty()) throw std::invalid_argument("the run has no steps: nothing to merge");
  // First pass: a sound file, an activity, and the developer data indices it already uses.
  bool activity = false;
  int highest_index = -1;
  decode(watch, [&](const DecodedMessage& m) {
    if (m.global == p::mesg::kFileId) {
      const DecodedField* type = m.field(p::file_id::kType.num);
      activity = activity || (type && type->number() == p::file_id::kTypeActivity);
    }
    if (m.global == p::mesg::kDeveloperDataId) {
      const DecodedField* f = m.field(p::developer_data_id::kDeveloperDataIndex.num);
      if (f && !std::isnan(f->number()))
        highest_index = std::max(highest_index, static_cast<int>(f->number()));
    }
  });
  if (!activity) throw std::invalid_argument("the watch's file is not a FIT activity");
  if (highest_index >= 254)
    throw std::invalid_argument("the watch's file uses every developer data index");
  const auto ours = static_cast<std::uint8_t>(highest_index + 1);

  // insole's seconds by FIT timestamp.
  std::map<std::uint32_t, SecondRecord> by_time;
  for (const SecondRecord& r : second_records(a.steps, a.body_mass_kg)) {
    const double fit_t = std::floor(a.clock_zero_unix_s + static_cast<double>(r.t_s)) -
                         static_cast<double>(p::kUnixOfFitEpoch);
    if (fit_t >= 0) by_time[static_cast<std::uint32_t>(fit_t)] = r;
  }
  const auto record_specs = detail::specs(p::mesg::kRecord, detail::kMerge, ours);
  const auto session_specs = detail::specs(p::mesg::kSession, detail::kMerge, ours);
  const std::vector<Value> session_values = detail::session_values(a, detail::kMerge);

  MergedFile merged;
  std::vector<std::uint8_t> data;
  data.reserve(watch.size() + watch.size() / 2);
  std::array<std::vector<std::uint8_t>, 16> written{};  // each local type's definition as written
  std::array<std::uint16_t, 16> extended_as{};          // 0: not extended; else its message
  bool described = false;
  walk(
      watch,
      [&](const RawDefinition& d) {
        if (d.global == p::mesg::kRecord || d.global == p::mesg::kSession) {
          written[d.local] =
              extended(d.bytes, d.global == p::mesg::kRecord ? record_specs : session_specs);
          extended_as[d.local] = d.global;
        } else {
          written[d.local].assign(d.bytes.begin(), d.bytes.end());
          extended_as[d.local] = 0;
        }
        append(data, written[d.local]);
      },
      [&](const DecodedMessage& m, std::span<const std::uint8_t> bytes, std::uint8_t local) {
        append(data, bytes);
        if (extended_as[local] == p::mesg::kRecord) {
          ++merged.records;
          SecondRecord none;
          const SecondRecord* r = &none;
          const DecodedField* ts = m.field(p::record::kTimestamp.num);
          const double t = ts ? ts->number() : Activity::kNaN;
          if (!std::isnan(t)) {
            const auto it = by_time.find(static_cast<std::uint32_t>(t));
            if (it != by_time.end()) {
              r = &it->second;
              ++merged.records_with_run;
            }
          }
          append_values(data, record_specs, detail::record_values(*r, detail::kMerge));
        } else if (extended_as[local] == p::mesg::kSession) {
          append_values(data, session_specs, session_values);
        }
        // insole's developer data id and field descriptions right after the file id, on a
        // borrowed local type whose own definition is then written again.
        if (m.global == p::mesg::kFileId && !described) {
          described = true;
          Encoder e;
          detail::describe(e, kSpliceLocal, ours, a.software_version_x100, detail::kMerge);
          append(data, e.take_messages());
          append(data, written[kSpliceLocal]);
        }
      });

  std::vector<std::uint8_t>& out = merged.bytes;
  out = {14, 0x20, watch[2], watch[3]};
  const auto size = static_cast<std::uint32_t>(data.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(size >> (8 * i)));
  out.insert(out.end(), {'.', 'F', 'I', 'T'});
  const std::uint16_t header_crc = fit_crc(out);
  out.push_back(static_cast<std::uint8_t>(header_crc));
  out.push_back(static_cast<std::uint8_t>(header_crc >> 8));
  append(out, data);
  const std::uint16_t crc = fit_crc(out);
  out.push_back(static_cast<std::uint8_t>(crc));
  out.push_back(static_cast<std::uint8_t>(crc >> 8));
  return merged;
}

}  // namespace insole::fit
