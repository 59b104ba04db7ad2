#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace insole::testing {

using Clock = std::chrono::steady_clock;

ChildProcess::ChildProcess(std::vector<std::string> argv) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork");
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
}

ChildProcess::~ChildProcess() {
  if (!status_) {
    kill(pid_, SIGKILL);
    int st = 0;
    waitpid(pid_, &st, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

bool ChildProcess::pump(std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  const int n = poll(fds, 2, static_cast<int>(timeout.count()));
  if (n <= 0) return false;
  bool any = false;
  for (int i = 0; i < 2; ++i) {
    if (!(fds[i].revents & (POLLIN | POLLHUP))) continue;
    char buf[4096];
    const ssize_t r = read(fds[i].fd, buf, sizeof(buf));
    if (r <= 0) {
      close(fds[i].fd);
      (i == 0 ? out_fd_ : err_fd_) = -1;
      continue;
    }
    any = true;
    std::string& pending = i == 0 ? out_buf_ : err_buf_;
    (i == 0 ? out_text_ : err_text_).append(buf, static_cast<size_t>(r));
    pending.append(buf, static_cast<size_t>(r));
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      (i == 0 ? out_lines_ : err_lines_).push_back(pending.substr(0, nl));
      pending.erase(0, nl + 1);
    }
  }
  return any || out_fd_ >= 0 || err_fd_ >= 0;
}

std::optional<std::string> ChildProcess::wait_for_line(
    const std::function<bool(const std::string&)>& pred, std::chrono::milliseconds timeout,
    bool from_stderr) {
  const auto deadline = Clock::now() + timeout;
  auto& lines = from_stderr ? err_lines_ : out_lines_;
  auto& seen = from_stderr ? err_seen_ : out_seen_;
  for (;;) {
    while (seen < lines.size()) {
      const std::string& line = lines[seen++];
      if (pred(line)) return line;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 || (out_fd_ < 0 && err_fd_ < 0)) return std::nullopt;
    pump(left);
  }
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int st = 0;
    rusage usage{};
    const pid_t r = wait4(pid_, &st, WNOHANG, &usage);
    if (r == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      max_rss_kib_ = usage.ru_maxrss;
      while (pump(std::chrono::milliseconds(0))) {
      }
      return status_;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    // Drain output while waiting (a full pipe would block the child); wakes on output or
    // after at most 20 ms to re-check the exit status.
    if (out_fd_ < 0 && err_fd_ < 0) {
      pollfd none{};
      poll(&none, 0, 20);
    } else {
      pump(std::min(left, std::chrono::milliseconds(20)));
    }
  }
}

void ChildProcess::signal(int signo) {
  if (!status_) kill(pid_, signo);
}

}  // namespace insole::testing
