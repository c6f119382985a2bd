// Out-of-line kernels that need CPU dispatch (the inline SSE2 ones are in include/cscan.h).
#include "cscan.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/// AVX-512F + DQ usable: the CPU has them and the OS saves the ZMM/opmask state (XCR0).
static int ds_detect_avx512dq(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0;  // OSXSAVE
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  if ((lo & 0xE6) != 0xE6) return 0;  // SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM state
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (b & (1u << 16)) && (b & (1u << 17));  // AVX512F, AVX512DQ
}

// Eight 64-bit lanes per register: vpmullq (DQ) and vpminuq (F) do one row per lane, so a
// request's 6 + 12 rows take 3 multiplies per item instead of 18.
__attribute__((target("avx512f,avx512dq")))
static void ds_minhash_avx512(const uint64_t *items, ptrdiff_t n, const uint64_t *seeds, const uint64_t *mults,
                              int rows, uint64_t *out) {
  const __m512i s0 = _mm512_loadu_si512(seeds), k0 = _mm512_loadu_si512(mults);
  __m512i m0 = _mm512_set1_epi64(-1);
  if (rows <= 8) {
    for (ptrdiff_t i = 0; i < n; i++) {
      __m512i x = _mm512_set1_epi64((long long)items[i]);
      m0 = _mm512_min_epu64(m0, _mm512_mullo_epi64(_mm512_xor_si512(x, s0), k0));
    }
    _mm512_storeu_si512(out, m0);
    return;
  }
  const __m512i s1 = _mm512_loadu_si512(seeds + 8), k1 = _mm512_loadu_si512(mults + 8);
  __m512i m1 = m0;
  for (ptrdiff_t i = 0; i < n; i++) {
    __m512i x = _mm512_set1_epi64((long long)items[i]);
    m0 = _mm512_min_epu64(m0, _mm512_mullo_epi64(_mm512_xor_si512(x, s0), k0));
    m1 = _mm512_min_epu64(m1, _mm512_mullo_epi64(_mm512_xor_si512(x, s1), k1));
  }
  _mm512_storeu_si512(out, m0);
  _mm512_storeu_si512(out + 8, m1);
}
#endif

int ds_minhash_vector_available(void) {
#if defined(__x86_64__)
  static int cached = -1;
  int v = __atomic_load_n(&cached, __ATOMIC_RELAXED);
  if (v < 0) {
    v = ds_detect_avx512dq();
    __atomic_store_n(&cached, v, __ATOMIC_RELAXED);
  }
  return v;
#else
  return 0;
#endif
}

void ds_minhash_rows(const uint64_t *items, ptrdiff_t n, const uint64_t *seeds, const uint64_t *mults, int rows,
                     uint64_t *out) {
#if defined(__x86_64__)
  if (rows <= 16 && ds_minhash_vector_available()) {
    ds_minhash_avx512(items, n, seeds, mults, rows, out);
    return;
  }
#endif
  for (int r = 0; r < rows; r++) out[r] = UINT64_MAX;
  for (ptrdiff_t i = 0; i < n; i++) {
    for (int r = 0; r < rows; r++) {
      uint64_t h = (items[i] ^ seeds[r]) * mults[r];
      if (h < out[r]) out[r] = h;
    }
  }
}
