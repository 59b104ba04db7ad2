// The firmware's ARM image running on QEMU's mps2-an386 board, for integration tests: started
// under `timeout 180` with UART0 to a console file and UART1 (host link) and UART2 (sensel
// injection) on ptys; stopped with SIGTERM (which `timeout` forwards; a SIGKILL would leave QEMU
// running) when the object goes.
#ifndef INSOLE_TESTS_INTEGRATION_EMULATED_BOARD_H_
#define INSOLE_TESTS_INTEGRATION_EMULATED_BOARD_H_

#include <chrono>
#include <filesystem>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "child_process.h"

namespace insole::testing {

class EmulatedBoard {
 public:
  // Empty when the image and QEMU are present; otherwise what to do about it.
  static std::string missing_prerequisite();

  explicit EmulatedBoard(std::filesystem::path console_log);
  ~EmulatedBoard();
  EmulatedBoard(const EmulatedBoard&) = delete;
  EmulatedBoard& operator=(const EmulatedBoard&) = delete;

  // Waits for QEMU's "char device redirected to ... (label serialN)" lines. The default deadline
  // is for a cold start: QEMU and its 50 libraries (about 50 MB) read from a disk a build is
  // busy with took 7.6 s here once (0.03 s warm), and twice more than 10 s on CI.
  bool wait_for_ptys(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // Why wait_for_ptys() failed: how long it waited, what QEMU printed and the state of the
  // `timeout` process and its children (from /proc), to tell a slow start from a stuck one.
  std::string startup_report() const;
  const std::string& link_pty() const { return link_pty_; }      // UART1
  const std::string& inject_pty() const { return inject_pty_; }  // UART2

  std::string console() const;
  // The capture groups ([0] = whole match) of the first match of pattern in the console,
  // waiting up to timeout for QEMU to write it.
  std::optional<std::vector<std::string>> wait_for_console(const std::regex& pattern,
                                                           std::chrono::milliseconds timeout) const;
  std::string output() const { return qemu_.output(); }

 private:
  std::filesystem::path console_log_;
  ChildProcess qemu_;
  std::string link_pty_, inject_pty_;
  std::chrono::milliseconds waited_{0};
};

}  // namespace insole::testing

#endif  // INSOLE_TESTS_INTEGRATION_EMULATED_BOARD_H_
