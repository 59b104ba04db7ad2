#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "insole/fit/fit_crc.h"
#include "insole/fit/fit_encoder.h"

namespace insole::fit {
namespace {

TEST(FitCrc, IsCrc16ArcOnTheStandardCheckString) {
  // CRC-16/ARC ("123456789" -> 0xBB3D), the polynomial the FIT SDK's nibble table implements.
  const std::string text = "123456789";
  const std::vector<std::uint8_t> bytes(text.begin(), text.end());
  EXPECT_EQ(fit_crc(bytes), 0xBB3D);
  // Continuing from a partial CRC gives the same result.
  const std::span<const std::uint8_t> all(bytes);
  EXPECT_EQ(fit_crc(all.subspan(4), fit_crc(all.first(4))), 0xBB3D);
}

std::uint16_t le16(const std::vector<std::uint8_t>& b, std::size_t i) {
  return static_cast<std::uint16_t>(b[i] | (b[i + 1] << 8));
}

TEST(FitEncoder, WritesHeaderDefinitionDataAndCrcs) {
  Encoder e;
  const FieldSpec fields[] = {{253, BaseType::kUint32}, {41, BaseType::kUint16, 10}};
  e.define(5, 20, fields);
  const Value v[] = {1000.0, 251.26};
  e.write(5, v);
  const auto file = e.finish(21217);
  ASSERT_EQ(file.size(), 14u + (6 + 2 * 3) + (1 + 4 + 2) + 2);
  EXPECT_EQ(file[0], 14);
  EXPECT_EQ(file[1], 0x20);
  EXPECT_EQ(le16(file, 2), 21217);
  EXPECT_EQ(file[4] | (file[5] << 8), static_cast<int>(file.size() - 16));
  EXPECT_EQ(std::string(file.begin() + 8, file.begin() + 12), ".FIT");
  EXPECT_EQ(le16(file, 12), fit_crc(std::span(file).first(12)));
  // Definition: header 0x40 | local 5, reserved, little-endian, global 20, 2 fields.
  EXPECT_EQ(file[14], 0x45);
  EXPECT_EQ(file[16], 0);
  EXPECT_EQ(le16(file, 17), 20);
  EXPECT_EQ(file[19], 2);
  EXPECT_EQ(file[20], 253);
  EXPECT_EQ(file[21], 4);
  EXPECT_EQ(file[22], 0x86);
  // Data: 251.26 ms at scale 10 rounds to 2513.
  EXPECT_EQ(file[26], 5);
  EXPECT_EQ(file[27] | (file[28] << 8), 1000);
  EXPECT_EQ(le16(file, 31), 2513);
  // The file CRC covers everything before it: the CRC of the whole file is then 0.
  EXPECT_EQ(fit_crc(file), 0);
}

TEST(FitEncoder, UnknownAndOutOfRangeValuesAreInvalidNotNumbers) {
  Encoder e;
  const FieldSpec fields[] = {{0, BaseType::kUint8},   {1, BaseType::kUint16, 100},
                              {2, BaseType::kSint16},  {3, BaseType::kFloat32},
                              {4, BaseType::kUint32z}, {5, BaseType::kString, 1, 0, 4}};
  e.define(0, 206, fields);
  const Value unknown[] = {std::nan(""), std::monostate{}, std::nan(""), std::nan(""),
                           0.0,          std::monostate{}};
  e.write(0, unknown);
  const Value out_of_range[] = {256.0, 700.0, -40000.0, 1e39, -1.0, std::string("abc")};
  e.write(0, out_of_range);
  const auto file = e.finish(21217);
  const std::size_t data = 14 + 6 + 6 * 3;
  const std::vector<std::uint8_t> invalid = {0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF,
                                             0,    0,    0,    0,    0,    0,    0,    0};
  EXPECT_EQ(std::vector<std::uint8_t>(file.begin() + data + 1, file.begin() + data + 18), invalid);
  const std::size_t second = data + 18;
  const std::vector<std::uint8_t> clipped = {0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF,
                                             0,    0,    0,    0,    'a',  'b',  'c',  0};
  EXPECT_EQ(std::vector<std::uint8_t>(file.begin() + second + 1, file.begin() + second + 18),
            clipped);
}

TEST(FitEncoder, DeveloperFieldsAreDefinedAfterTheNativeOnes) {
  Encoder e;
  const FieldSpec fields[] = {{253, BaseType::kUint32}};
  const DeveloperFieldSpec dev[] = {{7, BaseType::kFloat32, 0, 0}};
  e.define(1, 18, fields, dev);
  const Value v[] = {5.0, 1.5};
  e.write(1, v);
  const auto file = e.finish(21217);
  EXPECT_EQ(file[14], 0x40 | 0x20 | 1);
  EXPECT_EQ(file[23], 1);  // developer field count after the native field definition
  EXPECT_EQ(file[24], 7);
  EXPECT_EQ(file[25], 4);
  EXPECT_EQ(file[26], 0);
  float f = 0;
  std::memcpy(&f, &file[27 + 1 + 4], 4);
  EXPECT_FLOAT_EQ(f, 1.5f);
}

TEST(FitEncoder, MisuseIsAnError) {
  Encoder e;
  const Value one[] = {1.0};
  EXPECT_THROW(e.write(3, one), EncoderError);
  const FieldSpec text[] = {{3, BaseType::kString, 1, 0, 4}};
  e.define(3, 206, text);
  const Value too_long[] = {std::string("four")};
  EXPECT_THROW(e.write(3, too_long), EncoderError);
  const Value number_for_text[] = {1.0};
  EXPECT_THROW(e.write(3, number_for_text), EncoderError);
  const Value two[] = {std::string("a"), std::string("b")};
  EXPECT_THROW(e.write(3, two), EncoderError);
  EXPECT_THROW(e.define(16, 20, text), EncoderError);
}

}  // namespace
}  // namespace insole::fit
