// The core's one switch for SIMD code paths: on x86-64 with GCC, a kernel marked
// DP_SIMD_CLONES is also compiled for AVX2 and picked at load time (wider registers,
// the same operations: -ffp-contract=off still forbids FMA, so every path gives the
// same bits). Elsewhere (WASM: SIMD128 always) it is a plain function.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DP_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define DP_SIMD_CLONES
#endif
