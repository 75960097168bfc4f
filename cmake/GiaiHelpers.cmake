# One helper per kind of target, so every target gets the same flags (see CONVENTIONS.md).
#
#   giai_library(NAME giai_core SOURCES a.cc b.cc DEPS fmt::fmt)
#   giai_test(NAME edtf_test SOURCES edtf_test.cc DEPS giai_core)
#   giai_executable(NAME giai SOURCES main.cc DEPS giai_cli)
#   giai_benchmark(NAME linkage_bench SOURCES linkage_bench.cc DEPS giai_linkage)

function(giai_apply_flags target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(GIAI_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(GIAI_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

function(giai_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${ARG_NAME} STATIC ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  giai_apply_flags(${ARG_NAME})
endfunction()

function(giai_executable)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS})
  giai_apply_flags(${ARG_NAME})
endfunction()

# Unit and integration tests: GoogleTest, registered with CTest (one CTest entry per test binary,
# so the sanitizer build runs each binary once).
function(giai_test)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  giai_apply_flags(${ARG_NAME})
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  set_tests_properties(${ARG_NAME} PROPERTIES
    ENVIRONMENT "GIAI_SOURCE_DIR=${PROJECT_SOURCE_DIR};GIAI_BINARY_DIR=${PROJECT_BINARY_DIR}")
  if(ARG_LABELS)
    set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()

function(giai_benchmark)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  giai_apply_flags(${ARG_NAME})
endfunction()
