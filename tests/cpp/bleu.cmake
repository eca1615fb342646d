# BLEU scorer tests (docs/bleu.md). The library itself is defined in engine/tools/bleu.cmake.
include(${CMAKE_CURRENT_LIST_DIR}/../../engine/tools/bleu.cmake)
add_executable(test_bleu ${CMAKE_CURRENT_LIST_DIR}/test_bleu.cc)
target_link_libraries(test_bleu PRIVATE mnmt_bleu GTest::gtest_main)
gtest_discover_tests(test_bleu)
