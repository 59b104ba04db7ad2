#include "otg_fs.h"

#include "stm32f411.h"

namespace insole::fw::r1::usb {
namespace {

// OTG_FS registers (RM0383 22.16), relative to its base.
constexpr uintptr_t kBase = 0x50000000;
constexpr uintptr_t kGahbcfg = 0x008, kGusbcfg = 0x00C, kGrstctl = 0x010, kGintsts = 0x014,
                    kGintmsk = 0x018, kGrxstsp = 0x020, kGrxfsiz = 0x024, kDieptxf0 = 0x028,
                    kGccfg = 0x038, kDieptxf1 = 0x104;
constexpr uintptr_t kDcfg = 0x800, kDctl = 0x804, kDiepmsk = 0x810, kDoepmsk = 0x814,
                    kDaint = 0x818, kDaintmsk = 0x81C;
constexpr uintptr_t kPcgcctl = 0xE00;
constexpr uintptr_t diepctl(unsigned ep) { return 0x900 + 0x20 * ep; }
constexpr uintptr_t diepint(unsigned ep) { return 0x908 + 0x20 * ep; }
constexpr uintptr_t dieptsiz(unsigned ep) { return 0x910 + 0x20 * ep; }
constexpr uintptr_t doepctl(unsigned ep) { return 0xB00 + 0x20 * ep; }
constexpr uintptr_t doepint(unsigned ep) { return 0xB08 + 0x20 * ep; }
constexpr uintptr_t doeptsiz(unsigned ep) { return 0xB10 + 0x20 * ep; }
constexpr uintptr_t fifo(unsigned ep) { return 0x1000 + 0x1000 * ep; }

volatile uint32_t& otg(uintptr_t offset) { return reg32(kBase + offset); }

// GAHBCFG, GUSBCFG, GRSTCTL, GCCFG.
constexpr uint32_t kGintGlobalMask = 1u << 0;
constexpr uint32_t kUsbcfgPhysel = 1u << 6;
constexpr uint32_t kUsbcfgTrdt6 = 6u << 10;  // turnaround for AHB >= 32 MHz (RM0383 22.16.4)
constexpr uint32_t kUsbcfgForceDevice = 1u << 30;
constexpr uint32_t kRstCore = 1u << 0, kRstRxFlush = 1u << 4, kRstTxFlush = 1u << 5,
                   kRstTxAll = 0x10u << 6, kRstAhbIdle = 1u << 31;
constexpr uint32_t kGccfgPowerUp = 1u << 16, kGccfgNoVbusSense = 1u << 21;
// GINTSTS / GINTMSK.
constexpr uint32_t kIntRxFlvl = 1u << 4, kIntSuspend = 1u << 11, kIntReset = 1u << 12,
                   kIntEnumDone = 1u << 13, kIntInEp = 1u << 18, kIntOutEp = 1u << 19,
                   kIntWakeup = 1u << 31;
// GRXSTSP packet status (device mode).
constexpr uint32_t kRxOutData = 2, kRxSetupData = 6;
// DCFG, DCTL.
constexpr uint32_t kDcfgFullSpeed = 3u << 0;
constexpr uint32_t kDcfgAddressMask = 0x7Fu << 4;
constexpr uint32_t kDctlSoftDisconnect = 1u << 1;
// DIEPCTL / DOEPCTL.
constexpr uint32_t kEpActive = 1u << 15, kEpTypeBulk = 2u << 18, kEpStall = 1u << 21,
                   kEpClearNak = 1u << 26, kEpSetNak = 1u << 27, kEpData0 = 1u << 28,
                   kEpEnable = 1u << 31;
constexpr uint32_t txfifo(unsigned n) { return n << 22; }
// DIEPINT / DOEPINT, DIEPMSK / DOEPMSK.
constexpr uint32_t kEpXferDone = 1u << 0, kEpSetupDone = 1u << 3;
// Transfer sizes: one packet at a time.
constexpr uint32_t packets(uint32_t n) { return n << 19; }
constexpr uint32_t kSetupCount3 = 3u << 29;

constexpr uint32_t kRxFifoWords = 128, kTx0Words = 16, kTx1Words = 64;
constexpr unsigned kBulkEp = kBulkInAddress & 0x7F;
static_assert(kBulkEp == (kBulkOutAddress & 0x7F), "IN and OUT share endpoint number 1");
constexpr unsigned kAfOtgFs = 10;

bool wait_clear(uintptr_t offset, uint32_t mask) {
  for (uint32_t i = 0; i < 1000000; ++i) {
    if ((otg(offset) & mask) == 0) return true;
  }
  return false;
}

void flush_fifos() {
  otg(kGrstctl) = kRstTxFlush | kRstTxAll;
  wait_clear(kGrstctl, kRstTxFlush);
  otg(kGrstctl) = kRstRxFlush;
  wait_clear(kGrstctl, kRstRxFlush);
}

}  // namespace

void OtgFsDevice::start() {
  reg32(kRccAhb1Enr) |= kAhb1GpioA;
  reg32(kRccAhb2Enr) |= kAhb2OtgFs;
  data_sync();
  gpio_configure(kGpioA, 11, PinMode::kAlternate, kAfOtgFs);
  gpio_configure(kGpioA, 12, PinMode::kAlternate, kAfOtgFs);

  // Core reset once the AHB master is idle (RM0383 22.17.1).
  for (uint32_t i = 0; i < 1000000 && (otg(kGrstctl) & kRstAhbIdle) == 0; ++i) {
  }
  otg(kGrstctl) = kRstCore;
  wait_clear(kGrstctl, kRstCore);
  otg(kGusbcfg) = kUsbcfgPhysel | kUsbcfgTrdt6 | kUsbcfgForceDevice;
  // Forced device mode takes effect after at least 25 ms (RM0383 22.16.4, FDMOD); the core
  // runs from the 84 MHz SYSCLK here, ~4 cycles per iteration.
  for (volatile uint32_t i = 0; i < 600000; ++i) {
  }
  otg(kGccfg) = kGccfgPowerUp | kGccfgNoVbusSense;
  otg(kPcgcctl) = 0;
  otg(kDctl) = kDctlSoftDisconnect;
  otg(kDcfg) = kDcfgFullSpeed;

  otg(kGrxfsiz) = kRxFifoWords;
  otg(kDieptxf0) = kTx0Words << 16 | kRxFifoWords;
  otg(kDieptxf1) = kTx1Words << 16 | (kRxFifoWords + kTx0Words);
  flush_fifos();

  otg(kDiepmsk) = kEpXferDone;
  otg(kDoepmsk) = kEpXferDone | kEpSetupDone;
  otg(kGintsts) = 0xFFFFFFFFu;
  otg(kGintmsk) =
      kIntRxFlvl | kIntSuspend | kIntReset | kIntEnumDone | kIntInEp | kIntOutEp | kIntWakeup;
  otg(kGahbcfg) = kGintGlobalMask;
  nvic_enable(kIrqOtgFs);
  otg(kDctl) = 0;  // connect: D+ pull-up on
}

void OtgFsDevice::request_service() { nvic_set_pending(kIrqOtgFs); }

void OtgFsDevice::on_irq() {
  const uint32_t status = otg(kGintsts) & otg(kGintmsk);
  if (status & kIntReset) {
    otg(kGintsts) = kIntReset;
    bus_reset();
  }
  if (status & kIntEnumDone) {
    otg(kGintsts) = kIntEnumDone;
    otg(diepctl(0)) = 0;  // MPSIZ 0: 64-byte EP0 packets
    ep0_arm_out();
  }
  if (status & kIntSuspend) {
    otg(kGintsts) = kIntSuspend;
    suspended_ = true;
  }
  if (status & kIntWakeup) {
    otg(kGintsts) = kIntWakeup;
    suspended_ = false;
  }
  while (otg(kGintsts) & kIntRxFlvl) read_rx_fifo();
  if (status & kIntOutEp) {
    const uint32_t daint = otg(kDaint) >> 16;
    if (daint & 1u) {
      const uint32_t flags = otg(doepint(0));
      otg(doepint(0)) = flags;
      if (flags & kEpSetupDone)
        handle_setup();
      else if (flags & kEpXferDone)
        ep0_arm_out();  // a status stage (or stray OUT) is done
    }
    if (daint & (1u << kBulkEp)) {
      const uint32_t flags = otg(doepint(kBulkEp));
      otg(doepint(kBulkEp)) = flags;
      if (flags & kEpXferDone) out_armed_ = false;
    }
  }
  if (status & kIntInEp) {
    const uint32_t daint = otg(kDaint) & 0xFFFFu;
    if (daint & 1u) {
      const uint32_t flags = otg(diepint(0));
      otg(diepint(0)) = flags;
      if (flags & kEpXferDone) ep0_send_next();
    }
    if (daint & (1u << kBulkEp)) {
      const uint32_t flags = otg(diepint(kBulkEp));
      otg(diepint(kBulkEp)) = flags;
      if (flags & kEpXferDone) in_busy_ = false;
    }
  }
  service_bulk();
}

void OtgFsDevice::bus_reset() {
  bus_resets_ = bus_resets_ + 1;
  suspended_ = false;
  control_.bus_reset();
  ep0_in_.cancel();
  deconfigure_bulk();
  otg(kDcfg) = (otg(kDcfg) & ~kDcfgAddressMask);
  otg(kDaintmsk) = 1u | 1u << 16;  // EP0 IN and OUT
  flush_fifos();
}

void OtgFsDevice::read_rx_fifo() {
  const uint32_t status = otg(kGrxstsp);
  const unsigned ep = status & 0xFu;
  const uint32_t count = (status >> 4) & 0x7FFu;
  const uint32_t kind = (status >> 17) & 0xFu;
  uint8_t* dest = nullptr;
  uint32_t capacity = 0;
  if (kind == kRxSetupData && ep == 0) {
    dest = setup_;
    capacity = sizeof setup_;
  } else if (kind == kRxOutData && ep == kBulkEp) {
    dest = out_packet_;
    capacity = sizeof out_packet_;
  }
  // Pop every word of the packet, keeping what fits (EP0 OUT data, the status stages, carry
  // nothing we use).
  for (uint32_t i = 0; i < count; i += 4) {
    const uint32_t word = otg(fifo(0));
    for (uint32_t b = 0; b < 4 && i + b < count; ++b) {
      if (i + b < capacity) dest[i + b] = static_cast<uint8_t>(word >> (8 * b));
    }
  }
  if (dest == out_packet_ && count > 0) {
    link_.on_out_packet(out_packet_, count <= capacity ? count : capacity);
  }
}

void OtgFsDevice::handle_setup() {
  ep0_in_.cancel();
  apply(control_.setup(SetupPacket::parse(setup_)));
}

void OtgFsDevice::apply(const ControlReply& reply) {
  switch (reply.action) {
    case ControlAction::kSetAddress:
      // Before the status stage: the core answers it from the old address (RM0383 22.17.5).
      otg(kDcfg) = (otg(kDcfg) & ~kDcfgAddressMask) | static_cast<uint32_t>(reply.arg) << 4;
      break;
    case ControlAction::kConfigure:
      configure_bulk();
      break;
    case ControlAction::kDeconfigure:
      deconfigure_bulk();
      break;
    case ControlAction::kHalt:
      if (reply.arg == kBulkInAddress)
        otg(diepctl(kBulkEp)) |= kEpStall;
      else
        otg(doepctl(kBulkEp)) |= kEpStall;
      break;
    case ControlAction::kClearHalt:
      if (reply.arg == kBulkInAddress) {
        otg(diepctl(kBulkEp)) = (otg(diepctl(kBulkEp)) & ~kEpStall) | kEpData0;
      } else {
        otg(doepctl(kBulkEp)) = (otg(doepctl(kBulkEp)) & ~kEpStall) | kEpData0;
      }
      break;
    case ControlAction::kNone:
      break;
  }
  switch (reply.stage) {
    case ControlReply::Stage::kStall:
      ep0_stall();
      break;
    case ControlReply::Stage::kStatus:
      ep0_in_.start(nullptr, 0, true);  // the status stage is one zero-length IN packet
      ep0_send_next();
      break;
    case ControlReply::Stage::kDataIn:
      ep0_in_.start(reply.data, reply.length, reply.zlp);
      ep0_send_next();
      break;
  }
  ep0_arm_out();  // the host's status stage (after data) or the next SETUP
}

void OtgFsDevice::ep0_send_next() {
  const uint8_t* data;
  uint16_t n;
  if (ep0_in_.next(&data, &n)) send_in_packet(0, data, n);
}

void OtgFsDevice::ep0_arm_out() {
  otg(doeptsiz(0)) = kSetupCount3 | packets(1) | kMaxPacket;
  otg(doepctl(0)) |= kEpEnable | kEpClearNak;
}

void OtgFsDevice::ep0_stall() {
  // Both directions: the host sees STALL in whichever stage comes next; the core clears the
  // STALL bits itself at the next SETUP (RM0383 22.17.6).
  otg(diepctl(0)) |= kEpStall;
  otg(doepctl(0)) |= kEpStall;
}

void OtgFsDevice::configure_bulk() {
  otg(diepctl(kBulkEp)) = kMaxPacket | kEpActive | kEpTypeBulk | txfifo(1) | kEpData0 | kEpSetNak;
  otg(doepctl(kBulkEp)) = kMaxPacket | kEpActive | kEpTypeBulk | kEpData0 | kEpSetNak;
  otg(kDaintmsk) |= (1u << kBulkEp) | (1u << (16 + kBulkEp));
  in_busy_ = false;
  out_armed_ = false;
  link_.on_configured();
}

void OtgFsDevice::deconfigure_bulk() {
  link_.on_deconfigured();
  otg(diepctl(kBulkEp)) = 0;
  otg(doepctl(kBulkEp)) = 0;
  otg(kDaintmsk) &= ~((1u << kBulkEp) | (1u << (16 + kBulkEp)));
  in_busy_ = false;
  out_armed_ = false;
}

void OtgFsDevice::service_bulk() {
  if (control_.state() != DeviceState::kConfigured) return;
  if (!out_armed_ && !control_.halted(kBulkOutAddress)) {
    if (link_.out_ready()) {
      otg(doeptsiz(kBulkEp)) = packets(1) | kMaxPacket;
      otg(doepctl(kBulkEp)) |= kEpEnable | kEpClearNak;
      out_armed_ = true;
    } else {
      link_.set_out_paused();  // NAK until read() makes room
    }
  }
  if (!in_busy_ && !control_.halted(kBulkInAddress)) {
    size_t n;
    if (link_.next_in_packet(in_packet_, &n)) {
      send_in_packet(kBulkEp, in_packet_, static_cast<uint32_t>(n));
      in_busy_ = true;
    }
  }
}

void OtgFsDevice::send_in_packet(unsigned ep, const uint8_t* data, uint32_t n) {
  otg(dieptsiz(ep)) = packets(1) | n;
  otg(diepctl(ep)) |= kEpEnable | kEpClearNak;
  // The FIFO takes whole words; the core sends only n bytes of them.
  for (uint32_t i = 0; i < n; i += 4) {
    uint32_t word = 0;
    for (uint32_t b = 0; b < 4 && i + b < n; ++b)
      word |= static_cast<uint32_t>(data[i + b]) << (8 * b);
    otg(fifo(ep)) = word;
  }
}

}  // namespace insole::fw::r1::usb
