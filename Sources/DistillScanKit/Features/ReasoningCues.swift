import CScan
import Glibc

/// Reasoning-elicitation cues (detection-methods F4), three tiers:
/// 1. phrases asking for written-out reasoning, in several languages (matched as token n-grams
///    for space-separated scripts, as byte substrings for CJK/Cyrillic/Arabic);
/// 2. a density of reasoning words ("reason", "step", "justify", "derive", …) anywhere in the
///    prompt, which catches rewordings no phrase list anticipates;
/// 3. structure: the prompt *supplies an answer* and asks for the reasoning behind it
///    ("rationalisation", the pattern in the public distillation reports).
/// A lexicon is a cue, not a detector: the fingerprint weighs these against volume, templating and
/// the account's other traffic.
enum ReasoningCues {
  /// Result for one prompt.
  struct Result {
    var phrase = false
    var wordDensity = 0
    var rationalization = false
    var grader = false
    /// 0 none, 1 weak, 2 strong.
    var strength: Int {
      if phrase || rationalization || grader { return 2 }
      return wordDensity >= 2 ? 1 : 0
    }
  }

  static let phrases: [String] = [
    "step by step", "chain of thought", "show your work", "show your reasoning", "explain your reasoning",
    "reasoning process", "thought process", "thinking process", "think through", "think carefully", "walk me through",
    "walk through", "before answering", "before you answer", "reasoning trace", "internal reasoning", "hidden reasoning",
    "full reasoning", "your thinking", "let's think", "lets think", "reason through", "work through", "each step",
    "detailed reasoning", "intermediate steps", "all steps", "justify your answer", "derive the answer", "lead to the answer",
    "leads to the answer", "arrive at", "reasoning behind", "logic behind", "rationale", "step-by-step", "think aloud",
    "think out loud", "explain why", "explain how you", "reasoning steps", "scratchpad", "inner monologue",
    "paso a paso", "passo a passo", "razonamiento", "raciocinio", "ragionamento", "passo dopo passo", "stap voor stap",
    "krok po kroku", "pas a pas", "raisonnement", "schritt fur schritt", "denkprozess", "gedankengang",
  ]
  /// Non-ASCII phrases, matched on raw bytes.
  static let bytePhrases: [[UInt8]] = [
    "一步一步", "逐步", "推理过程", "思考过程", "思路", "详细推理", "解题过程", "ステップバイステップ", "段階的", "推論", "考え方",
    "단계별", "추론", "단계적으로", "шаг за шагом", "рассужден", "пошагово", "ход мысл", "خطوة بخطوة", "استدلال",
    "étape par étape", "schritt für schritt", "begründ", "razonamiento", "raciocínio", "pas à pas",
  ].map { Array($0.utf8) }

  static let reasoningWords: Set<UInt64> = Set(
    ["reason", "reasoning", "step", "steps", "think", "thinking", "thought", "thoughts", "justify", "justification", "derive",
     "derivation", "rationale", "rationalize", "logic", "logical", "deduce", "deduction", "infer", "inference", "explain",
     "explanation", "why", "because", "proof", "prove", "working", "walkthrough", "intermediate", "process", "analyze",
     "analysis", "verify", "check"].map { TextTokenizer.wordStem($0) })

  /// Words that introduce a supplied answer.
  static let answerMarkers: [[String]] = [
    ["answer", "is"], ["answer", "was"], ["correct", "answer"], ["final", "answer"], ["the", "answer"], ["solution", "is"],
    ["given", "answer"], ["known", "answer"], ["expected", "answer"], ["reference", "answer"], ["result", "is"],
    ["output", "is"], ["label", "is"], ["ground", "truth"], ["answer"], ["solution"], ["respuesta"], ["reponse"],
    ["antwort"], ["resposta"], ["risposta"],
  ]
  static let answerMarkerBytes: [[UInt8]] = ["答案", "正确答案", "ответ", "正解", "정답", "réponse", "الإجابة"].map { Array($0.utf8) }
  /// Words asking to derive/justify.
  static let deriveWords: Set<UInt64> = Set(
    ["explain", "justify", "derive", "reason", "reasoning", "rationale", "why", "how", "steps", "step", "arrive", "reconstruct",
     "lead", "leads", "thought", "logic", "show", "walk", "work", "process", "explanation", "justification", "reasoned"].map {
       TextTokenizer.wordStem($0)
     })
  static let graderWords: Set<UInt64> = Set(
    ["rubric", "grade", "score", "rate", "rating", "evaluate", "judge", "assess"].map { TextTokenizer.wordStem($0) })
  static let graderScale: [[String]] = [["scale"], ["out", "of", "10"], ["from", "1", "to"], ["1", "to", "10"], ["1", "10"]]

  /// Byte phrases (group 1) and answer markers (group 2) for one anchored pass over the raw bytes.
  static let byteNeedles = AnchoredNeedles(groups: [bytePhrases, answerMarkerBytes])

  /// Phrase n-grams as sequences of word *stems*, bucketed by the first stem: inflections match
  /// ("chain of thoughts", "showing your work", "explains the reasoning behind").
  static let phraseIndex = SequenceIndex(phrases.map { tokensOf($0, stems: true) })
  /// Answer markers ("the answer", "final answer", …) bucketed the same way: "the" starts a
  /// marker, so without buckets nearly every English prompt tried all markers at every "the".
  static let answerIndex = SequenceIndex(answerMarkers.map { $0.map { TextTokenizer.wordHash($0) } })

  /// Word hashes (or stem hashes) of a phrase, split the way the tokenizer splits plain words.
  /// Deliberately does not call the tokenizer: the tokenizer's lexicon table is built from these.
  static func tokensOf(_ s: String, stems: Bool = false) -> [UInt64] {
    var out: [UInt64] = []
    var s = s
    s.withUTF8 { b in
      var i = 0
      while i < b.count {
        guard TextTokenizer.isWordByte(b[i]) else { i += 1; continue }
        var j = i
        while j < b.count, TextTokenizer.isWordByte(b[j]) { j += 1 }
        let cut = stems && j - i > 3 ? TextTokenizer.stemCut(b, i, j) : 0
        out.append(TextTokenizer.hashWord(b, i, j - cut))
        i = j
      }
    }
    return out
  }

  static func analyse(_ toks: UnsafeBufferPointer<Token>, raw: UnsafeBufferPointer<UInt8>, hasNonASCII: Bool) -> Result {
    var r = Result()
    var answerSeen = false
    var graderScaleSeen = false
    let n = toks.count
    let placeholderNum = TextTokenizer.placeholderNum
    let (phrases, answers) = (phraseIndex, answerIndex)
    let (fReasoning, fDerive, fGrader, fPhraseStart, fAnswerStart, fScale, fTo) = (
      Lexicon.reasoning, Lexicon.derive, Lexicon.grader, Lexicon.phraseStart, Lexicon.answerStart, Lexicon.scale, Lexicon.to
    )
    // Word-class counts with arithmetic (a branch per token mispredicted on reasoning-heavy
    // prompts); the phrase/marker bits below are rare enough for branches.
    var density = 0
    var wordBits: UInt32 = 0
    for i in 0..<n {
      let t = toks[i]
      let f = t.flags
      density &+= Int(truncatingIfNeeded: (f & fReasoning) >> 8)
      wordBits |= f
      let hf = f & Lexicon.hashBits & ~Lexicon.stop
      if hf == 0 { continue }
      if hf & fPhraseStart != 0, !r.phrase, let cands = phrases[t.stem] {
        for c in cands where matchesStems(toks, i, c) {
          r.phrase = true
          break
        }
      }
      if hf & fAnswerStart != 0, !answerSeen, let markers = answers[t.hash] {
        for m in markers where matches(toks, i, m) {
          // A bare "Answer"/"Solution" must be followed by a supplied value (a number, a quoted
          // span or a short token such as a letter), not by the prompt's own cue ("Answer: Let's
          // think step by step" asks for reasoning, it does not supply an answer).
          if m.count == 1 {
            guard i + 1 < n else { continue }
            let next = toks[i + 1]
            guard next.masked || next.length <= 2 else { continue }
          }
          answerSeen = true
          break
        }
      }
      if hf & fScale != 0 { graderScaleSeen = true }
      if hf & fTo != 0, i > 0, i + 1 < n, toks[i - 1].hash == placeholderNum, toks[i + 1].hash == placeholderNum {
        graderScaleSeen = true
      }
    }
    r.wordDensity = density
    let deriveSeen = wordBits & fDerive != 0
    let graderWord = wordBits & fGrader != 0
    if hasNonASCII {
      let want: UInt8 = (r.phrase ? 0 : 1) | (answerSeen ? 0 : 2)
      if want != 0 {
        let found = byteNeedles.scan(raw, want: want)
        if found & 1 != 0 { r.phrase = true }
        if found & 2 != 0 { answerSeen = true }
      }
    }
    // Rationalisation: an answer is supplied and the prompt asks how/why it is reached.
    r.rationalization = answerSeen && deriveSeen && r.wordDensity >= 1
    r.grader = graderWord && graderScaleSeen
    return r
  }

  @inline(__always)
  static func matchesStems(_ toks: UnsafeBufferPointer<Token>, _ i: Int, _ seq: [UInt64]) -> Bool {
    guard i + seq.count <= toks.count else { return false }
    for k in 0..<seq.count where toks[i + k].stem != seq[k] { return false }
    return true
  }

  @inline(__always)
  static func matches(_ toks: UnsafeBufferPointer<Token>, _ i: Int, _ seq: [UInt64]) -> Bool {
    guard i + seq.count <= toks.count else { return false }
    for k in 0..<seq.count where toks[i + k].hash != seq[k] { return false }
    return true
  }

  /// True when `hay` contains `needle` (lowercase), ignoring ASCII case in `hay` (the reference
  /// rule for ``AnchoredNeedles``, and its path for needles without a non-ASCII byte): phrases are
  /// written "Schritt für Schritt" as often as "schritt für schritt". Candidate starts are found
  /// with memchr (for both cases of an ASCII first letter), so a miss costs a fast scan, not a
  /// byte loop per phrase.
  static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
    guard hay.count >= needle.count, let first = needle.first, let base = hay.baseAddress else { return false }
    let upper = first >= 0x61 && first <= 0x7A ? first - 0x20 : first
    @inline(__always) func fold(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
    let last = hay.count - needle.count
    /// Next position ≥ from of byte c within the candidate range, or Int.max.
    func next(_ c: UInt8, _ from: Int) -> Int {
      guard from <= last, let hit = memchr(base + from, Int32(c), last - from + 1) else { return .max }
      return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
    }
    var lo = next(first, 0)
    var up = upper == first ? Int.max : next(upper, 0)
    while true {
      let i = min(lo, up)
      if i == .max { return false }
      var k = 1
      while k < needle.count, fold(hay[i + k]) == needle[k] { k += 1 }
      if k == needle.count { return true }
      if i == lo { lo = next(first, i + 1) } else { up = next(upper, i + 1) }
    }
  }
}

/// Token-hash sequences bucketed by their first hash, looked up without hashing the key again
/// (``HashMap64``'s multiplicative probe instead of `Dictionary`'s SipHash): looked up for every
/// candidate token of every prompt.
struct SequenceIndex: Sendable {
  private let slots: HashMap64
  private let buckets: [[[UInt64]]]

  init(_ sequences: [[UInt64]]) {
    var slots = HashMap64()
    var buckets: [[[UInt64]]] = []
    for seq in sequences {
      guard let first = seq.first else { continue }
      if let b = slots.get(first) {
        buckets[Int(b) - 1].append(seq)
      } else {
        buckets.append([seq])
        slots.add(first, UInt32(buckets.count))
      }
    }
    self.slots = slots
    self.buckets = buckets
  }

  /// The sequences whose first hash is `first` (in their original order), or nil.
  @inline(__always)
  subscript(_ first: UInt64) -> [[UInt64]]? {
    guard let b = slots.get(first) else { return nil }
    return buckets[Int(b) - 1]
  }
}

/// Substring search for a fixed set of lowercase needles, ASCII case ignored in the haystack (the
/// rule of ``ReasoningCues/contains(_:_:)``), in one pass over the haystack's non-ASCII bytes.
///
/// Every needle with a non-ASCII byte is anchored at its first one: an occurrence at s has that
/// lead byte at s + anchor, so the pass visits only the haystack's non-ASCII bytes (ASCII runs are
/// skipped 16 at a time by `ds_ascii_prefix`) and tries the needles filed under that byte. The old
/// loop ran two memchr scans per needle per prompt: ~4 % of a full scan for prompts with any
/// non-ASCII byte. Needles that are pure ASCII keep the per-needle search.
struct AnchoredNeedles: Sendable {
  private struct Needle: Sendable {
    var bytes: [UInt8]
    var anchor: Int
    var group: UInt8
  }
  /// Needles by the byte at their anchor (0x80…0xFF → index − 0x80).
  private let byLead: [[Needle]]
  private let asciiNeedles: [Needle]

  /// - Parameter groups: needle lists; a match in list g sets bit g of ``scan(_:want:)``'s result.
  init(groups: [[[UInt8]]]) {
    var byLead = [[Needle]](repeating: [], count: 128)
    var ascii: [Needle] = []
    for (g, list) in groups.enumerated() {
      for bytes in list where !bytes.isEmpty {
        if let a = bytes.firstIndex(where: { $0 >= 0x80 }) {
          byLead[Int(bytes[a]) - 0x80].append(Needle(bytes: bytes, anchor: a, group: 1 << UInt8(g)))
        } else {
          ascii.append(Needle(bytes: bytes, anchor: 0, group: 1 << UInt8(g)))
        }
      }
    }
    self.byLead = byLead
    self.asciiNeedles = ascii
  }

  /// The groups (bits) among `want` with a needle occurring in `hay`.
  func scan(_ hay: UnsafeBufferPointer<UInt8>, want: UInt8) -> UInt8 {
    var found: UInt8 = 0
    for nd in asciiNeedles where want & nd.group & ~found != 0 && ReasoningCues.contains(hay, nd.bytes) {
      found |= nd.group
    }
    guard found != want, let base = hay.baseAddress else { return found & want }
    let n = hay.count
    var q = 0
    while q < n {
      q += ds_ascii_prefix(base + q, n - q)
      guard q < n else { break }
      let candidates = byLead[Int(hay[q]) - 0x80]
      for nd in candidates where want & nd.group & ~found != 0 && matches(hay, at: q - nd.anchor, nd.bytes) {
        found |= nd.group
        if found & want == want { return want }
      }
      q += 1
    }
    return found & want
  }

  @inline(__always)
  private func matches(_ hay: UnsafeBufferPointer<UInt8>, at s: Int, _ needle: [UInt8]) -> Bool {
    guard s >= 0, s + needle.count <= hay.count else { return false }
    for k in 0..<needle.count {
      let c = hay[s + k]
      if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != needle[k] { return false }
    }
    return true
  }
}
