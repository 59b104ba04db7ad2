#include "spi2_bus.h"

#include "stm32f411.h"

namespace insole::fw::r1 {
namespace {

constexpr unsigned kCsPin = 12;  // PB12, FLASH_CS_N
constexpr unsigned kSckPin = 10, kMisoPin = 14, kMosiPin = 15;
constexpr unsigned kAfSpi2 = 5;

}  // namespace

void Spi2Bus::start() {
  reg32(kRccAhb1Enr) |= kAhb1GpioB;
  reg32(kRccApb1Enr) |= kApb1Spi2;
  data_sync();
  reg32(kGpioB + kGpioBsrr) = 1u << kCsPin;  // deselected before it becomes an output
  gpio_configure(kGpioB, kCsPin, PinMode::kOutput);
  gpio_configure(kGpioB, kSckPin, PinMode::kAlternate, kAfSpi2);
  gpio_configure(kGpioB, kMisoPin, PinMode::kAlternate, kAfSpi2);
  gpio_configure(kGpioB, kMosiPin, PinMode::kAlternate, kAfSpi2);
  // Software NSS held high internally, so the peripheral stays master (RM0383 20.3.1).
  reg32(kSpiCr1) = kSpiCr1Mstr | kSpiCr1BrDiv2 | kSpiCr1Ssm | kSpiCr1Ssi | kSpiCr1Spe;
}

void Spi2Bus::select() { reg32(kGpioB + kGpioBsrr) = 1u << (kCsPin + 16); }

void Spi2Bus::deselect() {
  while (reg32(kSpiSr) & kSpiSrBsy) {  // the last byte is still on the wire
  }
  reg32(kGpioB + kGpioBsrr) = 1u << kCsPin;
}

void Spi2Bus::transfer(const uint8_t* tx, uint8_t* rx, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    while ((reg32(kSpiSr) & kSpiSrTxe) == 0) {
    }
    reg32(kSpiDr) = tx != nullptr ? tx[i] : 0xFFu;
    while ((reg32(kSpiSr) & kSpiSrRxne) == 0) {
    }
    const uint8_t in = static_cast<uint8_t>(reg32(kSpiDr));
    if (rx != nullptr) rx[i] = in;
  }
}

}  // namespace insole::fw::r1
