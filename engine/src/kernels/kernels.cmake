# Kernel library: one file per ISA, each compiled with its own flags (never globally).
add_library(mnmt_kernels STATIC
  ${CMAKE_CURRENT_LIST_DIR}/dispatch.cc
  ${CMAKE_CURRENT_LIST_DIR}/epilogue.cc
  ${CMAKE_CURRENT_LIST_DIR}/vecops.cc
  ${CMAKE_CURRENT_LIST_DIR}/gemm_scalar.cc)
target_include_directories(mnmt_kernels PUBLIC ${CMAKE_CURRENT_LIST_DIR})
set_target_properties(mnmt_kernels PROPERTIES POSITION_INDEPENDENT_CODE ON)
