# cmake -DQEMU=... -DTIMEOUT=... -DELF=... -DCONSOLE=file -P cpu_budget.cmake
# Runs the image's budget mode under QEMU with -icount shift=0 (deterministic: one instruction
# = 1 ns of virtual time) and prints its "budget:" lines (frame_budget.h). The image exits 3 when
# a budget is exceeded, which fails the build like the memory budget does.
execute_process(
  COMMAND "${TIMEOUT}" 60 "${QEMU}" -M mps2-an386 -display none -monitor none
          -icount shift=0,sleep=off
          -semihosting-config enable=on,target=native,arg=insole-fw-mps2,arg=budget
          -serial "file:${CONSOLE}" -kernel "${ELF}"
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
if(EXISTS "${CONSOLE}")
  file(STRINGS "${CONSOLE}" _lines REGEX "^budget: ")
endif()
foreach(_line IN LISTS _lines)
  string(STRIP "${_line}" _line)
  message("${_line}")
endforeach()
if(_rc EQUAL 3)
  message(FATAL_ERROR "insole-fw-mps2 is over its CPU or UART budget")
elseif(NOT _rc EQUAL 0)
  message(FATAL_ERROR "the budget run of insole-fw-mps2 failed (status ${_rc}): ${_out}")
endif()
