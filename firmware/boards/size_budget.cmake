# cmake -DNAME=... -DSIZE_TOOL=... -DELF=... -DFLASH_BUDGET=bytes -DRAM_BUDGET=bytes -P size_budget.cmake
# Every board's image against its budget, printed after each build and fatal when over.
# Flash = vectors + text + tables + data (initial values); RAM = data + bss + the reserved stack
# (a board whose linker script keeps the stack inside .bss has no .stack section: counted once).
execute_process(COMMAND "${SIZE_TOOL}" -A "${ELF}" OUTPUT_VARIABLE _out RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${SIZE_TOOL} failed on ${ELF}")
endif()

function(_section name var)
  if(_out MATCHES "\n${name}[ \t]+([0-9]+)")
    set(${var} ${CMAKE_MATCH_1} PARENT_SCOPE)
  else()
    set(${var} 0 PARENT_SCOPE)
  endif()
endfunction()

set(_flash 0)
foreach(s .isr_vector .text .ARM.exidx .preinit_array .init_array .data)
  _section("\\${s}" _n)
  math(EXPR _flash "${_flash} + ${_n}")
endforeach()
_section("\\.data" _data)
_section("\\.bss" _bss)
_section("\\.stack" _stack)
math(EXPR _ram "${_data} + ${_bss} + ${_stack}")
math(EXPR _static "${_data} + ${_bss}")
math(EXPR _flash_pct "${_flash} * 100 / ${FLASH_BUDGET}")
math(EXPR _ram_pct "${_ram} * 100 / ${RAM_BUDGET}")
message("${NAME} budget: flash ${_flash} of ${FLASH_BUDGET} B (${_flash_pct}%), "
        "RAM ${_ram} of ${RAM_BUDGET} B (${_ram_pct}%: ${_static} static + ${_stack} stack)")
if(_flash GREATER FLASH_BUDGET OR _ram GREATER RAM_BUDGET)
  message(FATAL_ERROR "${NAME} is over its memory budget")
endif()
