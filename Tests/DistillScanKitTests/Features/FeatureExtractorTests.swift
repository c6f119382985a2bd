import CScan
import Testing

@testable import DistillScanKit

/// Text features: tokenisation and masking, template/paraphrase band keys, reasoning cues in
/// several phrasings and languages, topic leaves, and the repeated-prompt cache.
@Suite struct FeatureExtractorTests {
  static func tokens(_ s: String) -> [Token] {
    var s = s
    return s.withUTF8 { raw in
      let buf = UnsafeMutablePointer<Token>.allocate(capacity: raw.count + 1)
      defer { buf.deallocate() }
      let n = TextTokenizer.tokenize(raw, limit: raw.count, into: buf)
      return Array(UnsafeBufferPointer(start: buf, count: n))
    }
  }

  static func features(_ s: String) -> RequestFeatures {
    var ex = FeatureExtractor(cacheSize: 1)
    return ex.extract(s)
  }

  @Test func slotsAreMaskedByType() {
    let t = Self.tokens("Order 12345 from id a1b2c3d4e5 see https://x.example/a?b=1 mail bob@example.com \"quoted\" ```let x = 1```")
    let hashes = t.map(\.hash)
    #expect(hashes.contains(TextTokenizer.placeholderNum))
    #expect(hashes.contains(TextTokenizer.placeholderID))
    #expect(hashes.contains(TextTokenizer.placeholderURL))
    #expect(hashes.contains(TextTokenizer.placeholderEmail))
    #expect(hashes.contains(TextTokenizer.placeholderQuote))
    #expect(hashes.contains(TextTokenizer.placeholderCode))
    #expect(t.first?.hash == TextTokenizer.wordHash("order"), "case-folded word hash")
  }

  @Test func stemsJoinInflections() {
    let a = Self.tokens("explaining explained explains")
    #expect(a.count == 3)
    #expect(Set(a.map(\.stem)).count == 1, "one stem for three inflections")
    #expect(Set(a.map(\.hash)).count == 3, "but three distinct words")
  }

  @Test func tokenizerNeverWritesPastItsBudget() {
    // Worst case for token density: one-byte words separated by one byte.
    let s = String(repeating: "a ", count: 700)
    var ss = s
    let n = ss.withUTF8 { raw in
      let buf = UnsafeMutablePointer<Token>.allocate(capacity: 1101)
      defer { buf.deallocate() }
      return TextTokenizer.tokenize(raw, limit: 1100, into: buf)
    }
    #expect(n == 550)
  }

  @Test func sameFrameDifferentSlotsSharesTheLexicalKey() {
    let a = Self.features("Classify the following support ticket into billing, shipping or other.\nTicket #1001 from Ana (Lyon): lamp SKU-12 arrived damaged. Order 77.")
    let b = Self.features("Classify the following support ticket into billing, shipping or other.\nTicket #2093 from Wei (Leeds): lamp SKU-98 arrived damaged. Order 12.")
    let c = Self.features("Write a haiku about autumn leaves falling on a quiet river at dusk.")
    #expect(a.exact != b.exact)
    #expect(a.lex.0 == b.lex.0 || a.lex.1 == b.lex.1 || a.lex.2 == b.lex.2, "numbers and ids are masked: same template")
    #expect(a.lex.0 != c.lex.0 && a.lex.1 != c.lex.1 && a.lex.2 != c.lex.2)
  }

  @Test func contentKeyIgnoresFunctionWords() {
    // Same content words, different wrapper words: the strict content bands agree.
    let a = Self.features("Please explain photosynthesis chlorophyll sunlight glucose")
    let b = Self.features("Could you describe the photosynthesis, chlorophyll, sunlight and glucose?")
    #expect(a.meaning == b.meaning)
    let c = Self.features("Explain volcano magma eruption tectonics")
    #expect(a.meaning != c.meaning)
  }

  @Test(arguments: [
    "Solve 17 * 23. Let's think step by step.",
    "Before you answer, walk me through your thought process.",
    "Resuelve el problema paso a paso.",
    "Löse die Aufgabe Schritt für Schritt.",
    "请一步一步地解释。",
    "Решите задачу шаг за шагом.",
  ])
  func reasoningPhrasesInSeveralLanguages(_ prompt: String) {
    #expect(Self.features(prompt).reasoning.strength == 2, "\(prompt)")
  }

  /// Phrases match on word stems, so inflected wordings count (real CoT sweeps write "my chain of
  /// thoughts", "showing all your work"); the words must still come in the phrase's order.
  @Test func reasoningPhrasesMatchInflections() {
    #expect(Self.features("Would a cat eat grass? Hmmm, my chain of thoughts:").reasoning.phrase)
    #expect(Self.features("Solve for x, showing your working and thinking carefully.").reasoning.phrase)
    #expect(!Self.features("The chain broke; thoughts of the trip faded.").reasoning.phrase)
  }

  @Test func rationalisationShapeIsStrong() {
    let f = Self.features("Question: what is 12 + 30? The answer is 42. Explain why this is the answer and how you reach it.")
    #expect(f.reasoning.rationalization)
    #expect(f.reasoning.strength == 2)
  }

  @Test func ordinaryPromptsCarryNoReasoningCue() {
    for p in ["Translate 'good morning' into French.", "Write a limerick about a cat.", "Summarise this email for my manager."] {
      #expect(Self.features(p).reasoning.strength == 0, "\(p)")
    }
  }

  @Test func graderNeedsWordAndScale() {
    #expect(Self.features("Rate this answer on a scale of 1 to 10.").reasoning.grader)
    #expect(!Self.features("Rate this restaurant.").reasoning.grader, "a grading word alone is not a grader prompt")
  }

  @Test func topicsSeparateDomains() {
    let math = Self.features("Prove the theorem about the integral of a polynomial.").leaf / 8
    let cook = Self.features("Give me a recipe to bake bread with a vegetable dish.").leaf / 8
    #expect(TopicLexicon.domainName(ofLeaf: math * 8) == "mathematics")
    #expect(TopicLexicon.domainName(ofLeaf: cook * 8) == "food")
  }

  @Test func cacheChangesNothingButCost() {
    var cached = FeatureExtractor()
    let prompts = (0..<50).map { "Explain topic \($0 % 7) step by step, case \($0 % 3)" }
    for p in prompts + prompts {
      let a = cached.extract(p)
      let b = Self.features(p)
      #expect(a.exact == b.exact && a.lex == b.lex && a.meaning == b.meaning && a.leaf == b.leaf)
      #expect(a.reasoning.strength == b.reasoning.strength && a.tokenCount == b.tokenCount)
    }
  }

  @Test func emptyAndNilTextHaveNoFeatures() {
    var ex = FeatureExtractor(cacheSize: 1)
    #expect(!ex.extract(nil).hasText)
    #expect(!ex.extract("").hasText)
    #expect(ex.extract(" ").hasText)
  }

  @Test func onlyTheBoundedPrefixIsRead() {
    let head = String(repeating: "alpha beta gamma ", count: 80)  // 1,360 bytes > textPrefixBytes
    let a = Self.features(head + "delta")
    let b = Self.features(head + "omega")
    #expect(a.lex == b.lex && a.meaning == b.meaning, "text past the prefix does not change the features")
    #expect(a.exact == b.exact, "same bounded prefix and same length")
  }
}
