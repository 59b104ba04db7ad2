// Test peers on real ptys.
//  - FakePtyDevice: plays an insole scripted by the test (answers each Command with the
//    messages a handler returns), e.g. one that speaks another protocol major.
//  - CorruptingRelay: sits between a real device's pty and a new pty for the daemon, copying
//    bytes both ways and flipping one bit in every Nth byte towards the daemon.
//  - UnplugRelay: the same place, but it can unplug the daemon's side (its pty and the
//    by-id style symlink vanish; the device keeps running and what it sends meanwhile is
//    lost on the way) and plug it in again as a new pty behind the same symlink.
#ifndef INSOLE_TESTS_INTEGRATION_FAKE_PTY_DEVICE_H_
#define INSOLE_TESTS_INTEGRATION_FAKE_PTY_DEVICE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <memory>
#include <mutex>

#include "insole/v1/control.pb.h"

namespace insole::testing {

// A raw pty pair; the master fd is ours, slave_path() is what the daemon opens.
class Pty {
 public:
  Pty();
  ~Pty();
  Pty(const Pty&) = delete;
  Pty& operator=(const Pty&) = delete;
  int master() const { return master_; }
  const std::string& slave_path() const { return slave_path_; }

 private:
  int master_ = -1;
  int keepalive_ = -1;
  std::string slave_path_;
};

class FakePtyDevice {
 public:
  using Handler = std::function<std::vector<insole::v1::DeviceMessage>(const insole::v1::Command&)>;
  explicit FakePtyDevice(Handler handler);
  ~FakePtyDevice();
  const std::string& path() const { return pty_.slave_path(); }
  int commands_seen() const { return commands_; }

 private:
  void loop();
  Pty pty_;
  Handler handler_;
  std::atomic<bool> stop_{false};
  std::atomic<int> commands_{0};
  std::thread thread_;
};

class CorruptingRelay {
 public:
  CorruptingRelay(const std::string& device_path, int corrupt_every_nth_byte);
  ~CorruptingRelay();
  const std::string& path() const { return pty_.slave_path(); }
  std::uint64_t corrupted() const { return corrupted_; }

 private:
  void loop();
  Pty pty_;
  int device_fd_ = -1;
  int every_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> corrupted_{0};
  std::thread thread_;
};

class UnplugRelay {
 public:
  UnplugRelay(const std::string& device_path, std::string link_path);
  ~UnplugRelay();
  void unplug();
  void replug();
  std::uint64_t bytes_dropped() const { return dropped_; }

 private:
  void loop();
  int device_fd_ = -1;
  std::string link_path_;
  std::mutex mutex_;
  std::unique_ptr<Pty> pty_;  // null while unplugged
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> dropped_{0};
  std::thread thread_;
};

}  // namespace insole::testing

#endif  // INSOLE_TESTS_INTEGRATION_FAKE_PTY_DEVICE_H_
