// Single-producer single-consumer byte queue between an interrupt handler and thread code.
// Indices run freely and wrap modulo 2^32; N is a power of two so index & (N - 1) is the slot.
// Each side writes only its own index, after its data, so no lock is needed on one core.
#ifndef INSOLE_FW_BOARDS_MPS2_BYTE_RING_H_
#define INSOLE_FW_BOARDS_MPS2_BYTE_RING_H_

#include <stddef.h>
#include <stdint.h>

#include "cortex_m.h"

namespace insole::fw::mps2 {

template <uint32_t N>
class ByteRing {
  static_assert(N > 0 && (N & (N - 1)) == 0, "ByteRing size must be a power of two");

 public:
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
    compiler_barrier();
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
  size_t pop_some(uint8_t* out, size_t capacity) {
    size_t n = 0;
    while (n < capacity && pop(out[n])) ++n;
    return n;
  }

 private:
  uint8_t data_[N] = {};
  volatile uint32_t head_ = 0;
  volatile uint32_t tail_ = 0;
};

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_BYTE_RING_H_
