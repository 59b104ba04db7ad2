// The device's side of a fresh pseudo-terminal, in raw mode (a cooked writer would mangle the
// bytes); the code under test opens `slave` as it would a USB CDC insole.
#ifndef INSOLE_TESTS_SUPPORT_PTY_MASTER_H_
#define INSOLE_TESTS_SUPPORT_PTY_MASTER_H_

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <string>

namespace insole::testing {

struct PtyMaster {
  PtyMaster() {
    fd = posix_openpt(O_RDWR | O_NOCTTY);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(grantpt(fd), 0);
    EXPECT_EQ(unlockpt(fd), 0);
    slave = ptsname(fd);
    termios tio{};
    tcgetattr(fd, &tio);
    cfmakeraw(&tio);
    tcsetattr(fd, TCSANOW, &tio);
  }
  ~PtyMaster() {
    if (fd >= 0) close(fd);
  }
  PtyMaster(const PtyMaster&) = delete;
  PtyMaster& operator=(const PtyMaster&) = delete;
  int fd = -1;
  std::string slave;
};

}  // namespace insole::testing

#endif  // INSOLE_TESTS_SUPPORT_PTY_MASTER_H_
