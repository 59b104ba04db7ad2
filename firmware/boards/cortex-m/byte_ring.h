// Single-producer single-consumer byte ring between an interrupt handler and thread code on one
// core, for every board (the emulated board's UARTs, insole-r1's USB endpoints; insole-r1's
// driver logic, and so this ring, is also built for the host tests). Indices run freely and
// wrap modulo 2^32; N is a power of two so index & (N - 1) is the slot. Each side writes only
// its own index, after its data, so no lock is needed on one core.
#ifndef INSOLE_FW_BOARDS_CORTEX_M_BYTE_RING_H_
#define INSOLE_FW_BOARDS_CORTEX_M_BYTE_RING_H_

#include <stddef.h>
#include <stdint.h>

#include "cortex_m_core.h"

namespace insole::fw::cortex_m {

template <uint32_t N>
class ByteRing {
  static_assert(N > 0 && (N & (N - 1)) == 0, "ByteRing size must be a power of two");

 public:
  static constexpr uint32_t kCapacity = N;

  uint32_t size() const { return head_ - tail_; }
  uint32_t space() const { return N - size(); }
  bool empty() const { return head_ == tail_; }

  // Producer side.
  bool push(uint8_t byte) {
    if (space() == 0) return false;
    data_[head_ & (N - 1)] = byte;
    compiler_barrier();  // the byte is stored before the consumer can see the new head
    head_ = head_ + 1;
    return true;
  }
  // Pushes all n bytes or none.
  bool push_all(const uint8_t* bytes, size_t n) {
    if (n > space()) return false;
    uint32_t head = head_;
    for (size_t i = 0; i < n; ++i) data_[head++ & (N - 1)] = bytes[i];
    compiler_barrier();  // the bytes are stored before the consumer can see the new head
    head_ = head;
    return true;
  }

  // Consumer side.
  bool pop(uint8_t& byte) {
    if (empty()) return false;
    byte = data_[tail_ & (N - 1)];
    compiler_barrier();  // the byte is read before the producer may overwrite its slot
    tail_ = tail_ + 1;
    return true;
  }
  // Up to capacity bytes.
  size_t pop_some(uint8_t* out, size_t capacity) {
    uint32_t tail = tail_;
    const uint32_t available = head_ - tail;
    const size_t n = capacity < available ? capacity : available;
    for (size_t i = 0; i < n; ++i) out[i] = data_[tail++ & (N - 1)];
    compiler_barrier();  // the bytes are read before the producer may reuse their slots
    tail_ = tail;
    return n;
  }
  // Forgets everything queued so far.
  void drop_all() { tail_ = head_; }

 private:
  uint8_t data_[N] = {};
  volatile uint32_t head_ = 0;
  volatile uint32_t tail_ = 0;
};

}  // namespace insole::fw::cortex_m

#endif  // INSOLE_FW_BOARDS_CORTEX_M_BYTE_RING_H_
