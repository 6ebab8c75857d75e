// The core's one switch for SIMD code paths: on x86-64 with GCC, a kernel marked
// DP_SIMD_CLONES is also compiled for AVX2 and picked at load time (wider registers,
// the same operations: -ffp-contract=off still forbids FMA, so every path gives the
// same bits). Elsewhere (WASM: SIMD128 always) it is a plain function.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DP_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define DP_SIMD_CLONES
#endif

// How many 8-float accumulators the row kernel keeps in registers: 16 AVX registers (32
// with AVX-512) hold 12 and what a step needs besides; in WASM (SIMD128, 16 XMM registers
// under V8 on x86-64) 4 measured fastest, ahead of 3, 6 and 2. The width only moves time,
// never a bit.
#if defined(__x86_64__)
#define DP_ROW_VECTORS 12
#else
#define DP_ROW_VECTORS 4
#endif

// dp_sign_bits4(v): bit i set when lane i of four 32-bit lanes has its top bit set (a
// comparison's all-ones lanes), in one instruction where the target has one.
#if defined(__x86_64__)
typedef float dp_v4f_bits __attribute__((vector_size(16)));
static inline unsigned dp_sign_bits4(dp_v4f_bits v) {
  return static_cast<unsigned>(__builtin_ia32_movmskps(v));
}
#elif defined(__wasm_simd128__)
typedef float dp_v4f_bits __attribute__((vector_size(16)));
typedef int dp_v4i_bits __attribute__((vector_size(16)));
static inline unsigned dp_sign_bits4(dp_v4f_bits v) {
  return static_cast<unsigned>(__builtin_wasm_bitmask_i32x4(reinterpret_cast<dp_v4i_bits>(v)));
}
#else
typedef float dp_v4f_bits __attribute__((vector_size(16)));
static inline unsigned dp_sign_bits4(dp_v4f_bits v) {
  unsigned m = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned bits;
    __builtin_memcpy(&bits, reinterpret_cast<const char*>(&v) + 4 * i, sizeof bits);
    m |= (bits >> 31) << i;
  }
  return m;
}
#endif
