# Engine tests (loader, text, decoding, whole model, CLI) and the comparison with the Python
# reference (docs/numerics.md). Test models come from models/train/make_test_model.py, run once by a
# CTest fixture; the fuzzer (MNMT_FUZZ=ON) lives in tests/fuzz/.
set(MNMT_PYTHON /usr/bin/python3 CACHE FILEPATH "Python with numpy and sentencepiece (test models, reference)")
set(MNMT_TEST_MODEL ${CMAKE_BINARY_DIR}/test-model.mnmt)
set(MNMT_TEST_MODEL_POST ${CMAKE_BINARY_DIR}/test-model-post-gelu.mnmt)
set(MNMT_TEST_MODEL_CAPPED ${CMAKE_BINARY_DIR}/test-model-capped.mnmt)
set(MNMT_MAKE_TEST_MODEL ${MNMT_PYTHON} ${PROJECT_SOURCE_DIR}/models/train/make_test_model.py)

add_test(NAME engine_make_test_model COMMAND ${MNMT_MAKE_TEST_MODEL} --out ${MNMT_TEST_MODEL})
add_test(NAME engine_make_test_model_post_gelu COMMAND ${MNMT_MAKE_TEST_MODEL} --post-ln --gelu --out ${MNMT_TEST_MODEL_POST})
# Odd geometry, outputs that run into the length cap max_positions - 1, and German source sentences.
add_test(NAME engine_make_test_model_capped
  COMMAND ${MNMT_MAKE_TEST_MODEL} --d 48 --heads 3 --ffn 80 --enc-layers 3 --dec-layers 1 --max-positions 40
          --length-ratio 2 --seed 7 --direction de-en --out ${MNMT_TEST_MODEL_CAPPED})
set_tests_properties(engine_make_test_model engine_make_test_model_post_gelu engine_make_test_model_capped
  PROPERTIES FIXTURES_SETUP mnmt_test_models LABELS engine)

set(MNMT_ENGINE_TEST_DEFINITIONS
  MNMT_TEST_MODEL="${MNMT_TEST_MODEL}" MNMT_TEST_MODEL_POST="${MNMT_TEST_MODEL_POST}"
  MNMT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

add_executable(test_engine
  ${CMAKE_CURRENT_LIST_DIR}/engine_test_util.cc
  ${CMAKE_CURRENT_LIST_DIR}/test_model_loader.cc
  ${CMAKE_CURRENT_LIST_DIR}/test_search.cc
  ${CMAKE_CURRENT_LIST_DIR}/test_text.cc
  ${CMAKE_CURRENT_LIST_DIR}/test_translation.cc)
target_link_libraries(test_engine PRIVATE mnmt_internal GTest::gtest_main)
target_compile_definitions(test_engine PRIVATE ${MNMT_ENGINE_TEST_DEFINITIONS})
gtest_discover_tests(test_engine PROPERTIES FIXTURES_REQUIRED mnmt_test_models LABELS engine DISCOVERY_TIMEOUT 60)

# Its own binary: it replaces the global operator new to count allocations.
add_executable(test_engine_no_allocation
  ${CMAKE_CURRENT_LIST_DIR}/engine_test_util.cc
  ${CMAKE_CURRENT_LIST_DIR}/test_no_allocation.cc)
target_link_libraries(test_engine_no_allocation PRIVATE mnmt_internal GTest::gtest_main)
target_compile_definitions(test_engine_no_allocation PRIVATE ${MNMT_ENGINE_TEST_DEFINITIONS})
gtest_discover_tests(test_engine_no_allocation PROPERTIES FIXTURES_REQUIRED mnmt_test_models LABELS engine
                     DISCOVERY_TIMEOUT 60)

# The C++ engine, with every kernel, against models/train/reference.py: identical ids, greedy and beam.
# Extra arguments are test properties (the test models need the fixture that makes them).
set(MNMT_COMPARE_WITH_REFERENCE ${CMAKE_CURRENT_LIST_DIR}/tools/compare_with_reference.sh)
function(add_reference_tests name model)
  foreach(search IN ITEMS greedy beam4)
    set(search_args)
    if(search STREQUAL "beam4")
      set(search_args --beam 4)
    endif()
    add_test(NAME engine_reference_${name}_${search}
      COMMAND sh ${MNMT_COMPARE_WITH_REFERENCE} $<TARGET_FILE:mobilenmt> ${MNMT_PYTHON}
              ${PROJECT_SOURCE_DIR} ${model} ${search_args})
    set_tests_properties(engine_reference_${name}_${search} PROPERTIES LABELS engine TIMEOUT 600 ${ARGN})
  endforeach()
endfunction()

add_reference_tests(pre_ln ${MNMT_TEST_MODEL} FIXTURES_REQUIRED mnmt_test_models)
add_reference_tests(post_gelu ${MNMT_TEST_MODEL_POST} FIXTURES_REQUIRED mnmt_test_models)
add_reference_tests(capped ${MNMT_TEST_MODEL_CAPPED} FIXTURES_REQUIRED mnmt_test_models)

# The shipped models too, once models/ holds them (CMake looks when it configures).
foreach(direction IN ITEMS en-de de-en)
  if(EXISTS ${PROJECT_SOURCE_DIR}/models/${direction}.mnmt)
    string(REPLACE "-" "_" name ${direction})
    add_reference_tests(shipped_${name} ${PROJECT_SOURCE_DIR}/models/${direction}.mnmt)
  endif()
endforeach()

add_test(NAME engine_cli_exit_codes
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/tools/cli_exit_codes.sh $<TARGET_FILE:mobilenmt> ${MNMT_TEST_MODEL})
set_tests_properties(engine_cli_exit_codes PROPERTIES FIXTURES_REQUIRED mnmt_test_models LABELS engine)

if(MNMT_FUZZ)
  include(${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz.cmake)
endif()
