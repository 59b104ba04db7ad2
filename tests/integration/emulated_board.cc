#include "emulated_board.h"

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

namespace insole::testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string EmulatedBoard::missing_prerequisite() {
  if (!fs::exists(INSOLE_ARM_FIRMWARE)) {
    return std::string("ARM firmware image ") + INSOLE_ARM_FIRMWARE +
           " not found: run `cmake --preset arm && cmake --build build/arm` first (or point the "
           "INSOLE_ARM_FIRMWARE cache variable at the image)";
  }
  if (!fs::exists(QEMU_SYSTEM_ARM)) {
    return std::string("qemu-system-arm not found (") + QEMU_SYSTEM_ARM +
           "): apt-get install qemu-system-arm";
  }
  return "";
}

EmulatedBoard::EmulatedBoard(fs::path console_log)
    : console_log_(std::move(console_log)),
      qemu_({TIMEOUT_PROGRAM, "180", QEMU_SYSTEM_ARM, "-M", "mps2-an386", "-display", "none",
             "-monitor", "none", "-semihosting-config", "enable=on,target=native", "-serial",
             "file:" + console_log_.string(), "-serial", "pty", "-serial", "pty", "-kernel",
             INSOLE_ARM_FIRMWARE}) {}

EmulatedBoard::~EmulatedBoard() {
  qemu_.signal(SIGTERM);
  qemu_.wait(10s);
}

bool EmulatedBoard::wait_for_ptys(std::chrono::milliseconds timeout) {
  const std::regex redirected(R"(char device redirected to (\S+) \(label (serial[12])\))");
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + timeout;
  while (link_pty_.empty() || inject_pty_.empty()) {
    std::smatch m;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    const auto line = qemu_.wait_for_line(
        [&](const std::string& l) { return std::regex_search(l, m, redirected); },
        std::max(left, std::chrono::milliseconds(0)));
    waited_ = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (!line) return false;
    std::regex_search(*line, m, redirected);
    (m[2] == "serial1" ? link_pty_ : inject_pty_) = m[1];
  }
  return true;
}

namespace {

std::string read_whole(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "pid (comm) S ..., waiting in wchan" for one process, or that it is gone.
std::string process_state(const std::string& pid) {
  const fs::path proc = fs::path("/proc") / pid;
  std::string stat = read_whole(proc / "stat");
  if (stat.empty()) return pid + " gone";
  if (const auto end = stat.find(')'); end != std::string::npos) stat.resize(end + 3);
  return stat + ", waiting in " + read_whole(proc / "wchan");
}

}  // namespace

std::string EmulatedBoard::startup_report() const {
  std::ostringstream report;
  report << "waited " << waited_.count() << " ms; QEMU printed:\n"
         << qemu_.output() << "\nprocesses: " << process_state(std::to_string(qemu_.pid()));
  const std::string pid = std::to_string(qemu_.pid());
  std::istringstream children(read_whole(fs::path("/proc") / pid / "task" / pid / "children"));
  for (std::string child; children >> child;) report << "; child " << process_state(child);
  return report.str();
}

std::string EmulatedBoard::console() const {
  std::ifstream in(console_log_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<std::vector<std::string>> EmulatedBoard::wait_for_console(
    const std::regex& pattern, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const std::string text = console();
    std::smatch m;
    if (std::regex_search(text, m, pattern)) {
      std::vector<std::string> groups;
      for (const auto& g : m) groups.push_back(g.str());
      return groups;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(10ms);  // polling a file QEMU appends to; bounded by the deadline
  }
}

}  // namespace insole::testing
