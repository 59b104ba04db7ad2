// insole's developer fields (internal to insole_fit): the one table both the exported activity
// and the merged watch file describe, and their values for a record and for a session.
#ifndef INSOLE_FIT_SRC_INSOLE_FIELDS_H_
#define INSOLE_FIT_SRC_INSOLE_FIELDS_H_

#include <cstdint>
#include <vector>

#include "insole/fit/activity_file.h"
#include "insole/fit/activity_records.h"
#include "insole/fit/fit_encoder.h"

namespace insole::fit::detail {

// Which file a field is written in: insole's own activity, or a watch's file merged with it
// (where FIT's native cadence and stance fields are the watch's, so insole's go as developer
// fields, and the distance is the watch's).
enum FileKind : std::uint8_t { kExport = 1, kMerge = 2 };

// insole's FIT application id (a random UUID, fixed): readers tell its developer fields apart
// from another application's by it.
extern const std::vector<std::uint8_t> kApplicationId;

std::vector<DeveloperFieldSpec> specs(std::uint16_t message, FileKind kind,
                                      std::uint8_t developer_index);
// The developer_data_id and one field_description per field of `kind`, as messages of local
// type `local` (redefined here).
void describe(Encoder& e, std::uint8_t local, std::uint8_t developer_index,
              std::uint32_t application_version, FileKind kind);
// Values in specs(...) order.
std::vector<Value> record_values(const SecondRecord& r, FileKind kind);
std::vector<Value> session_values(const Activity& a, FileKind kind);
std::vector<DeveloperFieldInfo> infos(FileKind kind);

}  // namespace insole::fit::detail

#endif  // INSOLE_FIT_SRC_INSOLE_FIELDS_H_
