#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "insole/fit/fit_crc.h"
#include "insole/fit/fit_decoder.h"
#include "insole/fit/fit_encoder.h"

namespace insole::fit {
namespace {

std::vector<DecodedMessage> all(const std::vector<std::uint8_t>& file,
                                std::vector<std::vector<std::uint8_t>>* keep = nullptr) {
  std::vector<DecodedMessage> out;
  decode(file, [&](const DecodedMessage& m) {
    out.push_back(m);
    if (keep) {  // the spans point into the file or the decoder's scratch: copy the timestamp
      const DecodedField* ts = m.field(253);
      keep->push_back(ts ? std::vector<std::uint8_t>(ts->bytes.begin(), ts->bytes.end())
                         : std::vector<std::uint8_t>{});
    }
  });
  return out;
}

TEST(FitDecoder, ReadsBackWhatTheEncoderWrote) {
  Encoder e;
  const FieldSpec f[] = {{253, BaseType::kUint32},
                         {5, BaseType::kUint32, 100},
                         {3, BaseType::kUint8},
                         {2, BaseType::kSint16},
                         {9, BaseType::kFloat32}};
  const DeveloperFieldSpec dev[] = {{0, BaseType::kFloat32, 0, 0}};
  e.define(2, 20, f, dev);
  const Value a[] = {1000.0, 12.5, 150.0, -7.0, 0.25, 3.0};
  const Value b[] = {1001.0, std::nan(""), std::monostate{}, std::nan(""), std::nan(""), 1.0};
  e.write(2, a);
  e.write(2, b);
  const auto file = e.finish(21217);  // the messages' fields point into it
  const auto msgs = all(file);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].global, 20);
  EXPECT_EQ(msgs[0].field(253)->number(), 1000);
  EXPECT_EQ(msgs[0].field(5)->number(), 1250);  // raw: scale is the caller's
  EXPECT_EQ(msgs[0].field(3)->number(), 150);
  EXPECT_EQ(msgs[0].field(2)->number(), -7);
  EXPECT_DOUBLE_EQ(msgs[0].field(9)->number(), 0.25);
  EXPECT_EQ(msgs[0].field(77), nullptr);
  for (std::uint8_t n : {5, 3, 2, 9}) EXPECT_TRUE(std::isnan(msgs[1].field(n)->number())) << +n;
  EXPECT_EQ(msgs[1].index, 1u);
}

// A file by hand: a big-endian definition and a compressed-timestamp data message.
TEST(FitDecoder, HandlesBigEndianAndCompressedTimestamps) {
  std::vector<std::uint8_t> data = {
      0x40,
      0,
      1,
      0,
      20,
      2,  // definition, local 0, big-endian, global 20, 2 fields
      253,
      4,
      0x86,  // timestamp uint32
      3,
      1,
      0x02,  // heart rate uint8
      0x41,
      0,
      1,
      0,
      20,
      1,  // local 1: the same message without its timestamp
      3,
      1,
      0x02,  //
      0x00,
      0,
      0,
      0x03,
      0xE8,
      140,  // data: timestamp 1000, hr 140
      0x80 | 0x20 | 0x0A,
      141,  // compressed header, local 1, time offset 10
  };
  std::vector<std::uint8_t> file = {
      14, 0x20, 0, 0, static_cast<std::uint8_t>(data.size()), 0, 0, 0, '.', 'F', 'I', 'T', 0, 0};
  const std::uint16_t hcrc = fit_crc(std::span(file).first(12));
  file[12] = static_cast<std::uint8_t>(hcrc);
  file[13] = static_cast<std::uint8_t>(hcrc >> 8);
  file.insert(file.end(), data.begin(), data.end());
  const std::uint16_t crc = fit_crc(file);
  file.push_back(static_cast<std::uint8_t>(crc));
  file.push_back(static_cast<std::uint8_t>(crc >> 8));
  std::vector<std::vector<std::uint8_t>> ts;
  const auto msgs = all(file, &ts);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].field(3)->number(), 140);
  // 1000 = 0x3E8: low 5 bits 8; offset 10 > 8, so the same 32 s window: 992 + 10 = 1002.
  ASSERT_EQ(ts[1].size(), 4u);
  EXPECT_EQ(ts[1][0] | (ts[1][1] << 8), 1002);
  EXPECT_EQ(msgs[1].field(3)->number(), 141);
}

TEST(FitDecoder, BadFilesSayWhatAndWhere) {
  auto error = [](const std::vector<std::uint8_t>& f) {
    try {
      decode(f, [](const DecodedMessage&) {});
    } catch (const FitDecodeError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(error({1, 2, 3}).find("not a FIT file"), std::string::npos);
  Encoder e;
  const FieldSpec f[] = {{253, BaseType::kUint32}};
  e.define(0, 20, f);
  const Value v[] = {5.0};
  e.write(0, v);
  auto file = e.finish(21217);
  auto cut = file;
  cut.resize(cut.size() - 4);
  EXPECT_NE(error(cut).find("cut short"), std::string::npos) << error(cut);
  auto flipped = file;
  flipped[16] ^= 1;
  EXPECT_NE(error(flipped).find("file CRC"), std::string::npos) << error(flipped);
  // Data of a local type never defined, with a valid CRC: named by message and byte.
  std::vector<std::uint8_t> lone = {14, 0x20, 0, 0, 1, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0, 0x03};
  const std::uint16_t crc = fit_crc(lone);
  lone.push_back(static_cast<std::uint8_t>(crc));
  lone.push_back(static_cast<std::uint8_t>(crc >> 8));
  EXPECT_EQ(error(lone), "message 1 at byte 14: data of local type 3 before its definition");
}

}  // namespace
}  // namespace insole::fit
