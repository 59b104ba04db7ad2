# insole_warnings(<target>): the project's warning set; errors when INSOLE_WERROR is ON (CI).
# Generated code (protobuf, nanopb) is built without it.
function(insole_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wcast-align
                                           -Wdouble-promotion -Wformat=2)
  if(INSOLE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
