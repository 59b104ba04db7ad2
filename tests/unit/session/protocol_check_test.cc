#include "insole/session/protocol_check.h"

#include <gtest/gtest.h>

#include "insole/protocol_version.h"

namespace insole::session {
namespace {

insole::v1::DeviceInfo good_info() {
  insole::v1::DeviceInfo info;
  info.set_protocol_major(kProtocolMajor);
  info.set_protocol_minor(kProtocolMinor + 3);  // newer minor: still fine
  info.set_serial_number("SN-1");
  info.set_side(insole::v1::SIDE_LEFT);
  info.set_sensel_count(64);
  info.set_newtons_per_count(0.1f);
  return info;
}

TEST(ProtocolCheck, AcceptsSameMajorAnyMinor) { EXPECT_FALSE(refuse_reason(good_info())); }

TEST(ProtocolCheck, RefusesNewerMajorAndSaysWhatToUpdate) {
  auto info = good_info();
  info.set_protocol_major(kProtocolMajor + 1);
  info.set_protocol_minor(4);
  const auto reason = refuse_reason(info);
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("SN-1"), std::string::npos);
  EXPECT_NE(reason->find("protocol " + std::to_string(kProtocolMajor + 1) + ".4"),
            std::string::npos);
  EXPECT_NE(reason->find("update insoled"), std::string::npos);
}

TEST(ProtocolCheck, RefusesOlderMajorAndPointsAtFirmware) {
  auto info = good_info();
  info.set_protocol_major(0);
  const auto reason = refuse_reason(info);
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("update the insole firmware"), std::string::npos);
}

TEST(ProtocolCheck, RefusesNonsenseDescriptions) {
  auto info = good_info();
  info.set_side(insole::v1::SIDE_UNSPECIFIED);
  EXPECT_TRUE(refuse_reason(info));
  info = good_info();
  info.set_sensel_count(0);
  EXPECT_TRUE(refuse_reason(info));
  info = good_info();
  info.set_sensel_count(129);
  EXPECT_TRUE(refuse_reason(info));
  info = good_info();
  info.set_newtons_per_count(0);
  EXPECT_TRUE(refuse_reason(info));
}

}  // namespace
}  // namespace insole::session
