# Kernel library: one file per ISA, each compiled with its own flags (never globally).
include(CheckCXXSourceCompiles)
set(MNMT_KERNELS_DIR ${CMAKE_CURRENT_LIST_DIR})

add_library(mnmt_kernels STATIC
  ${CMAKE_CURRENT_LIST_DIR}/cpu_features.cc
  ${CMAKE_CURRENT_LIST_DIR}/dispatch.cc
  ${CMAKE_CURRENT_LIST_DIR}/epilogue.cc
  ${CMAKE_CURRENT_LIST_DIR}/vecops.cc
  ${CMAKE_CURRENT_LIST_DIR}/gemm_scalar.cc)
target_include_directories(mnmt_kernels PUBLIC ${CMAKE_CURRENT_LIST_DIR})
set_target_properties(mnmt_kernels PROPERTIES POSITION_INDEPENDENT_CODE ON)

# mnmt_add_kernel_isa(<name> <file> [flags...]): compiles <file> (here) into mnmt_kernels with its
# own flags and defines MNMT_KERNEL_<NAME> so that dispatch.cc lists it. Skipped, with a message,
# when the compiler does not accept the flags.
function(mnmt_add_kernel_isa name file)
  string(TOUPPER "${name}" upper)
  string(REPLACE ";" " " flags_str "${ARGN}")
  set(CMAKE_REQUIRED_FLAGS "${flags_str}")
  check_cxx_source_compiles("int main() { return 0; }" MNMT_COMPILER_ACCEPTS_${upper})
  if(NOT MNMT_COMPILER_ACCEPTS_${upper})
    message(STATUS "mnmt kernels: ${name} skipped (compiler rejects: ${flags_str})")
    return()
  endif()
  target_sources(mnmt_kernels PRIVATE ${MNMT_KERNELS_DIR}/${file})
  set_source_files_properties(${MNMT_KERNELS_DIR}/${file} PROPERTIES COMPILE_OPTIONS "${ARGN}")
  target_compile_definitions(mnmt_kernels PRIVATE MNMT_KERNEL_${upper}=1)
  message(STATUS "mnmt kernels: ${name} (${flags_str})")
endfunction()

if(EMSCRIPTEN)
  set(MNMT_KERNEL_ARCH wasm)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|x64)$" AND CMAKE_SIZEOF_VOID_P EQUAL 8)
  set(MNMT_KERNEL_ARCH x86_64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(MNMT_KERNEL_ARCH aarch64)
else()
  set(MNMT_KERNEL_ARCH other)
endif()

# One line per kernel; dispatch.cc orders them and checks the CPU.
if(MNMT_KERNEL_ARCH STREQUAL "x86_64")
  set(avx512_quiet "")
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 12.3)
    set(avx512_quiet -Wno-uninitialized -Wno-maybe-uninitialized)  # GCC PR 105593: avx512fintrin.h
  endif()
  mnmt_add_kernel_isa(avx2 gemm_avx2.cc -mavx2)
  mnmt_add_kernel_isa(avxvnni gemm_avxvnni.cc -mavx2 -mavxvnni)
  mnmt_add_kernel_isa(avx512vnni gemm_avx512vnni.cc -mavx2 -mavx512f -mavx512bw -mavx512vl -mavx512vnni ${avx512_quiet})
elseif(MNMT_KERNEL_ARCH STREQUAL "aarch64")
  mnmt_add_kernel_isa(neon gemm_neon.cc)
  mnmt_add_kernel_isa(dotprod gemm_neon_dotprod.cc -march=armv8.2-a+dotprod)
elseif(MNMT_KERNEL_ARCH STREQUAL "wasm")
  mnmt_add_kernel_isa(wasm_simd gemm_wasm_simd.cc -msimd128)
endif()
