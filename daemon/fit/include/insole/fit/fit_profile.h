// The part of Garmin's FIT profile (SDK 21.217, Profile.xlsx; the same numbers as
// @garmin/fitsdk's profile.js) that insole writes: message numbers, field numbers, base types,
// scales and offsets, and the enum values used. Values are given to the encoder in the units
// the profile names (s, m, m/s, ms, %, rpm).
#ifndef INSOLE_FIT_FIT_PROFILE_H_
#define INSOLE_FIT_FIT_PROFILE_H_

#include <cstdint>

#include "insole/fit/fit_encoder.h"

namespace insole::fit::profile {

// Header profile version: major * 1000 + minor (21.217).
inline constexpr std::uint16_t kVersion = 21217;
// FIT timestamps count seconds from 1989-12-31T00:00:00Z.
inline constexpr std::int64_t kUnixOfFitEpoch = 631065600;

namespace mesg {
inline constexpr std::uint16_t kFileId = 0;
inline constexpr std::uint16_t kSession = 18;
inline constexpr std::uint16_t kLap = 19;
inline constexpr std::uint16_t kRecord = 20;
inline constexpr std::uint16_t kEvent = 21;
inline constexpr std::uint16_t kDeviceInfo = 23;
inline constexpr std::uint16_t kActivity = 34;
inline constexpr std::uint16_t kFieldDescription = 206;
inline constexpr std::uint16_t kDeveloperDataId = 207;
}  // namespace mesg

using enum BaseType;

namespace file_id {
inline constexpr FieldSpec kType{0, kEnum};
inline constexpr FieldSpec kManufacturer{1, kUint16};
inline constexpr FieldSpec kProduct{2, kUint16};
inline constexpr FieldSpec kTimeCreated{4, kUint32};
inline constexpr std::uint8_t kTypeActivity = 4;
}  // namespace file_id

inline constexpr std::uint16_t kManufacturerDevelopment = 255;

namespace device_info {
inline constexpr FieldSpec kTimestamp{253, kUint32};
inline constexpr FieldSpec kDeviceIndex{0, kUint8};
inline constexpr FieldSpec kManufacturer{2, kUint16};
inline constexpr FieldSpec kProduct{4, kUint16};
inline constexpr FieldSpec kSoftwareVersion{5, kUint16, 100};
inline constexpr FieldSpec kSourceType{25, kEnum};
inline constexpr std::uint8_t kSourceLocal = 5;  // source_type local (the creator itself)
inline constexpr std::uint8_t kSourceAntPlus = 1;
}  // namespace device_info

namespace event {
inline constexpr FieldSpec kTimestamp{253, kUint32};
inline constexpr FieldSpec kEvent{0, kEnum};
inline constexpr FieldSpec kEventType{1, kEnum};
inline constexpr std::uint8_t kTimer = 0;
inline constexpr std::uint8_t kStart = 0;
inline constexpr std::uint8_t kStopAll = 4;
}  // namespace event

namespace record {
inline constexpr FieldSpec kTimestamp{253, kUint32};
inline constexpr FieldSpec kCadence{4, kUint8};  // rpm: strides (one foot's steps) per minute
inline constexpr FieldSpec kFractionalCadence{53, kUint8, 128};
inline constexpr FieldSpec kDistance{5, kUint32, 100};
inline constexpr FieldSpec kEnhancedSpeed{73, kUint32, 1000};
inline constexpr FieldSpec kStanceTime{41, kUint16, 10};          // ms
inline constexpr FieldSpec kStanceTimeBalance{84, kUint16, 100};  // %
inline constexpr FieldSpec kPositionLat{0, kSint32};              // semicircles
inline constexpr FieldSpec kPositionLong{1, kSint32};             // semicircles
inline constexpr FieldSpec kAltitude{2, kUint16, 5, 500};
inline constexpr FieldSpec kEnhancedAltitude{78, kUint32, 5, 500};
inline constexpr FieldSpec kHeartRate{3, kUint8};
inline constexpr FieldSpec kSpeed{6, kUint16, 1000};
}  // namespace record

// Fields lap and session share the meaning of, with their own numbers.
namespace lap {
inline constexpr FieldSpec kMessageIndex{254, kUint16};
inline constexpr FieldSpec kTimestamp{253, kUint32};
inline constexpr FieldSpec kEvent{0, kEnum};
inline constexpr FieldSpec kEventType{1, kEnum};
inline constexpr FieldSpec kStartTime{2, kUint32};
inline constexpr FieldSpec kTotalElapsedTime{7, kUint32, 1000};
inline constexpr FieldSpec kTotalTimerTime{8, kUint32, 1000};
inline constexpr FieldSpec kTotalDistance{9, kUint32, 100};
inline constexpr FieldSpec kAvgCadence{17, kUint8};
inline constexpr FieldSpec kAvgFractionalCadence{80, kUint8, 128};
inline constexpr FieldSpec kLapTrigger{24, kEnum};
inline constexpr FieldSpec kSport{25, kEnum};
inline constexpr FieldSpec kAvgStanceTime{79, kUint16, 10};
inline constexpr FieldSpec kAvgStanceTimeBalance{119, kUint16, 100};
inline constexpr FieldSpec kEnhancedAvgSpeed{110, kUint32, 1000};
inline constexpr std::uint8_t kLapTriggerSessionEnd = 7;
}  // namespace lap

namespace session {
inline constexpr FieldSpec kMessageIndex{254, kUint16};
inline constexpr FieldSpec kTimestamp{253, kUint32};
inline constexpr FieldSpec kEvent{0, kEnum};
inline constexpr FieldSpec kEventType{1, kEnum};
inline constexpr FieldSpec kStartTime{2, kUint32};
inline constexpr FieldSpec kSport{5, kEnum};
inline constexpr FieldSpec kSubSport{6, kEnum};
inline constexpr FieldSpec kTotalElapsedTime{7, kUint32, 1000};
inline constexpr FieldSpec kTotalTimerTime{8, kUint32, 1000};
inline constexpr FieldSpec kTotalDistance{9, kUint32, 100};
inline constexpr FieldSpec kAvgCadence{18, kUint8};
inline constexpr FieldSpec kAvgFractionalCadence{92, kUint8, 128};
inline constexpr FieldSpec kFirstLapIndex{25, kUint16};
inline constexpr FieldSpec kNumLaps{26, kUint16};
inline constexpr FieldSpec kTrigger{28, kEnum};
inline constexpr FieldSpec kAvgStanceTime{91, kUint16, 10};
inline constexpr FieldSpec kAvgStanceTimeBalance{133, kUint16, 100};
inline constexpr FieldSpec kEnhancedAvgSpeed{124, kUint32, 1000};
inline constexpr std::uint8_t kSportRunning = 1;
inline constexpr std::uint8_t kSubSportGeneric = 0;
inline constexpr std::uint8_t kSubSportTreadmill = 1;
inline constexpr std::uint8_t kSubSportStreet = 2;
inline constexpr std::uint8_t kSubSportTrail = 3;
inline constexpr std::uint8_t kSubSportTrack = 4;
inline constexpr std::uint8_t kTriggerActivityEnd = 0;
}  // namespace session

namespace activity {
inline constexpr FieldSpec kTimestamp{253, kUint32};
inline constexpr FieldSpec kTotalTimerTime{0, kUint32, 1000};
inline constexpr FieldSpec kNumSessions{1, kUint16};
inline constexpr FieldSpec kType{2, kEnum};
inline constexpr FieldSpec kEvent{3, kEnum};
inline constexpr FieldSpec kEventType{4, kEnum};
inline constexpr std::uint8_t kTypeManual = 0;
inline constexpr std::uint8_t kEventActivity = 26;
}  // namespace activity

namespace developer_data_id {
inline constexpr FieldSpec kApplicationId{1, kByte, 1, 0, 16};
inline constexpr FieldSpec kDeveloperDataIndex{3, kUint8};
inline constexpr FieldSpec kApplicationVersion{4, kUint32};
}  // namespace developer_data_id

namespace field_description {
inline constexpr FieldSpec kDeveloperDataIndex{0, kUint8};
inline constexpr FieldSpec kFieldDefinitionNumber{1, kUint8};
inline constexpr FieldSpec kFitBaseTypeId{2, kUint8};
inline constexpr FieldSpec kFieldName{3, kString, 1, 0, 32};
inline constexpr FieldSpec kUnits{8, kString, 1, 0, 16};
}  // namespace field_description

}  // namespace insole::fit::profile

#endif  // INSOLE_FIT_FIT_PROFILE_H_
