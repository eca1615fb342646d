// ARMv8.2 dotprod kernel: gemm_neon.cc's code and packed layout with vdotq_s32 (sdot: four int8
// products summed into each int32 lane, exact) in place of vmull_s8 + vpadalq_s16.
// Built with -march=armv8.2-a+dotprod (kernels.cmake); dispatch.cc picks it only when HWCAP says so.
#define MNMT_NEON_DOTPROD 1
#include "gemm_neon.cc"
