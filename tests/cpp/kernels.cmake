# GEMM kernels (every available ISA against exact references and the scalar oracle) and vecops.
add_executable(test_kernels
  ${CMAKE_CURRENT_LIST_DIR}/test_gemm.cc
  ${CMAKE_CURRENT_LIST_DIR}/test_vecops.cc)
target_link_libraries(test_kernels PRIVATE mnmt_kernels GTest::gtest_main)
gtest_discover_tests(test_kernels DISCOVERY_TIMEOUT 60)
