# The fuzz build (preset `fuzz`, -DINSOLE_FUZZ=ON): libFuzzer targets under tests/fuzz/ and only
# the libraries they use, all compiled with clang's coverage instrumentation, AddressSanitizer
# and UndefinedBehaviorSanitizer, so the sanitizers see inside the code under test. The targets
# themselves link libFuzzer (tests/fuzz/CMakeLists.txt). The asan preset builds the same
# binaries inside the whole sanitized tree (INSOLE_LIBFUZZER, its flags in CMakePresets.json);
# this build is the quick way to the fuzz targets alone.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "INSOLE_FUZZ needs clang with libFuzzer (Debian: clang-14 libclang-rt-14-dev); "
                      "configure with: cmake --preset fuzz")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
