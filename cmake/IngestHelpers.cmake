# ingest_unit_test(NAME name SOURCES a.c b.c LIBS lib... [LABELS unit] [ENV K=V ...] [TIMEOUT s])
# One cmocka executable per module, registered with ctest under the given labels.
function(ingest_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ENV;ARGS" ${ARGN})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} PkgConfig::CMOCKA)
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} ${T_ARGS})
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
                       ENVIRONMENT "INGEST_SOURCE_DIR=${CMAKE_SOURCE_DIR};INGEST_BUILD_DIR=${CMAKE_BINARY_DIR};${T_ENV}")
endfunction()

# The allocator of the programs. Enrichment makes many small, short-lived allocations (JSON
# values, spans, token arrays) and glibc's malloc spent a sixth of its time on them; mimalloc
# (Debian's libmimalloc-dev) takes less CPU and less peak memory on the same work (README,
# "Speed"). Linked into a program, it serves every malloc of the process: ours, jansson's,
# librdkafka's and libpq's. Sanitizers and libFuzzer bring their own malloc, so those builds
# keep it. INGEST_MALLOC: auto (mimalloc when found and not sanitized/fuzzed), mimalloc (must
# be found), system.
set(INGEST_MALLOC auto CACHE STRING "Allocator of the programs: auto, mimalloc or system")
set_property(CACHE INGEST_MALLOC PROPERTY STRINGS auto mimalloc system)
find_library(INGEST_MIMALLOC_LIBRARY NAMES mimalloc)
set(INGEST_MALLOC_USED system)
if(INGEST_MALLOC STREQUAL "mimalloc")
  if(INGEST_SANITIZE OR INGEST_FUZZ)
    message(FATAL_ERROR "INGEST_MALLOC=mimalloc cannot be combined with sanitizers or libFuzzer")
  endif()
  if(NOT INGEST_MIMALLOC_LIBRARY)
    message(FATAL_ERROR "INGEST_MALLOC=mimalloc but libmimalloc was not found (apt-get install libmimalloc-dev)")
  endif()
  set(INGEST_MALLOC_USED mimalloc)
elseif(INGEST_MALLOC STREQUAL "auto")
  if(INGEST_MIMALLOC_LIBRARY AND NOT INGEST_SANITIZE AND NOT INGEST_FUZZ)
    set(INGEST_MALLOC_USED mimalloc)
  endif()
elseif(NOT INGEST_MALLOC STREQUAL "system")
  message(FATAL_ERROR "INGEST_MALLOC must be auto, mimalloc or system, not '${INGEST_MALLOC}'")
endif()
# What alloc_kind() must report in this build's programs (tests/alloc compares).
if(INGEST_SANITIZE)
  set(INGEST_MALLOC_EXPECTED sanitizer)
elseif(INGEST_MALLOC_USED STREQUAL "mimalloc")
  set(INGEST_MALLOC_EXPECTED mimalloc)
else()
  set(INGEST_MALLOC_EXPECTED glibc)
endif()
message(STATUS "Programs' malloc: ${INGEST_MALLOC_EXPECTED} (INGEST_MALLOC=${INGEST_MALLOC})")

# ingest_use_malloc(target): gives a program the allocator chosen above.
function(ingest_use_malloc target)
  if(INGEST_MALLOC_USED STREQUAL "mimalloc")
    target_link_libraries(${target} PRIVATE ${INGEST_MIMALLOC_LIBRARY})
  endif()
endfunction()
