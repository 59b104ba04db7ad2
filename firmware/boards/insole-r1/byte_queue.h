// Single-producer single-consumer byte queue between an interrupt handler and thread code on
// one core. Indices run freely modulo 2^32 and N is a power of two, so index & (N - 1) is the
// slot. Each side writes only its own index, after its data, so no lock is needed.
#ifndef INSOLE_FW_BOARDS_R1_BYTE_QUEUE_H_
#define INSOLE_FW_BOARDS_R1_BYTE_QUEUE_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::fw::r1 {

// Keeps the compiler from moving memory accesses across it (a single core needs no more).
inline void compiler_barrier() { __asm volatile("" ::: "memory"); }

template <uint32_t N>
class ByteQueue {
  static_assert(N > 0 && (N & (N - 1)) == 0, "ByteQueue size must be a power of two");

 public:
  static constexpr uint32_t kCapacity = N;

  uint32_t size() const { return head_ - tail_; }
  uint32_t space() const { return N - size(); }
  bool empty() const { return head_ == tail_; }

  // Producer: all n bytes or none.
  bool push_all(const uint8_t* bytes, size_t n) {
    if (n > space()) return false;
    uint32_t head = head_;
    for (size_t i = 0; i < n; ++i) data_[head++ & (N - 1)] = bytes[i];
    compiler_barrier();  // the bytes are stored before the consumer can see the new head
    head_ = head;
    return true;
  }

  // Consumer: up to capacity bytes.
  size_t pop_some(uint8_t* out, size_t capacity) {
    uint32_t tail = tail_;
    const uint32_t available = head_ - tail;
    const size_t n = capacity < available ? capacity : available;
    for (size_t i = 0; i < n; ++i) out[i] = data_[tail++ & (N - 1)];
    compiler_barrier();  // the bytes are read before the producer may reuse their slots
    tail_ = tail;
    return n;
  }
  // Consumer: forgets everything queued so far.
  void drop_all() { tail_ = head_; }

 private:
  uint8_t data_[N] = {};
  volatile uint32_t head_ = 0;
  volatile uint32_t tail_ = 0;
};

}  // namespace insole::fw::r1

#endif  // INSOLE_FW_BOARDS_R1_BYTE_QUEUE_H_
