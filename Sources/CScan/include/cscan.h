// Byte-scanning kernels for the JSON reader and the UTF-8 check.
//
// Header-only `static inline` functions: Swift imports them through Clang and LLVM inlines them
// into the Swift callers, so there is no call overhead per string. SSE2 is part of x86-64, so no
// CPU dispatch is needed; other architectures use the portable loop.
#ifndef DISTILLSCAN_CSCAN_H
#define DISTILLSCAN_CSCAN_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Index of the first byte at or after `i` (and before `n`) that is '"', '\\' or a control byte
/// (< 0x20): the bytes that end or interrupt a JSON string. Returns `n` when there is none.
static inline ptrdiff_t ds_string_stop(const uint8_t *p, ptrdiff_t i, ptrdiff_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8(0x22), slash = _mm_set1_epi8(0x5C), ctl = _mm_set1_epi8(0x1F);
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)),
                             _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
    int bits = _mm_movemask_epi8(m);
    if (bits) return i + __builtin_ctz((unsigned)bits);
    i += 16;
  }
#endif
  while (i < n) {
    uint8_t c = p[i];
    if (c == 0x22 || c == 0x5C || c < 0x20) return i;
    i++;
  }
  return n;
}

/// Index of the first backslash at or after `i` (and before `n`), or `n`. Inline, so short runs
/// between escapes (string-encoded JSON is full of `\"`) do not pay for a libc call each.
static inline ptrdiff_t ds_find_backslash(const uint8_t *p, ptrdiff_t i, ptrdiff_t n) {
#if defined(__SSE2__)
  const __m128i slash = _mm_set1_epi8(0x5C);
  while (i + 16 <= n) {
    int bits = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + i)), slash));
    if (bits) return i + __builtin_ctz((unsigned)bits);
    i += 16;
  }
#endif
  while (i < n && p[i] != 0x5C) i++;
  return i;
}

/// Length of the leading run of ASCII bytes (< 0x80) in p[0..<n].
static inline ptrdiff_t ds_ascii_prefix(const uint8_t *p, ptrdiff_t n) {
  ptrdiff_t i = 0;
#if defined(__SSE2__)
  while (i + 32 <= n) {
    __m128i a = _mm_loadu_si128((const __m128i *)(p + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(p + i + 16));
    if (_mm_movemask_epi8(_mm_or_si128(a, b))) break;
    i += 32;
  }
  while (i + 16 <= n) {
    int bits = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(p + i)));
    if (bits) return i + __builtin_ctz((unsigned)bits);
    i += 16;
  }
#endif
  while (i < n && p[i] < 0x80) i++;
  return i;
}

#endif
