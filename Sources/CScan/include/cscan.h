// Byte-scanning kernels for the JSON reader, the UTF-8 check and the text tokenizer.
//
// The `static inline` functions here are imported by Swift through Clang and inlined into the
// Swift callers, so there is no call overhead per string. SSE2 is part of x86-64, so they need no
// CPU dispatch; other architectures use the portable loop. The declarations at the end (tokenizer,
// MinHash rows) are defined in cscan.c: they choose AVX-512 paths at run time.
//
// Build note: SwiftPM does not rebuild the Swift callers when only this header changes. After
// editing it, touch a Swift file of DistillScanKit (or build clean) before measuring or testing.
#ifndef DISTILLSCAN_CSCAN_H
#define DISTILLSCAN_CSCAN_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// End of the JSON string whose content starts at `i`: the index of the closing quote, or of the
/// first unescaped control byte (< 0x20, an error the caller reports), or `n` when neither comes.
/// Sets `*escaped` when a backslash occurs before that point. Backslash runs are resolved inside
/// each 16-byte block with simdjson's odd-run trick (carrying an escape across blocks), so
/// escape-dense strings (JSON held in a JSON string) are not rescanned at every backslash.
/// Same acceptance as the scalar rule "a backslash skips the next byte".
static inline ptrdiff_t ds_string_end(const uint8_t *p, ptrdiff_t i, ptrdiff_t n, int *escaped) {
  unsigned carry = 0;  // 1 when the first byte of the next block is escaped
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8(0x22), slash = _mm_set1_epi8(0x5C), ctl = _mm_set1_epi8(0x1F);
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
    unsigned q = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote));
    unsigned b = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, slash));
    unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
    unsigned esc = 0;
    if (b | carry) {
      // Bytes escaped by a backslash (simdjson find_escaped, on 16 bits).
      const unsigned even = 0x5555u;
      b &= ~carry;  // an escaped backslash escapes nothing
      unsigned follows = ((b << 1) | carry) & 0xFFFFu;
      unsigned odd_starts = b & ~even & ~follows;
      unsigned sum = odd_starts + b;
      unsigned next_carry = (sum >> 16) & 1u;
      unsigned even_starts = sum & 0xFFFFu;
      esc = ((even ^ (even_starts << 1)) & follows) & 0xFFFFu;
      carry = next_carry;
    }
    unsigned stop = (q | c) & ~esc & 0xFFFFu;
    if (stop) {
      unsigned k = (unsigned)__builtin_ctz(stop);
      if (b & ((1u << k) - 1u)) *escaped = 1;
      return i + (ptrdiff_t)k;
    }
    if (b) *escaped = 1;
    i += 16;
  }
#endif
  if (carry) {
    *escaped = 1;
    i += 1;
  }
  while (i < n) {
    uint8_t x = p[i];
    if (x == 0x22 || x < 0x20) return i;
    if (x == 0x5C) {
      *escaped = 1;
      i += 2;
      continue;
    }
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

/// splitmix64 finaliser (StableHash.mix in Swift; one definition for both languages).
static inline uint64_t ds_mix64(uint64_t x) {
  uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Case-folded hash of the word p[i..<j] of a `count`-byte buffer, 8 bytes at a time (OR 0x20
/// folds ASCII letters and leaves digits alone; other bytes are folded the same way everywhere,
/// so hashes stay consistent). The last 1…7 bytes are one 8-byte load and a mask when the buffer
/// extends 8 bytes past them, else byte by byte. Every word hash of the tokenizer and of the
/// lexicons comes from here.
static inline uint64_t ds_hash_word(const uint8_t *p, ptrdiff_t i, ptrdiff_t j, ptrdiff_t count) {
  const uint64_t fold = 0x2020202020202020ULL;
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)(j - i);
  ptrdiff_t k = i;
  while (k + 8 <= j) {
    uint64_t w;
    __builtin_memcpy(&w, p + k, 8);
    h = (h ^ (w | fold)) * 0xC2B2AE3D27D4EB4FULL;
    h ^= h >> 31;
    k += 8;
  }
  if (k < j) {
    uint64_t tail = 0;
    if (k + 8 <= count) {
      uint64_t w;
      __builtin_memcpy(&w, p + k, 8);
      tail = (w | fold) & ((1ULL << ((uint64_t)(j - k) * 8)) - 1);  // j - k is 1…7
    } else {
      unsigned shift = 0;
      for (; k < j; k++, shift += 8) tail |= (uint64_t)(p[k] | 0x20) << shift;
    }
    h = (h ^ tail) * 0x165667B19E3779F9ULL;
  }
  return ds_mix64(h);
}

/// Suffix length removed by the light English stemmer ("explaining/explained/explains" →
/// "explain"): ing, ed, ly, es, s. Words of 3 bytes or fewer keep their suffix.
static inline ptrdiff_t ds_stem_cut(const uint8_t *p, ptrdiff_t i, ptrdiff_t j) {
  ptrdiff_t n = j - i;
  if (n <= 3) return 0;
#define DS_C(k) ((uint8_t)(p[k] | 0x20))
  if (n > 5 && DS_C(j - 3) == 'i' && DS_C(j - 2) == 'n' && DS_C(j - 1) == 'g') return 3;
  if (n > 4 && DS_C(j - 2) == 'e' && DS_C(j - 1) == 'd') return 2;
  if (n > 4 && DS_C(j - 2) == 'l' && DS_C(j - 1) == 'y') return 2;
  if (n > 4 && DS_C(j - 2) == 'e' && DS_C(j - 1) == 's') return 2;
  if (DS_C(j - 1) == 's' && DS_C(j - 2) != 's') return 1;
#undef DS_C
  return 0;
}

/// One token of the text-feature tokenizer (`Token` in Swift).
typedef struct ds_token {
  /// Hash of the token as written (case-folded), or of its placeholder when masked.
  uint64_t hash;
  /// Hash of the light English stem (same as `hash` for masked tokens and short words).
  uint64_t stem;
  /// Lexicon flags of the stem, plus the content-word bits.
  uint32_t flags;
  int32_t length;
  _Bool masked;
} ds_token;

/// What the tokenizer needs from Swift: the lexicon (a two-choice table, see FlagTable), the
/// placeholder hashes and the flag bits it sets.
typedef struct ds_tokenizer_params {
  const uint64_t *slots;
  uint64_t shift;
  uint32_t zero_flags;
  uint32_t stop_bit, content2, content3;
  /// Placeholders: <n>, <id>, <url>, <q>, <code>, <email>.
  uint64_t num, id, url, quote, code, email;
} ds_tokenizer_params;

/// Tokenises p[0..<n] into `out` (room for n + 1 tokens); returns the number written. The rules
/// are documented on TextTokenizer (Swift). Defined in cscan.c.
ptrdiff_t ds_tokenize(const uint8_t *p, ptrdiff_t n, const ds_tokenizer_params *params, ds_token *out);
/// ds_tokenize with the AVX-512 word hashing allowed or not (tests compare both paths).
ptrdiff_t ds_tokenize_path(const uint8_t *p, ptrdiff_t n, const ds_tokenizer_params *params, ds_token *out,
                           int allow_vector);

/// MinHash rows over 64-bit item hashes: out[r] = min over items of (items[i] ^ seeds[r]) * mults[r]
/// (wrapping multiply), for r < rows. `seeds`, `mults` and `out` must hold 8 entries when rows <= 8
/// and 16 when rows <= 16 (the vector path reads and writes whole registers; rows past `rows` are
/// garbage). Uses AVX-512 (F + DQ) when the CPU and OS support it, else the scalar loop: both give
/// bit-identical results. Defined in cscan.c (out of line: it needs CPU dispatch).
void ds_minhash_rows(const uint64_t *items, ptrdiff_t n, const uint64_t *seeds, const uint64_t *mults, int rows,
                     uint64_t *out);
/// 1 when ds_minhash_rows takes the AVX-512 path on this machine.
int ds_minhash_vector_available(void);

#endif
