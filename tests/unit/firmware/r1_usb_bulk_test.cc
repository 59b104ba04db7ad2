// insole-r1 USB bulk endpoints: the IN packetiser (64-byte packets, a zero-length packet when a
// transfer ends on a packet boundary) and the ByteLink between the core and the interrupt.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "bulk_in_packetiser.h"
#include "usb_byte_link.h"

namespace {

using namespace insole::fw::r1::usb;
using Bytes = std::vector<uint8_t>;

Bytes pattern(size_t n, uint8_t seed) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(seed + i * 7);
  return b;
}

// Drains the packetiser like the interrupt: the size of every packet, and all bytes.
std::vector<size_t> drain(BulkInPacketiser& p, Bytes* out = nullptr) {
  std::vector<size_t> sizes;
  uint8_t packet[64];
  size_t n;
  while (p.next_packet(packet, &n)) {
    sizes.push_back(n);
    if (out) out->insert(out->end(), packet, packet + n);
  }
  return sizes;
}

TEST(BulkInPacketiserTest, SplitsIntoPacketsOf64) {
  BulkInPacketiser p;
  const Bytes frame = pattern(150, 1);
  ASSERT_TRUE(p.push(frame.data(), frame.size()));
  Bytes got;
  EXPECT_EQ(drain(p, &got), (std::vector<size_t>{64, 64, 22}));
  EXPECT_EQ(got, frame);
}

TEST(BulkInPacketiserTest, ZeroLengthPacketWhenTheDataEndsOnAPacketBoundary) {
  BulkInPacketiser p;
  const Bytes frame = pattern(128, 2);
  ASSERT_TRUE(p.push(frame.data(), frame.size()));
  EXPECT_EQ(drain(p), (std::vector<size_t>{64, 64, 0}));
  ASSERT_TRUE(p.push(frame.data(), 64));
  EXPECT_EQ(drain(p), (std::vector<size_t>{64, 0}));
  EXPECT_TRUE(drain(p).empty());  // nothing more, not even another ZLP
}

TEST(BulkInPacketiserTest, NoZeroLengthPacketWhenMoreDataFollowsInTime) {
  BulkInPacketiser p;
  const Bytes a = pattern(64, 3), b = pattern(10, 4);
  ASSERT_TRUE(p.push(a.data(), a.size()));
  uint8_t packet[64];
  size_t n;
  ASSERT_TRUE(p.next_packet(packet, &n));
  EXPECT_EQ(n, 64u);
  ASSERT_TRUE(p.push(b.data(), b.size()));  // queued before the next packet was taken
  Bytes got;
  EXPECT_EQ(drain(p, &got), (std::vector<size_t>{10}));
  EXPECT_EQ(got, b);
}

TEST(BulkInPacketiserTest, TakesWholeFramesOrNoneAndKeepsOrderAcrossTheWrap) {
  BulkInPacketiser p;
  const Bytes big = pattern(2000, 5);
  ASSERT_TRUE(p.push(big.data(), big.size()));
  const Bytes frame = pattern(100, 6);
  EXPECT_FALSE(p.push(frame.data(), frame.size()));  // 48 bytes free: refused whole
  EXPECT_EQ(p.queued(), 2000u);
  Bytes got;
  drain(p, &got);
  EXPECT_EQ(got, big);
  // The ring has wrapped; frames still come out in order.
  Bytes expected;
  for (uint8_t i = 0; i < 21; ++i) {  // 2037 of 2048 bytes
    const Bytes f = pattern(97, i);
    ASSERT_TRUE(p.push(f.data(), f.size()));
    expected.insert(expected.end(), f.begin(), f.end());
  }
  got.clear();
  drain(p, &got);
  EXPECT_EQ(got, expected);
}

TEST(BulkInPacketiserTest, ClearDropsQueuedBytesAndAnOwedZeroLengthPacket) {
  BulkInPacketiser p;
  const Bytes frame = pattern(64, 7);
  ASSERT_TRUE(p.push(frame.data(), frame.size()));
  uint8_t packet[64];
  size_t n;
  ASSERT_TRUE(p.next_packet(packet, &n));
  ASSERT_TRUE(p.push(frame.data(), frame.size()));
  p.clear();
  EXPECT_TRUE(drain(p).empty());
}

class CountingService final : public UsbService {
 public:
  void request_service() override { ++requests; }
  int requests = 0;
};

TEST(UsbByteLinkTest, RefusesFramesUntilTheHostConfiguresTheDevice) {
  CountingService service;
  UsbByteLink link(service);
  const Bytes frame = pattern(40, 8);
  EXPECT_FALSE(link.write(frame.data(), frame.size()));
  EXPECT_EQ(service.requests, 0);
  link.on_configured();
  EXPECT_TRUE(link.write(frame.data(), frame.size()));
  EXPECT_EQ(service.requests, 1);
  EXPECT_TRUE(link.in_pending());
  link.on_deconfigured();  // host gone: what it did not take is dropped
  EXPECT_FALSE(link.in_pending());
  EXPECT_FALSE(link.write(frame.data(), frame.size()));
}

TEST(UsbByteLinkTest, FramesArriveWholeAndInOrderAsPackets) {
  CountingService service;
  UsbByteLink link(service);
  link.on_configured();
  std::mt19937 rng(42);
  Bytes sent, received;
  size_t zlps = 0;
  for (int i = 0; i < 500; ++i) {
    const Bytes frame = pattern(1 + rng() % 300, static_cast<uint8_t>(i));
    if (link.write(frame.data(), frame.size())) sent.insert(sent.end(), frame.begin(), frame.end());
    // The interrupt takes a few packets now and then.
    for (unsigned k = rng() % 6; k > 0; --k) {
      uint8_t packet[64];
      size_t n;
      if (!link.next_in_packet(packet, &n)) break;
      ASSERT_LE(n, 64u);
      if (n == 0) ++zlps;
      received.insert(received.end(), packet, packet + n);
    }
  }
  uint8_t packet[64];
  size_t n;
  while (link.next_in_packet(packet, &n)) received.insert(received.end(), packet, packet + n);
  EXPECT_EQ(received, sent);
  EXPECT_GT(sent.size(), 50000u);
  EXPECT_GT(zlps, 0u);
}

TEST(UsbByteLinkTest, OutPacketsReachReadAndTheEndpointWaitsForSpace) {
  CountingService service;
  UsbByteLink link(service);
  link.on_configured();
  Bytes sent;
  // Fill the 256-byte receive queue with 64-byte packets while the core does not read.
  int packets = 0;
  while (link.out_ready()) {
    const Bytes p = pattern(64, static_cast<uint8_t>(packets++));
    link.on_out_packet(p.data(), p.size());
    sent.insert(sent.end(), p.begin(), p.end());
  }
  EXPECT_EQ(packets, 4);
  link.set_out_paused();  // the driver leaves OUT NAKing
  EXPECT_EQ(service.requests, 0);

  Bytes got(10);
  ASSERT_EQ(link.read(got.data(), got.size()), 10u);
  EXPECT_EQ(service.requests, 0);  // 10 bytes free: still not a whole packet
  got.resize(256);
  const size_t n = link.read(got.data() + 10, 246);
  EXPECT_EQ(n, 246u);
  EXPECT_EQ(service.requests, 1);  // room again: the interrupt re-arms OUT
  EXPECT_EQ(got, sent);            // nothing lost, nothing reordered
  EXPECT_EQ(link.read(got.data(), got.size()), 0u);
  EXPECT_EQ(service.requests, 1);
}

}  // namespace
