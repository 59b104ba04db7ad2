# nanopb for the firmware (host and Cortex-M builds alike).
#
# The generator comes from Debian's `nanopb` package. The runtime sources (pb_encode.c, ...) come
# from Debian's nanopb *source* package, fetched by scripts/fetch-nanopb-src into the build tree:
# the libnanopb-dev binary package ships an x86-64 library only, nothing to cross-compile.
# Both builds compile the same sources with the same flags, so the host firmware and the ARM
# image encode identical bytes.

set(INSOLE_DEPS_DIR "${CMAKE_SOURCE_DIR}/build/_deps" CACHE PATH "Where set-up fetches sources")
set(NANOPB_SOURCE_DIR "${INSOLE_DEPS_DIR}/nanopb-0.4.7" CACHE PATH "nanopb 0.4.7 runtime sources")

if(NOT EXISTS "${NANOPB_SOURCE_DIR}/pb_encode.c")
  message(STATUS "Fetching nanopb runtime sources from Debian into ${INSOLE_DEPS_DIR}")
  execute_process(COMMAND "${CMAKE_SOURCE_DIR}/scripts/fetch-nanopb-src" "${INSOLE_DEPS_DIR}"
                  RESULT_VARIABLE _nanopb_fetch)
  if(NOT _nanopb_fetch EQUAL 0 OR NOT EXISTS "${NANOPB_SOURCE_DIR}/pb_encode.c")
    message(FATAL_ERROR "nanopb sources missing at ${NANOPB_SOURCE_DIR}; run scripts/setup")
  endif()
endif()

find_program(NANOPB_GENERATOR nanopb_generator.py REQUIRED)

add_library(nanopb_runtime STATIC
  "${NANOPB_SOURCE_DIR}/pb_common.c"
  "${NANOPB_SOURCE_DIR}/pb_encode.c"
  "${NANOPB_SOURCE_DIR}/pb_decode.c")
target_include_directories(nanopb_runtime SYSTEM PUBLIC "${NANOPB_SOURCE_DIR}")
target_compile_definitions(nanopb_runtime PUBLIC PB_NO_ERRMSG=1)

# nanopb_generate(<out_var> PROTO_ROOT <dir> PROTOS <rel.proto>...): generates .nanopb.c/.h into
# the build tree (never committed); <name>.options beside each .proto bounds every field.
function(nanopb_generate out_var)
  cmake_parse_arguments(ARG "" "PROTO_ROOT" "PROTOS" ${ARGN})
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/nanopb")
  set(sources)
  foreach(rel IN LISTS ARG_PROTOS)
    string(REGEX REPLACE "\\.proto$" "" stem "${rel}")
    # ".nanopb" keeps these headers apart from libprotobuf's insole/v1/*.pb.h on the host.
    set(c "${out_dir}/${stem}.nanopb.c")
    set(h "${out_dir}/${stem}.nanopb.h")
    get_filename_component(dir "${ARG_PROTO_ROOT}/${rel}" DIRECTORY)
    add_custom_command(
      OUTPUT "${c}" "${h}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
      COMMAND "${NANOPB_GENERATOR}" -q -e .nanopb -I "${ARG_PROTO_ROOT}" -f "${ARG_PROTO_ROOT}/${stem}.options"
              -D "${out_dir}" "${ARG_PROTO_ROOT}/${rel}"
      DEPENDS "${ARG_PROTO_ROOT}/${rel}" "${ARG_PROTO_ROOT}/${stem}.options"
      WORKING_DIRECTORY "${ARG_PROTO_ROOT}"
      COMMENT "nanopb: ${rel}"
      VERBATIM)
    list(APPEND sources "${c}" "${h}")
  endforeach()
  set(${out_var} ${sources} PARENT_SCOPE)
endfunction()
