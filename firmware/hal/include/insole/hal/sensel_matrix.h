// HAL: the sensel matrix read-out of one insole.
// A board implements scan(): drive each row, mux each column into the ADC and store one raw
// count per sensel (row-major, index = geometry sensel index). Called once per scheduled scan.
#ifndef INSOLE_HAL_SENSEL_MATRIX_H_
#define INSOLE_HAL_SENSEL_MATRIX_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::hal {

class SenselMatrix {
 public:
  virtual size_t sensel_count() const = 0;
  // Fills counts[0..sensel_count()) with raw ADC counts taken at device time t_us.
  virtual void scan(uint64_t t_us, uint16_t* counts) = 0;

 protected:
  ~SenselMatrix() = default;  // never deleted through the interface (no heap)
};

}  // namespace insole::hal

#endif  // INSOLE_HAL_SENSEL_MATRIX_H_
