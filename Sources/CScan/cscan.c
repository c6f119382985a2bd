// Out-of-line kernels: the ones with AVX-512 paths chosen at run time (MinHash rows, the text
// tokenizer). The inline SSE2 ones are in include/cscan.h.
#include "cscan.h"

#include <stdlib.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

enum { DS_CPU_AVX512DQ = 1, DS_CPU_AVX512BW = 2 };

/// AVX-512 features usable here (DS_CPU_* bits), detected once: F + DQ (the MinHash rows and
/// word hashing) and F + BW (byte compares into masks), each only when the OS saves the
/// ZMM/opmask state (XCR0).
static int ds_cpu(void) {
  static int cached = -1;
  int v = __atomic_load_n(&cached, __ATOMIC_RELAXED);
  if (v >= 0) return v;
  v = 0;
  unsigned a, b, c, d;
  if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 27))) {  // OSXSAVE
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    // SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM state; then AVX512F with DQ (bit 17) / BW (bit 30).
    if ((lo & 0xE6) == 0xE6 && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 16))) {
      if (b & (1u << 17)) v |= DS_CPU_AVX512DQ;
      if (b & (1u << 30)) v |= DS_CPU_AVX512BW;
    }
  }
  __atomic_store_n(&cached, v, __ATOMIC_RELAXED);
  return v;
}

static int ds_bw_available(void) { return (ds_cpu() & DS_CPU_AVX512BW) != 0; }

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
  return (ds_cpu() & DS_CPU_AVX512DQ) != 0;
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

// MARK: Tokenizer
//
// Four phases, none with a per-byte loop on the common path:
// 1. classify the text into bit masks (AVX-512BW 64 bytes per step, else SSE2 16): word bytes
//    (ASCII letters and digits, every byte >= 0x80), digits, '"' and '`' (they start masked
//    spans), joiners followed by a word byte, ':';
// 2. flatten the masks into word runs (start/end lists) and an "attention" mask that marks the
//    runs needing the full rules (a digit, a joiner or ':' at the end);
// 3. walk the runs: a plain word (attention bit clear at its end) is queued for hashing; the
//    rest go through the rules as written;
// 4. hash the queued words eight at a time (AVX-512F+DQ): word hash, stem, lexicon flags.
// Without AVX-512 the words are hashed one by one in phase 3 (same values). The Swift byte loop
// this replaced was about a fifth of a full scan; the word hashing alone (a chain of dependent
// multiplies and loads per word) was most of it.

#define DS_MASK_WORDS_STACK 32  // scratch for texts up to 2 KiB (the prefix is 1,100 bytes) on the stack: ~43 KB

typedef struct ds_masks {
  const uint64_t *word, *digit, *special;
  /// A joiner ('.', '-', '_', '@', ':', '/') followed by a word byte: where a word may continue.
  const uint64_t *joinable;
  /// ':' bytes (a word followed by "://" may be a URL).
  const uint64_t *colon;
  ptrdiff_t words;  // 64-bit words per mask
  ptrdiff_t n;
} ds_masks;

static void ds_classify(const uint8_t *p, ptrdiff_t n, uint64_t *word, uint64_t *digit, uint64_t *special,
                        uint64_t *joinable, uint64_t *colon) {
  ptrdiff_t nw = (n + 63) >> 6;
  for (ptrdiff_t w = 0; w < nw; w++) {
    uint64_t mw = 0, md = 0, ms = 0, mj = 0, mc = 0;
    for (int b = 0; b < 4; b++) {
      ptrdiff_t at = (w << 6) + (b << 4);
      if (at >= n) break;
      uint8_t tmp[16];
      const uint8_t *src = p + at;
      if (at + 16 > n) {  // last partial block: zero padding classifies as "other"
        __builtin_memset(tmp, 0, 16);
        __builtin_memcpy(tmp, src, (size_t)(n - at));
        src = tmp;
      }
      unsigned fw, fd, fs, fj, fc;
#if defined(__SSE2__)
      __m128i v = _mm_loadu_si128((const __m128i *)src);
      __m128i bias = _mm_set1_epi8((char)0x80);
      __m128i b8 = _mm_xor_si128(v, bias);
      __m128i dg = _mm_and_si128(_mm_cmpgt_epi8(b8, _mm_set1_epi8((char)(0x2F ^ 0x80))),
                                 _mm_cmplt_epi8(b8, _mm_set1_epi8((char)(0x3A ^ 0x80))));
      __m128i lb = _mm_xor_si128(_mm_or_si128(v, _mm_set1_epi8(0x20)), bias);
      __m128i al = _mm_and_si128(_mm_cmpgt_epi8(lb, _mm_set1_epi8((char)(0x60 ^ 0x80))),
                                 _mm_cmplt_epi8(lb, _mm_set1_epi8((char)(0x7B ^ 0x80))));
      fd = (unsigned)_mm_movemask_epi8(dg);
      fw = fd | (unsigned)_mm_movemask_epi8(al) | (unsigned)_mm_movemask_epi8(v);
      fs = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x22)),
                                                    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x60))));
      // '-' '.' '/' are 0x2D…0x2F; then ':', '@', '_'.
      __m128i jn = _mm_and_si128(_mm_cmpgt_epi8(b8, _mm_set1_epi8((char)(0x2C ^ 0x80))),
                                 _mm_cmplt_epi8(b8, _mm_set1_epi8((char)(0x30 ^ 0x80))));
      jn = _mm_or_si128(jn, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x3A)),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x40)),
                                                      _mm_cmpeq_epi8(v, _mm_set1_epi8(0x5F)))));
      fj = (unsigned)_mm_movemask_epi8(jn);
      fc = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x3A)));
#else
      fw = fd = fs = fj = fc = 0;
      for (int k = 0; k < 16; k++) {
        uint8_t c = src[k], l = c | 0x20;
        unsigned isd = c >= 0x30 && c <= 0x39;
        fd |= isd << k;
        fw |= (isd | (l >= 0x61 && l <= 0x7A) | (c >= 0x80)) << k;
        fs |= (unsigned)(c == 0x22 || c == 0x60) << k;
        fj |= (unsigned)((c >= 0x2D && c <= 0x2F) || c == 0x3A || c == 0x40 || c == 0x5F) << k;
        fc |= (unsigned)(c == 0x3A) << k;
      }
#endif
      mw |= (uint64_t)fw << (b << 4);
      md |= (uint64_t)fd << (b << 4);
      ms |= (uint64_t)fs << (b << 4);
      mj |= (uint64_t)fj << (b << 4);
      mc |= (uint64_t)fc << (b << 4);
    }
    word[w] = mw;
    digit[w] = md;
    special[w] = ms;
    joinable[w] = mj;
    colon[w] = mc;
  }
  for (ptrdiff_t w = 0; w < nw; w++) {
    uint64_t next = w + 1 < nw ? word[w + 1] << 63 : 0;
    joinable[w] &= (word[w] >> 1) | next;
  }
}

#if defined(__x86_64__)
/// ds_classify with AVX-512BW: 64 bytes per step, compares straight into mask registers.
__attribute__((target("avx512f,avx512bw")))
static void ds_classify_avx512(const uint8_t *p, ptrdiff_t n, uint64_t *word, uint64_t *digit, uint64_t *special,
                               uint64_t *joinable, uint64_t *colon) {
  ptrdiff_t nw = (n + 63) >> 6;
  const __m512i c0 = _mm512_set1_epi8('0'), ca = _mm512_set1_epi8('a'), c20 = _mm512_set1_epi8(0x20);
  const __m512i ten = _mm512_set1_epi8(10), az = _mm512_set1_epi8(26), three = _mm512_set1_epi8(3);
  const __m512i dash = _mm512_set1_epi8(0x2D), quote = _mm512_set1_epi8(0x22), tick = _mm512_set1_epi8(0x60);
  const __m512i col = _mm512_set1_epi8(0x3A), at = _mm512_set1_epi8(0x40), under = _mm512_set1_epi8(0x5F);
  for (ptrdiff_t w = 0; w < nw; w++) {
    ptrdiff_t rest = n - (w << 6);
    __mmask64 live = rest >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << rest) - 1);
    __m512i v = _mm512_maskz_loadu_epi8(live, p + (w << 6));  // zero past n: "other" bytes
    __mmask64 d = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, c0), ten);
    __mmask64 a = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v, c20), ca), az);
    __mmask64 hi = _mm512_movepi8_mask(v);
    __mmask64 c = _mm512_cmpeq_epi8_mask(v, col);
    word[w] = d | a | hi;
    digit[w] = d;
    special[w] = _mm512_cmpeq_epi8_mask(v, quote) | _mm512_cmpeq_epi8_mask(v, tick);
    joinable[w] = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, dash), three) | c | _mm512_cmpeq_epi8_mask(v, at) |
                  _mm512_cmpeq_epi8_mask(v, under);
    colon[w] = c;
  }
  for (ptrdiff_t w = 0; w < nw; w++) {
    uint64_t next = w + 1 < nw ? word[w + 1] << 63 : 0;
    joinable[w] &= (word[w] >> 1) | next;
  }
}

#endif

/// Any bit of a (and not of `without`, when given) set in [i, j), i < j?
static inline int ds_any_in(const uint64_t *a, const uint64_t *without, ptrdiff_t i, ptrdiff_t j) {
  ptrdiff_t wi = i >> 6, wj = (j - 1) >> 6;
  uint64_t lo = ~0ULL << (i & 63), hi = ~0ULL >> (63 - ((j - 1) & 63));
  if (wi == wj) return ((a[wi] & ~(without ? without[wi] : 0)) & lo & hi) != 0;
  if ((a[wi] & ~(without ? without[wi] : 0)) & lo) return 1;
  for (ptrdiff_t w = wi + 1; w < wj; w++)
    if (a[w] & ~(without ? without[w] : 0)) return 1;
  return ((a[wj] & ~(without ? without[wj] : 0)) & hi) != 0;
}

static inline int ds_bit(const uint64_t *a, ptrdiff_t i) { return (int)((a[i >> 6] >> (i & 63)) & 1); }

static inline int ds_is_http(const uint8_t *p, ptrdiff_t i, ptrdiff_t j) {
  return j - i >= 4 && (p[i] | 0x20) == 'h' && (p[i + 1] | 0x20) == 't' && (p[i + 2] | 0x20) == 't' &&
         (p[i + 3] | 0x20) == 'p';
}

/// Bytes that end a URL in running text: whitespace, quotes, brackets.
static inline int ds_is_url_end(uint8_t c) {
  return c <= 0x20 || c == 0x22 || c == 0x27 || c == 0x3C || c == 0x3E || c == 0x29 || c == 0x5D || c == 0x7D;
}

static inline uint32_t ds_lex_flags(const ds_tokenizer_params *t, uint64_t k) {
  const uint64_t fm = (1ULL << 24) - 1;
  uint64_t hi = k & ~fm;
  uint64_t a = t->slots[(k * 0x9E3779B97F4A7C15ULL) >> t->shift];
  uint64_t b = t->slots[(k * 0xC2B2AE3D27D4EB4FULL) >> t->shift];
  uint64_t fa = (a & ~fm) == hi ? a : 0;
  uint64_t fb = (b & ~fm) == hi ? b : 0;
  uint32_t zm = k == 0 ? 0xFFFFFFFFu : 0;  // key 0 is kept apart (an empty slot reads as key 0)
  return (uint32_t)((fa | fb) & fm) | (t->zero_flags & zm);
}

/// An unmasked word's token: hash as written, stem hash, lexicon flags of the stem (one lookup:
/// every word list is stored by stem) and the content-word bits the later passes select with.
static inline ds_token ds_word_token(const uint8_t *p, ptrdiff_t i, ptrdiff_t j, ptrdiff_t n,
                                     const ds_tokenizer_params *t) {
  ptrdiff_t len = j - i;
  uint64_t h = ds_hash_word(p, i, j, n);
  ptrdiff_t cut = ds_stem_cut(p, i, j);
  uint64_t stem = cut > 0 ? ds_hash_word(p, i, j - cut, n) : h;
  uint32_t f = ds_lex_flags(t, stem);
  uint32_t not_stop = (f & t->stop_bit) == 0 ? (t->content2 | t->content3) : 0;
  uint32_t lng = (len >= 2 ? t->content2 : 0) | (len >= 3 ? t->content3 : 0);
  return (ds_token){h, stem, f | (not_stop & lng), (int32_t)len, 0};
}

/// Words of ≤ 16 bytes whose hashing is deferred to a batch pass: `tok` indexes the output.
typedef struct ds_pending {
  int32_t *tok, *len;
  /// The word's first and second 8 bytes, copied when it is queued (plain vector loads in the
  /// batch; two gathers per batch were slower).
  uint64_t *w0, *w1;
  ptrdiff_t count;
} ds_pending;

/// Queues the word p[i..<i+len] (len ≤ 16) of token `tok`: its first 16 bytes, zero-filled past
/// the end of the text (the batch masks off every byte past the word).
static inline void ds_queue(ds_pending *pend, const uint8_t *p, ptrdiff_t i, ptrdiff_t len, ptrdiff_t n, ptrdiff_t tok) {
  ptrdiff_t k = pend->count++;
  pend->tok[k] = (int32_t)tok;
  pend->len[k] = (int32_t)len;
  if (i + 16 <= n) {
    __builtin_memcpy(pend->w0 + k, p + i, 8);
    __builtin_memcpy(pend->w1 + k, p + i + 8, 8);
  } else {
    uint8_t tmp[16] = {0};
    __builtin_memcpy(tmp, p + i, (size_t)(n - i));
    __builtin_memcpy(pend->w0 + k, tmp, 8);
    __builtin_memcpy(pend->w1 + k, tmp + 8, 8);
  }
}

/// Word boundaries and special-byte positions, flattened from the masks: starts[k] and ends[k]
/// are the k-th run of word bytes (end exclusive), specials the '"' and '`' positions.
typedef struct ds_spans {
  int32_t *starts, *ends, *specials;
  ptrdiff_t words, nspecial;
} ds_spans;

static void ds_flatten(const ds_masks *m, ds_spans *s, uint64_t *attention) {
  ptrdiff_t ns = 0, ne = 0, nsp = 0;
  uint64_t carry = 0;  // word bit of the byte before this mask word
  unsigned long long add_carry = 0;
  for (ptrdiff_t w = 0; w < m->words; w++) {
    // Runs holding a digit: adding the digit bits to the run bits carries out of exactly those
    // runs, into the byte after the run (its end). Together with the joiner and ':' bits, a word
    // whose end bit is clear here is a plain word (no digit, no join, no URL).
    unsigned long long sum = __builtin_addcll(m->word[w], m->digit[w], add_carry, &add_carry);
    attention[w] = (sum & ~m->word[w]) | m->joinable[w] | m->colon[w];
    uint64_t wb = m->word[w], prev = (wb << 1) | carry;
    uint64_t st = wb & ~prev, en = ~wb & prev, sp = m->special[w];
    carry = wb >> 63;
    int32_t base = (int32_t)(w << 6);
    while (st) { s->starts[ns++] = base + __builtin_ctzll(st); st &= st - 1; }
    // Bits past n are clear in `word`, so a run ending at n (not a multiple of 64) ends here.
    while (en) { s->ends[ne++] = base + __builtin_ctzll(en); en &= en - 1; }
    while (sp) { s->specials[nsp++] = base + __builtin_ctzll(sp); sp &= sp - 1; }
  }
  if (ne < ns) s->ends[ne++] = (int32_t)m->n;  // a run to the end of a text of 64k bytes
  s->words = ns;
  s->nspecial = nsp;
}

static ptrdiff_t ds_tokenize_masked(const uint8_t *p, const ds_masks *m, const ds_spans *sp,
                                    const uint64_t *attention, const ds_tokenizer_params *t, ds_token *out,
                                    ds_pending *pend) {
  const ptrdiff_t n = m->n;
  ptrdiff_t count = 0, i = 0, a = 0, b = 0;
  for (;;) {
    ptrdiff_t ws = a < sp->words ? sp->starts[a] : n;
    ptrdiff_t ss = b < sp->nspecial ? sp->specials[b] : n;
    if (ss < ws) {
      b++;
      if (ss < i) continue;
      i = ss;
      if (p[i] == 0x60) {
        if (i + 2 < n && p[i + 1] == 0x60 && p[i + 2] == 0x60) {
          ptrdiff_t j = i + 3;
          while (j + 2 < n && !(p[j] == 0x60 && p[j + 1] == 0x60 && p[j + 2] == 0x60)) j++;
          out[count++] = (ds_token){t->code, t->code, 0, 6, 1};
          i = j + 3 < n ? j + 3 : n;
          continue;
        }
      } else {
        ptrdiff_t j = i + 1;
        while (j < n && j - i < 120 && p[j] != 0x22 && p[j] != 0x0A) j++;
        if (j < n && p[j] == 0x22 && j - i < 120 && j > i + 1) {
          out[count++] = (ds_token){t->quote, t->quote, 0, 3, 1};
          i = j + 1;
          continue;
        }
      }
      i++;
      continue;
    }
    if (ws >= n) break;
    a++;
    if (ws < i) continue;
    i = ws;
    ptrdiff_t j = sp->ends[a - 1];
    if (j < n && !ds_bit(attention, j)) {
      // A plain word (most words).
      ptrdiff_t len = j - i;
      if (pend && len <= 16) {
        ds_queue(pend, p, i, len, n, count);
        out[count++] = (ds_token){0, 0, 0, (int32_t)len, 0};
      } else {
        out[count++] = ds_word_token(p, i, j, n, t);
      }
      i = j;
      continue;
    }
    int has_at = 0, has_colon_slash = 0;
    while (j < n && ds_bit(m->joinable, j)) {
      uint8_t d = p[j];
      int colon_slash = d == 0x3A || d == 0x2F;
      if (!(d == 0x40 || (colon_slash && ds_is_http(p, i, j)) || ds_any_in(m->digit, 0, i, j))) break;
      has_at |= d == 0x40;
      has_colon_slash |= colon_slash;
      j = sp->ends[a++];
    }
    if (j + 2 < n && p[j] == 0x3A && p[j + 1] == 0x2F && p[j + 2] == 0x2F && ds_is_http(p, i, j)) {
      ptrdiff_t k = j + 3;
      while (k < n && !ds_is_url_end(p[k])) k++;
      j = k;
      has_colon_slash = 1;
    }
    ptrdiff_t len = j - i;
    ds_token tok;
    int has_digit = ds_any_in(m->digit, 0, i, j);
    if (has_colon_slash && ds_is_http(p, i, j)) {
      tok = (ds_token){t->url, t->url, 0, (int32_t)len, 1};
    } else if (has_at) {
      tok = (ds_token){t->email, t->email, 0, (int32_t)len, 1};
    } else if (has_digit && !ds_any_in(m->word, m->digit, i, j)) {
      tok = (ds_token){t->num, t->num, 0, (int32_t)len, 1};
    } else if (has_digit && len >= 6) {
      tok = (ds_token){t->id, t->id, 0, (int32_t)len, 1};
    } else if (pend && len <= 16) {
      ds_queue(pend, p, i, len, n, count);
      tok = (ds_token){0, 0, 0, (int32_t)len, 0};
    } else {
      tok = ds_word_token(p, i, j, n, t);
    }
    out[count++] = tok;
    i = j;
  }
  return count;
}

#if defined(__x86_64__)
#define DS_V512 __attribute__((target("avx512f,avx512dq"))) static inline

DS_V512 __m512i ds_v_mix(__m512i x) {
  __m512i z = _mm512_add_epi64(x, _mm512_set1_epi64((long long)0x9E3779B97F4A7C15ULL));
  z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ULL));
  z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), _mm512_set1_epi64((long long)0x94D049BB133111EBULL));
  return _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
}

/// ds_hash_word per lane for words of 1…16 bytes whose first and second 8 bytes (folded) are
/// w0 and w1. Variable shifts by ≥ 64 give 0, which the masks below rely on.
DS_V512 __m512i ds_v_hash(__m512i w0, __m512i w1, __m512i len) {
  const __m512i one = _mm512_set1_epi64(1), eight = _mm512_set1_epi64(8);
  const __m512i k1 = _mm512_set1_epi64((long long)0xC2B2AE3D27D4EB4FULL);
  const __m512i k2 = _mm512_set1_epi64((long long)0x165667B19E3779F9ULL);
  __mmask8 ge8 = _mm512_cmpge_epi64_mask(len, eight), gt8 = _mm512_cmpgt_epi64_mask(len, eight);
  __mmask8 is16 = _mm512_cmpeq_epi64_mask(len, _mm512_set1_epi64(16));
  __m512i x = _mm512_xor_si512(_mm512_set1_epi64((long long)0x9E3779B97F4A7C15ULL), len);
  // First step. 1…7 bytes: the masked tail times k2, and done. ≥ 8 bytes: a block step (times
  // k1, then xor-shift). The lanes pick their multiplier, so one multiply serves both forms.
  __m512i keep0 = _mm512_sub_epi64(_mm512_sllv_epi64(one, _mm512_slli_epi64(len, 3)), one);  // all ones at ≥ 8
  __m512i y = _mm512_mullo_epi64(_mm512_xor_si512(x, _mm512_and_si512(w0, keep0)), _mm512_mask_mov_epi64(k2, ge8, k1));
  __m512i b = _mm512_xor_si512(y, _mm512_srli_epi64(y, 31));
  // Second step (9…16 bytes): a masked tail times k2 (9…15) or a second block (16).
  __m512i rest = _mm512_slli_epi64(_mm512_sub_epi64(len, eight), 3);
  __m512i keep1 = _mm512_sub_epi64(_mm512_sllv_epi64(one, rest), one);  // all ones at 16
  __m512i z = _mm512_mullo_epi64(_mm512_xor_si512(b, _mm512_and_si512(w1, keep1)), _mm512_mask_mov_epi64(k2, is16, k1));
  z = _mm512_mask_xor_epi64(z, is16, z, _mm512_srli_epi64(z, 31));
  __m512i h = _mm512_mask_mov_epi64(y, ge8, b);
  h = _mm512_mask_mov_epi64(h, gt8, z);
  return ds_v_mix(h);
}

/// ds_word_token for eight words of ≤ 16 bytes at once, one per 64-bit lane (AVX-512F + DQ):
/// word hash, suffix (ds_stem_cut), stem hash, both lexicon probes as gathers, content bits.
/// Bit-identical to the scalar path (tested). Per word the scalar path is a chain of about ten
/// dependent multiplies and loads; here eight chains share each instruction. `pend` is padded to
/// a multiple of 8 entries (ds_tokenize_path).
__attribute__((target("avx512f,avx512dq")))
static void ds_hash_batch(const ds_pending *pend, const ds_tokenizer_params *t, ds_token *out) {
  const __m512i one = _mm512_set1_epi64(1), zero = _mm512_setzero_si512();
  const __m512i fold = _mm512_set1_epi64(0x2020202020202020LL);
  const __m512i flag_mask = _mm512_set1_epi64((1LL << 24) - 1), key_mask = _mm512_set1_epi64(~((1LL << 24) - 1));
  const __m512i shift = _mm512_set1_epi64((long long)t->shift);
  const __m512i b32 = _mm512_set1_epi64(0xFFFFFFFFLL), b8 = _mm512_set1_epi64(0xFF);
  const __m512i ing = _mm512_set1_epi64('i' | 'n' << 8 | 'g' << 16);
  const __m512i ed = _mm512_set1_epi64('e' | 'd' << 8), ly = _mm512_set1_epi64('l' | 'y' << 8),
                es = _mm512_set1_epi64('e' | 's' << 8), ss = _mm512_set1_epi64('s');
  for (ptrdiff_t b = 0; b < pend->count; b += 8) {
    __m512i len = _mm512_cvtepi32_epi64(_mm256_loadu_si256((const __m256i *)(pend->len + b)));
    __m512i w0 = _mm512_or_si512(_mm512_loadu_si512(pend->w0 + b), fold);
    __m512i w1 = _mm512_or_si512(_mm512_loadu_si512(pend->w1 + b), fold);
    __m512i h = ds_v_hash(w0, w1, len);
    // The last four bytes (offset len − 4 into w1:w0), for the suffix.
    __m512i off = _mm512_slli_epi64(_mm512_sub_epi64(len, _mm512_set1_epi64(4)), 3);
    __m512i last4 = _mm512_or_si512(
        _mm512_or_si512(_mm512_srlv_epi64(w0, off), _mm512_sllv_epi64(w1, _mm512_sub_epi64(_mm512_set1_epi64(64), off))),
        _mm512_srlv_epi64(w1, _mm512_sub_epi64(off, _mm512_set1_epi64(64))));
    last4 = _mm512_and_si512(last4, b32);
    __m512i last2 = _mm512_srli_epi64(last4, 16), last1 = _mm512_srli_epi64(last4, 24);
    __mmask8 gt3 = _mm512_cmpgt_epi64_mask(len, _mm512_set1_epi64(3));
    __mmask8 gt4 = _mm512_cmpgt_epi64_mask(len, _mm512_set1_epi64(4));
    __mmask8 gt5 = _mm512_cmpgt_epi64_mask(len, _mm512_set1_epi64(5));
    __mmask8 c3 = gt5 & _mm512_cmpeq_epi64_mask(_mm512_srli_epi64(last4, 8), ing);
    __mmask8 c2 = gt4 & (_mm512_cmpeq_epi64_mask(last2, ed) | _mm512_cmpeq_epi64_mask(last2, ly) |
                         _mm512_cmpeq_epi64_mask(last2, es));
    __mmask8 c1 = gt3 & _mm512_cmpeq_epi64_mask(last1, ss) & _mm512_cmpneq_epi64_mask(_mm512_and_si512(last2, b8), ss);
    __m512i cut = _mm512_maskz_mov_epi64(c1, one);
    cut = _mm512_mask_mov_epi64(cut, c2, _mm512_set1_epi64(2));
    cut = _mm512_mask_mov_epi64(cut, c3, _mm512_set1_epi64(3));
    __m512i stem = _mm512_mask_blend_epi64(c1 | c2 | c3, h, ds_v_hash(w0, w1, _mm512_sub_epi64(len, cut)));
    // Lexicon: both slots gathered; the flags of the one whose top 40 bits match.
    __m512i s1 = _mm512_srlv_epi64(_mm512_mullo_epi64(stem, _mm512_set1_epi64((long long)0x9E3779B97F4A7C15ULL)), shift);
    __m512i s2 = _mm512_srlv_epi64(_mm512_mullo_epi64(stem, _mm512_set1_epi64((long long)0xC2B2AE3D27D4EB4FULL)), shift);
    __m512i a = _mm512_i64gather_epi64(s1, (const void *)t->slots, 8);
    __m512i c = _mm512_i64gather_epi64(s2, (const void *)t->slots, 8);
    __m512i hi = _mm512_and_si512(stem, key_mask);
    __m512i fa = _mm512_maskz_mov_epi64(_mm512_cmpeq_epi64_mask(_mm512_and_si512(a, key_mask), hi), a);
    __m512i fc = _mm512_maskz_mov_epi64(_mm512_cmpeq_epi64_mask(_mm512_and_si512(c, key_mask), hi), c);
    __m512i f = _mm512_and_si512(_mm512_or_si512(fa, fc), flag_mask);
    f = _mm512_mask_or_epi64(f, _mm512_cmpeq_epi64_mask(stem, zero), f, _mm512_set1_epi64(t->zero_flags));
    __mmask8 not_stop = _mm512_testn_epi64_mask(f, _mm512_set1_epi64(t->stop_bit));
    __mmask8 ge2 = _mm512_cmpgt_epi64_mask(len, one), ge3 = _mm512_cmpgt_epi64_mask(len, _mm512_set1_epi64(2));
    f = _mm512_mask_or_epi64(f, not_stop & ge2, f, _mm512_set1_epi64(t->content2));
    f = _mm512_mask_or_epi64(f, not_stop & ge3, f, _mm512_set1_epi64(t->content3));
    uint64_t hs[8], st[8], fl[8];
    _mm512_storeu_si512(hs, h);
    _mm512_storeu_si512(st, stem);
    _mm512_storeu_si512(fl, f);
    for (int k = 0; k < 8; k++) {  // padding lanes rewrite their word with the same values
      ds_token *o = &out[pend->tok[b + k]];
      o->hash = hs[k];
      o->stem = st[k];
      o->flags = (uint32_t)fl[k];
    }
  }
}
#endif

ptrdiff_t ds_tokenize(const uint8_t *p, ptrdiff_t n, const ds_tokenizer_params *params, ds_token *out) {
  return ds_tokenize_path(p, n, params, out, 1);
}

ptrdiff_t ds_tokenize_path(const uint8_t *p, ptrdiff_t n, const ds_tokenizer_params *params, ds_token *out,
                           int allow_vector) {
  if (n <= 0) return 0;
  // Scratch, on the stack for texts up to 2 KiB (the feature prefix is 1,100 bytes), else heap
  // (if that allocation fails, no tokens: only tests and tools pass such long texts):
  //   uint64: 6 masks of nw words (word, digit, special, joinable, colon, attention) and the
  //           pending words' bytes (2 × np);
  //   int32:  pending token indices and lengths (2 × np), span starts and ends (2 × np), and
  //           special positions (n).
  // Words are separated by at least one byte, so there are at most n / 2 + 1 of them; + 8 pads
  // the last batch of eight.
  ptrdiff_t nw = (n + 63) >> 6, np = n / 2 + 8;
  enum { max_nw = DS_MASK_WORDS_STACK, max_np = DS_MASK_WORDS_STACK * 32 + 8, max_n = DS_MASK_WORDS_STACK * 64 };
  uint64_t stack64[6 * max_nw + 2 * max_np];
  int32_t stack32[4 * max_np + max_n];
  int small = nw <= max_nw;
  uint64_t *b64 = small ? stack64 : (uint64_t *)malloc((size_t)(6 * nw + 2 * np) * sizeof(uint64_t));
  int32_t *b32 = small ? stack32 : (int32_t *)malloc((size_t)(4 * np + n) * sizeof(int32_t));
  ptrdiff_t r = 0;
  if (b64 && b32) {
    uint64_t *attention = b64 + 5 * nw;
#if defined(__x86_64__)
    if (allow_vector && ds_bw_available())
      ds_classify_avx512(p, n, b64, b64 + nw, b64 + 2 * nw, b64 + 3 * nw, b64 + 4 * nw);
    else
#endif
      ds_classify(p, n, b64, b64 + nw, b64 + 2 * nw, b64 + 3 * nw, b64 + 4 * nw);
    ds_masks m = {b64, b64 + nw, b64 + 2 * nw, b64 + 3 * nw, b64 + 4 * nw, nw, n};
    ds_pending pend = {b32, b32 + np, b64 + 6 * nw, b64 + 6 * nw + np, 0};
    ds_spans spans = {b32 + 2 * np, b32 + 3 * np, b32 + 4 * np, 0, 0};
    ds_flatten(&m, &spans, attention);
#if defined(__x86_64__)
    int vector = allow_vector && ds_minhash_vector_available();
#else
    int vector = 0;
#endif
    r = ds_tokenize_masked(p, &m, &spans, attention, params, out, vector ? &pend : NULL);
#if defined(__x86_64__)
    if (pend.count > 0) {
      // Pad the last batch with copies of its first word (rewritten with the same values).
      ptrdiff_t first = pend.count & ~(ptrdiff_t)7;
      for (ptrdiff_t k = pend.count; k & 7; k++) {
        pend.tok[k] = pend.tok[first];
        pend.len[k] = pend.len[first];
        pend.w0[k] = pend.w0[first];
        pend.w1[k] = pend.w1[first];
      }
      ds_hash_batch(&pend, params, out);
    }
#endif
  }
  if (!small) {
    free(b64);
    free(b32);
  }
  return r;
}
