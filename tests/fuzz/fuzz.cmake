# The model-loader fuzzer (MNMT_FUZZ=ON, clang): the target, a seed corpus made from the test
# model, and a bounded CTest run that also replays every input in regressions/ (past crashes).
# Included by tests/cpp/engine.cmake.
add_executable(fuzz_model_loader ${CMAKE_CURRENT_LIST_DIR}/fuzz_model_loader.cc)
target_compile_options(fuzz_model_loader PRIVATE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
target_link_options(fuzz_model_loader PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_libraries(fuzz_model_loader PRIVATE mnmt_internal)

set(MNMT_FUZZ_RUNS 10000 CACHE STRING "libFuzzer iterations of the CTest fuzz run")
set(MNMT_FUZZ_MODEL ${CMAKE_BINARY_DIR}/fuzz-seed-model.mnmt)
set(MNMT_FUZZ_CORPUS ${CMAKE_BINARY_DIR}/fuzz-corpus)
add_test(NAME fuzz_make_seed_model
  COMMAND ${MNMT_PYTHON} ${PROJECT_SOURCE_DIR}/models/train/make_test_model.py --out ${MNMT_FUZZ_MODEL}
          --d 16 --heads 2 --ffn 32 --layers 1 --max-positions 40 --seed 3)
add_test(NAME fuzz_make_seed_corpus
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/make_seed_corpus.sh ${MNMT_FUZZ_MODEL} ${MNMT_FUZZ_CORPUS})
set_tests_properties(fuzz_make_seed_model PROPERTIES FIXTURES_SETUP mnmt_fuzz_model)
set_tests_properties(fuzz_make_seed_corpus PROPERTIES FIXTURES_REQUIRED mnmt_fuzz_model FIXTURES_SETUP mnmt_fuzz_corpus)
add_test(NAME fuzz_model_loader
  COMMAND fuzz_model_loader -runs=${MNMT_FUZZ_RUNS} -max_total_time=600 -rss_limit_mb=4096 -print_final_stats=1
          ${MNMT_FUZZ_CORPUS} ${CMAKE_CURRENT_LIST_DIR}/regressions)
set_tests_properties(fuzz_model_loader PROPERTIES FIXTURES_REQUIRED mnmt_fuzz_corpus TIMEOUT 900 LABELS fuzz)
