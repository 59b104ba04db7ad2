// A child process for integration tests: stdout and stderr captured through pipes, lines read
// with a deadline, exit awaited with a deadline. Nothing here sleeps for a fixed time.
#ifndef INSOLE_TESTS_INTEGRATION_CHILD_PROCESS_H_
#define INSOLE_TESTS_INTEGRATION_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace insole::testing {

class ChildProcess {
 public:
  explicit ChildProcess(std::vector<std::string> argv);
  ~ChildProcess();  // SIGKILLs a child still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Returns the first stdout line (or stderr line, if from_stderr) matching pred, or nullopt at
  // the deadline or when the stream ends. Every line read is kept in output().
  std::optional<std::string> wait_for_line(const std::function<bool(const std::string&)>& pred,
                                           std::chrono::milliseconds timeout,
                                           bool from_stderr = false);
  // Exit status (or 128 + signal); nullopt if still running at the deadline.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  void signal(int signo);
  pid_t pid() const { return pid_; }
  // Peak resident set size of the child in KiB (getrusage's ru_maxrss), once wait() returned
  // its exit status; 0 before.
  long max_rss_kib() const { return max_rss_kib_; }
  // Everything read so far from both streams.
  std::string output() const { return out_text_ + err_text_; }
  std::string stderr_text() const { return err_text_; }
  std::string stdout_text() const { return out_text_; }

 private:
  bool pump(std::chrono::milliseconds timeout);  // reads what is available; false at EOF/timeout
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_buf_, err_buf_;
  std::string out_text_, err_text_;
  std::vector<std::string> out_lines_, err_lines_;
  std::size_t out_seen_ = 0, err_seen_ = 0;
  std::optional<int> status_;
  long max_rss_kib_ = 0;
};

// A wait_for_line() predicate: the line contains text.
inline auto contains(std::string text) {
  return
      [text = std::move(text)](const std::string& l) { return l.find(text) != std::string::npos; };
}

}  // namespace insole::testing

#endif  // INSOLE_TESTS_INTEGRATION_CHILD_PROCESS_H_
