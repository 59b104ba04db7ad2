// The product board's pin map (hw/board/insole-r1-pinmap.csv, docs/board.md) is consistent with
// itself and with the chosen part, STM32F411CEU6 in UFQFPN48: every package pin once, no port pin
// used twice, the 8 x 8 matrix complete, the host links and the debug port where the part has
// them, ADC channels that exist on those pins.
#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Pin {
  int number = 0;
  std::string port, function, peripheral, af, direction, net, notes;
};

// A plain CSV: comma-separated, no quoting (the file uses none; a quote fails the test).
std::vector<Pin> read_pinmap(const std::string& path, std::string& header) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::vector<Pin> pins;
  std::getline(in, header);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    EXPECT_EQ(line.find('"'), std::string::npos) << line;
    std::vector<std::string> f;
    std::stringstream s(line);
    std::string field;
    while (std::getline(s, field, ',')) f.push_back(field);
    if (!line.empty() && line.back() == ',') f.emplace_back();
    EXPECT_EQ(f.size(), 8u) << line;
    if (f.size() != 8) continue;
    pins.push_back({std::stoi(f[0]), f[1], f[2], f[3], f[4], f[5], f[6], f[7]});
  }
  return pins;
}

class BoardPinmapTest : public ::testing::Test {
 protected:
  void SetUp() override { pins_ = read_pinmap(INSOLE_BOARD_PINMAP, header_); }
  const Pin* by_function(const std::string& function) const {
    const Pin* found = nullptr;
    for (const Pin& p : pins_) {
      if (p.function == function) {
        EXPECT_EQ(found, nullptr) << function << " appears twice";
        found = &p;
      }
    }
    return found;
  }
  std::string header_;
  std::vector<Pin> pins_;
};

// DS10314 (STM32F411xC/xE datasheet), pinout of LQFP48/UFQFPN48: the port pins by package pin.
const std::map<int, std::string> kPackagePorts = {
    {2, "PC13"},  {3, "PC14"},  {4, "PC15"},  {5, "PH0"},   {6, "PH1"},   {10, "PA0"},
    {11, "PA1"},  {12, "PA2"},  {13, "PA3"},  {14, "PA4"},  {15, "PA5"},  {16, "PA6"},
    {17, "PA7"},  {18, "PB0"},  {19, "PB1"},  {20, "PB2"},  {21, "PB10"}, {25, "PB12"},
    {26, "PB13"}, {27, "PB14"}, {28, "PB15"}, {29, "PA8"},  {30, "PA9"},  {31, "PA10"},
    {32, "PA11"}, {33, "PA12"}, {34, "PA13"}, {37, "PA14"}, {38, "PA15"}, {39, "PB3"},
    {40, "PB4"},  {41, "PB5"},  {42, "PB6"},  {43, "PB7"},  {45, "PB8"},  {46, "PB9"}};
constexpr int kPackagePins = 48;

// DS10314 alternate-function and additional-function tables: ADC1 inputs on the 48-pin package.
const std::map<std::string, std::string> kAdcChannel = {
    {"PA0", "ADC1_IN0"}, {"PA1", "ADC1_IN1"}, {"PA2", "ADC1_IN2"}, {"PA3", "ADC1_IN3"},
    {"PA4", "ADC1_IN4"}, {"PA5", "ADC1_IN5"}, {"PA6", "ADC1_IN6"}, {"PA7", "ADC1_IN7"},
    {"PB0", "ADC1_IN8"}, {"PB1", "ADC1_IN9"}};

TEST_F(BoardPinmapTest, HasTheDocumentedColumns) {
  EXPECT_EQ(header_, "pin,port,function,peripheral,af,direction,net,notes");
}

TEST_F(BoardPinmapTest, EveryPackagePinExactlyOnceWithItsPort) {
  std::set<int> numbers;
  std::set<std::string> ports, nets_of_signals;
  for (const Pin& p : pins_) {
    EXPECT_TRUE(numbers.insert(p.number).second) << "pin " << p.number << " listed twice";
    EXPECT_GE(p.number, 1);
    EXPECT_LE(p.number, kPackagePins);
    const auto it = kPackagePorts.find(p.number);
    if (it == kPackagePorts.end()) {
      EXPECT_EQ(p.port, "") << "pin " << p.number << " is not a port pin";
    } else {
      EXPECT_EQ(p.port, it->second) << "pin " << p.number;
      EXPECT_TRUE(ports.insert(p.port).second) << p.port << " used twice";
      EXPECT_NE(p.function, "") << p.port;
      EXPECT_NE(p.net, "") << p.port;
    }
    static const std::set<std::string> kDirections = {"in", "out", "bidir", "analog", "power"};
    EXPECT_TRUE(kDirections.count(p.direction)) << "pin " << p.number << ": " << p.direction;
    // A signal net belongs to one pin; power and ground nets repeat.
    if (p.direction != "power") {
      EXPECT_TRUE(nets_of_signals.insert(p.net).second) << p.net << " on two pins";
    }
  }
  EXPECT_EQ(numbers.size(), static_cast<std::size_t>(kPackagePins));
}

TEST_F(BoardPinmapTest, EightRowsAndEightColumnsExactlyOnce) {
  std::set<std::string> row_ports;
  for (int i = 0; i < 8; ++i) {
    const Pin* row = by_function("ROW" + std::to_string(i));
    ASSERT_NE(row, nullptr) << "ROW" << i;
    EXPECT_EQ(row->peripheral, "GPIO");
    EXPECT_EQ(row->direction, "out");
    row_ports.insert(row->port.substr(0, 2));
    const Pin* col = by_function("COL" + std::to_string(i));
    ASSERT_NE(col, nullptr) << "COL" << i;
    EXPECT_EQ(col->peripheral, "ADC1");
    EXPECT_EQ(col->direction, "analog");
  }
  // All rows on one port: one BSRR write moves the selection without a glitch.
  EXPECT_EQ(row_ports.size(), 1u);
  int rows = 0, cols = 0;
  for (const Pin& p : pins_) {
    rows += p.function.rfind("ROW", 0) == 0;
    cols += p.function.rfind("COL", 0) == 0;
  }
  EXPECT_EQ(rows, 8);
  EXPECT_EQ(cols, 8);
}

TEST_F(BoardPinmapTest, AdcChannelsExistOnTheirPins) {
  std::set<std::string> channels;
  for (const Pin& p : pins_) {
    if (p.peripheral != "ADC1") continue;
    const auto it = kAdcChannel.find(p.port);
    ASSERT_NE(it, kAdcChannel.end()) << p.port << " has no ADC1 input";
    EXPECT_EQ(p.af, it->second) << p.port;
    EXPECT_TRUE(channels.insert(p.af).second) << p.af << " twice";
  }
  EXPECT_GE(channels.size(), 8u);
}

TEST_F(BoardPinmapTest, UsbUartSwdAndClockWhereThePartHasThem) {
  struct Expected {
    const char* function;
    const char* port;
    const char* peripheral;
    const char* af;
  };
  // DS10314 Table 9 (alternate functions): OTG_FS on AF10, USART1 on AF7, SPI2 on AF5,
  // SWD on AF0 (the reset state).
  for (const Expected& e :
       {Expected{"USB_DM", "PA11", "OTG_FS", "AF10"}, Expected{"USB_DP", "PA12", "OTG_FS", "AF10"},
        Expected{"UART_TX", "PA9", "USART1", "AF7"}, Expected{"UART_RX", "PA10", "USART1", "AF7"},
        Expected{"SWDIO", "PA13", "SYS", "AF0"}, Expected{"SWCLK", "PA14", "SYS", "AF0"},
        Expected{"FLASH_SCK", "PB10", "SPI2", "AF5"}, Expected{"FLASH_MISO", "PB14", "SPI2", "AF5"},
        Expected{"FLASH_MOSI", "PB15", "SPI2", "AF5"}, Expected{"OSC_IN", "PH0", "RCC", ""},
        Expected{"OSC_OUT", "PH1", "RCC", ""}}) {
    const Pin* p = by_function(e.function);
    ASSERT_NE(p, nullptr) << e.function;
    EXPECT_EQ(p->port, e.port) << e.function;
    EXPECT_EQ(p->peripheral, e.peripheral) << e.function;
    EXPECT_EQ(p->af, e.af) << e.function;
  }
  for (const char* f : {"NRST", "BOOT0", "VCAP1", "VDDA", "VSSA", "VBAT_SENSE", "CHG_STAT", "LED"})
    EXPECT_NE(by_function(f), nullptr) << f;
}

}  // namespace
