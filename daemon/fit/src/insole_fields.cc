#include "insole_fields.h"

#include <array>
#include <cmath>
#include <string>

#include "insole/fit/fit_profile.h"

namespace insole::fit::detail {

namespace {

namespace p = profile;
using enum BaseType;

enum DevNumber : std::uint8_t {
  kStrikeIndex = 0,
  kPronationIndex,
  kPeakForce,
  kLoadingRate,
  kInsoleCadence,
  kInsoleStanceTime,
  kInsoleStanceBalance,
  kFlatShare = 10,
  kImpulseAsymmetry,
  kStrikeLeft,
  kStrikeRight,
  kPronationLeft,
  kPronationRight,
  kShoeId,
  kShoeDistance,
  kShoeWear,
  kDistanceEstimate,
  kDistanceEstimateSource,
};

struct DevField {
  DeveloperFieldInfo info;
  BaseType type;
  std::uint8_t size;
  std::uint8_t files;  // FileKind bits
};
constexpr std::uint8_t kWord = 16;  // bytes of a class or verdict word, NUL included
constexpr std::uint8_t kBoth = kExport | kMerge;
const std::array<DevField, 18> kFields = {{
    {{kStrikeIndex, "strike_index", "%", p::mesg::kRecord}, kFloat32, 0, kBoth},
    {{kPronationIndex, "pronation_index", "%", p::mesg::kRecord}, kFloat32, 0, kBoth},
    {{kPeakForce, "peak_force", "N", p::mesg::kRecord}, kFloat32, 0, kBoth},
    {{kLoadingRate, "loading_rate", "BW/s", p::mesg::kRecord}, kFloat32, 0, kBoth},
    {{kInsoleCadence, "insole_cadence", "steps/min", p::mesg::kRecord}, kFloat32, 0, kMerge},
    {{kInsoleStanceTime, "insole_stance_time", "ms", p::mesg::kRecord}, kFloat32, 0, kMerge},
    {{kInsoleStanceBalance, "insole_stance_balance", "% left", p::mesg::kRecord},
     kFloat32,
     0,
     kMerge},
    {{kFlatShare, "flat_landing_share", "%", p::mesg::kSession}, kFloat32, 0, kBoth},
    {{kImpulseAsymmetry, "impulse_asymmetry", "%", p::mesg::kSession}, kFloat32, 0, kBoth},
    {{kStrikeLeft, "strike_left", "", p::mesg::kSession}, kString, kWord, kBoth},
    {{kStrikeRight, "strike_right", "", p::mesg::kSession}, kString, kWord, kBoth},
    {{kPronationLeft, "pronation_left", "", p::mesg::kSession}, kString, kWord, kBoth},
    {{kPronationRight, "pronation_right", "", p::mesg::kSession}, kString, kWord, kBoth},
    {{kShoeId, "shoe_id", "", p::mesg::kSession}, kUint32, 0, kBoth},
    {{kShoeDistance, "shoe_distance", "km", p::mesg::kSession}, kFloat32, 0, kBoth},
    {{kShoeWear, "shoe_wear", "", p::mesg::kSession}, kString, kWord, kBoth},
    {{kDistanceEstimate, "distance_estimate", "m", p::mesg::kSession}, kFloat32, 0, kExport},
    {{kDistanceEstimateSource, "distance_estimate_source", "", p::mesg::kSession},
     kString,
     24,
     kExport},
}};

Value num(double v) { return v; }
Value word(const std::string& s, std::size_t size) {
  if (s.empty()) return std::monostate{};
  return s.substr(0, size - 1);
}

// Values by field number; those not in `kind` are dropped in order.
std::vector<Value> in_order(std::uint16_t message, FileKind kind,
                            const std::array<Value, 32>& by_number) {
  std::vector<Value> out;
  for (const DevField& f : kFields)
    if (f.info.message == message && (f.files & kind)) out.push_back(by_number[f.info.number]);
  return out;
}

}  // namespace

const std::vector<std::uint8_t> kApplicationId = {0xb5, 0xac, 0x9a, 0x00, 0xbb, 0x92, 0x47, 0x3a,
                                                  0x86, 0x78, 0xef, 0x42, 0x91, 0x9b, 0x3a, 0xb7};

std::vector<DeveloperFieldSpec> specs(std::uint16_t message, FileKind kind,
                                      std::uint8_t developer_index) {
  std::vector<DeveloperFieldSpec> out;
  for (const DevField& f : kFields)
    if (f.info.message == message && (f.files & kind))
      out.push_back({f.info.number, f.type, developer_index, f.size});
  return out;
}

void describe(Encoder& e, std::uint8_t local, std::uint8_t developer_index,
              std::uint32_t application_version, FileKind kind) {
  const FieldSpec id[] = {p::developer_data_id::kApplicationId,
                          p::developer_data_id::kDeveloperDataIndex,
                          p::developer_data_id::kApplicationVersion};
  e.define(local, p::mesg::kDeveloperDataId, id);
  const Value idv[] = {kApplicationId, num(developer_index), num(application_version)};
  e.write(local, idv);
  const FieldSpec f[] = {p::field_description::kDeveloperDataIndex,
                         p::field_description::kFieldDefinitionNumber,
                         p::field_description::kFitBaseTypeId, p::field_description::kFieldName,
                         p::field_description::kUnits};
  e.define(local, p::mesg::kFieldDescription, f);
  for (const DevField& d : kFields) {
    if (!(d.files & kind)) continue;
    const Value v[] = {num(developer_index), num(d.info.number), num(static_cast<double>(d.type)),
                       std::string(d.info.name), word(d.info.units, 16)};
    e.write(local, v);
  }
}

std::vector<Value> record_values(const SecondRecord& r, FileKind kind) {
  std::array<Value, 32> v{};
  v[kStrikeIndex] = num(r.strike_index_pct);
  v[kPronationIndex] = num(r.pronation_index);
  v[kPeakForce] = num(r.peak_force_n);
  v[kLoadingRate] = num(r.loading_rate_bw_per_s);
  v[kInsoleCadence] = num(r.cadence_spm);
  v[kInsoleStanceTime] = num(r.stance_time_ms);
  v[kInsoleStanceBalance] = num(r.stance_balance_left_pct);
  return in_order(p::mesg::kRecord, kind, v);
}

std::vector<Value> session_values(const Activity& a, FileKind kind) {
  std::array<Value, 32> v{};
  v[kFlatShare] = num(a.flat_share_pct);
  v[kImpulseAsymmetry] = num(a.impulse_asymmetry_pct);
  v[kStrikeLeft] = word(a.strike_left, kWord);
  v[kStrikeRight] = word(a.strike_right, kWord);
  v[kPronationLeft] = word(a.pronation_left, kWord);
  v[kPronationRight] = word(a.pronation_right, kWord);
  v[kShoeId] = a.shoe_id > 0 ? num(static_cast<double>(a.shoe_id)) : Value{};
  v[kShoeDistance] = num(a.shoe_km);
  v[kShoeWear] = word(a.shoe_verdict, kWord);
  v[kDistanceEstimate] = num(a.estimated_distance_m);
  v[kDistanceEstimateSource] = word(a.estimate_source, 24);
  return in_order(p::mesg::kSession, kind, v);
}

std::vector<DeveloperFieldInfo> infos(FileKind kind) {
  std::vector<DeveloperFieldInfo> out;
  for (const DevField& f : kFields)
    if (f.files & kind) out.push_back(f.info);
  return out;
}

}  // namespace insole::fit::detail
