import Foundation
import Testing

@testable import DistillScanKit

/// Each fingerprint on hand-built accounts that must fire, and on the hard negatives that must not
/// (detection-methods §7).
@Suite struct FingerprintTests {
  // MARK: logit-harvest

  @Test func logitBiasSweepFires() {
    var b = TrafficBuilder()
    let prompts = (0..<15).map { "Complete the sentence: The capital of country number \($0) is" }
    for (i, t) in b.times(600, days: 1, human: false).enumerated() {
      let tok = b.rng.int(50_000)
      let bias = Double(b.rng.int(200) - 100)
      b.add("harvester", prompt: prompts[i % prompts.count], at: t, output: 1) { p in
        p.maxTokens = 1
        p.topLogprobs = 5
        p.logprobs = true
        p.logitBias = [LogitBiasEntry(token: tok, bias: bias)]
        p.logitBiasCount = 1
      }
    }
    #expect(b.score(LogitHarvestFingerprint(), "harvester") > 0.8)
  }

  @Test func researcherWithFixedSmallBiasSetDoesNotFire() {
    var b = TrafficBuilder()
    for (i, t) in b.times(800, days: 2, human: true).enumerated() {
      b.add("researcher", prompt: "Question \(i): which option is correct about \(b.rng.pick(Vocab.topics))? A) B) C) D)", at: t, output: 1) { p in
        p.maxTokens = 1
        p.topLogprobs = 5
        p.logprobs = true
        p.logitBias = [32, 33, 34, 35].map { LogitBiasEntry(token: $0, bias: 5) }
        p.logitBiasCount = 4
      }
    }
    #expect(b.score(LogitHarvestFingerprint(), "researcher") < 0.2)
  }

  @Test func evalHarnessScoringDoesNotFire() {
    var b = TrafficBuilder()
    for (i, t) in b.times(3000, days: 0.5, human: false).enumerated() {
      b.add("harness", prompt: "Question: benchmark item \(i) about \(b.rng.pick(Vocab.topics))?\nAnswer:", at: t, output: 1) { p in
        p.maxTokens = 1
        p.logprobs = true
        p.topLogprobs = 1
        p.echo = true
        p.temperature = 0
        p.seed = 1234
      }
    }
    #expect(b.score(LogitHarvestFingerprint(), "harness") < 0.3)
    #expect(b.score(CoverageFingerprint(), "harness") < 0.35)
  }

  // MARK: coverage

  @Test func templatedTaxonomySweepFires() {
    var b = TrafficBuilder()
    let frames = [
      "Write a detailed tutorial about %@ for an advanced audience, with examples.",
      "You are an expert. Answer thoroughly: what are the key open problems in %@?",
      "Generate five exam questions with full solutions on %@.",
      "Compare and contrast two competing theories in %@ and give your verdict.",
    ]
    for (i, t) in b.times(2400, days: 2, human: false).enumerated() {
      let topic = Vocab.topics[i % Vocab.topics.count] + " (aspect \(i / Vocab.topics.count))"
      b.add("sweeper", prompt: frames[i % frames.count].replacingOccurrences(of: "%@", with: topic), at: t, output: 700)
    }
    #expect(b.score(CoverageFingerprint(), "sweeper") > 0.5)
  }

  @Test func batchJobWithOneTemplateOnCustomerDataStaysLow() {
    var b = TrafficBuilder()
    for (i, t) in b.times(3000, days: 1, human: false).enumerated() {
      let product = "\(b.rng.pick(Vocab.products)) order #\(100_000 + i) customer C-\(b.rng.int(90_000))"
      b.add("batch", prompt: "Classify the sentiment of this support ticket as positive, negative or neutral: \(product) arrived damaged", at: t, output: 2) { p in
        p.temperature = 0
      }
    }
    #expect(b.score(CoverageFingerprint(), "batch") < 0.3)
  }

  @Test func ragAppWithManyEndUsersStaysLow() {
    var b = TrafficBuilder()
    for (i, t) in b.times(3000, days: 2, human: true).enumerated() {
      let q = "\(b.rng.pick(Vocab.chatOpeners)) \(b.rng.pick(Vocab.topics))? context: [doc \(i % 50)] refund policy section"
      b.add("rag", prompt: q, at: t, system: "You are the helpful support assistant of Acme Corp. Use only the provided context.",
        turns: 1 + b.rng.int(4), endUser: "user-\(b.rng.int(800))")
    }
    #expect(b.score(CoverageFingerprint(), "rag") < 0.3)
    #expect(b.score(ParaphraseFingerprint(), "rag") < 0.3)
  }

  // MARK: paraphrase

  @Test func paraphraseSweepFires() {
    var b = TrafficBuilder()
    let wordings = [
      "Explain how %@ works.", "Can you describe the way %@ works?", "I want to understand %@: how does it work?",
      "Give me an explanation of the workings of %@.", "How exactly does %@ function?", "Walk me through how %@ operates.",
      "What is the mechanism behind %@?", "Please break down how %@ works in simple terms.",
    ]
    var i = 0
    for t in b.times(1600, days: 2, human: false) {
      let g = i / wordings.count
      let topic = Vocab.topics[g % Vocab.topics.count] + " in " + Vocab.topics[(g / Vocab.topics.count + g + 1) % Vocab.topics.count]
      b.add("rewriter", prompt: wordings[i % wordings.count].replacingOccurrences(of: "%@", with: topic), at: t)
      i += 1
    }
    let m = b.metrics("rewriter")
    #expect(b.score(ParaphraseFingerprint(), "rewriter") > 0.4, "paraphrase \(m.paraphrase) meaning \(m.meaningCollide) lex \(m.lexCollide) dup \(m.exactDupShare)")
  }

  @Test func diverseChatUserHasNoParaphrases() {
    var b = TrafficBuilder()
    for t in b.times(400, days: 3, human: true) {
      let q = "\(b.rng.pick(Vocab.chatOpeners)) \(b.rng.pick(Vocab.topics)) and \(b.rng.pick(Vocab.topics))"
      b.add("human", prompt: q, at: t, turns: 1 + b.rng.int(6))
    }
    #expect(b.score(ParaphraseFingerprint(), "human") < 0.2)
  }

  // MARK: reasoning-elicitation

  @Test func rationalisationPromptsFire() {
    var b = TrafficBuilder()
    let frames = [
      "Problem: %@. The correct answer is %d. Explain step by step the reasoning that leads to this answer.",
      "Here is a question about %@ and its final answer (%d). Write out the full thought process that arrives at it.",
      "Pregunta sobre %@. La respuesta es %d. Explica el razonamiento paso a paso.",
      "关于%@的问题。答案是%d。请给出详细的推理过程。",
    ]
    for (i, t) in b.times(1200, days: 1, human: false).enumerated() {
      let p = frames[i % frames.count].replacingOccurrences(of: "%@", with: b.rng.pick(Vocab.topics))
        .replacingOccurrences(of: "%d", with: String(b.rng.int(1000)))
      b.add("cot", prompt: p, at: t, output: 900)
    }
    #expect(b.score(ReasoningElicitationFingerprint(), "cot") > 0.6)
  }

  @Test func codingAgentWithInjectedThinkStepByStepStaysLow() {
    var b = TrafficBuilder()
    for (i, t) in b.times(1500, days: 2, human: true).enumerated() {
      b.add("agent", prompt: "Think step by step. Fix the failing test in src/module\(i % 40).swift: \(b.rng.pick(Vocab.topics))", at: t,
        system: "You are a coding agent with repository tools.", turns: 4 + b.rng.int(20)) { p in p.toolCount = 6 }
    }
    #expect(b.score(ReasoningElicitationFingerprint(), "agent") < 0.3)
  }

  /// A few reasoning and rationalisation requests, consistently, inside a small human-paced
  /// account of otherwise ordinary single-turn questions, with long written-out answers.
  static func lowAndSlow(_ b: inout TrafficBuilder, _ account: String, requests: Int, every: Int, traceTokens: Int) {
    for (i, t) in b.times(requests, days: 2, human: true).enumerated() {
      let topic = b.rng.pick(Vocab.topics)
      if i % every == 0 {
        let p = i % (2 * every) == 0
          ? "Problem about \(topic). The correct answer is \(b.rng.int(1000)). Explain step by step the reasoning that leads to this answer."
          : "Think step by step and show your full reasoning before answering: why does \(topic) matter?"
        b.add(account, prompt: p, at: t, output: traceTokens)
      } else {
        b.add(account, prompt: "\(b.rng.pick(Vocab.chatOpeners)) \(topic)", at: t, output: 250)
      }
    }
  }

  @Test func lowAndSlowReasoningHarvestIsALead() {
    var b = TrafficBuilder()
    // 6 of 30 and 12 of 60: the same consistent share, so the small account is not gated away.
    Self.lowAndSlow(&b, "small", requests: 30, every: 5, traceTokens: 1200)
    Self.lowAndSlow(&b, "larger", requests: 60, every: 5, traceTokens: 1200)
    let small = b.score(ReasoningElicitationFingerprint(), "small")
    let larger = b.score(ReasoningElicitationFingerprint(), "larger")
    #expect(small > 0.4, "small \(small)")
    #expect(larger > 0.5, "larger \(larger)")
    #expect(small <= 0.6 && larger <= 0.6, "a lead for review, capped below the bulk case")
  }

  @Test func occasionalReasoningAskInSmallAccountsStaysLow() {
    var b = TrafficBuilder()
    // Two "explain step by step" questions out of five: too few requests to say anything.
    Self.lowAndSlow(&b, "tiny", requests: 5, every: 3, traceTokens: 1200)
    // One in twelve over 60 requests: an ordinary user who sometimes asks for the working.
    Self.lowAndSlow(&b, "occasional", requests: 60, every: 12, traceTokens: 1200)
    #expect(b.score(ReasoningElicitationFingerprint(), "tiny") < 0.05)
    #expect(b.score(ReasoningElicitationFingerprint(), "occasional") < 0.15)
  }

  @Test func homeworkHelpInConversationsStaysLow() {
    var b = TrafficBuilder()
    for (i, t) in b.times(80, days: 3, human: true).enumerated() {
      let p = i % 4 == 0
        ? "can you explain step by step how to solve this: \(b.rng.pick(Vocab.topics)) problem \(i)"
        : "\(b.rng.pick(Vocab.followUps)) \(b.rng.pick(Vocab.topics))"
      b.add("student", prompt: p, at: t, turns: i % 4 == 0 ? 1 : 2 + b.rng.int(6), output: 600)
    }
    #expect(b.score(ReasoningElicitationFingerprint(), "student") < 0.15)
  }

  /// Chain-of-thought benchmark scoring where the log has no seed field (Bedrock): the worked
  /// answers are one short paragraph, so there is little trace to harvest; the same prompts
  /// answered with long traces fire.
  @Test func chainOfThoughtBenchmarkWithShortAnswersStaysLow() {
    var b = TrafficBuilder()
    for (i, t) in b.times(1500, days: 0.5, human: false).enumerated() {
      let q = "Question: A shop sells \(i % 97 + 3) \(b.rng.pick(Vocab.topics)) kits at \(i % 13 + 2) dollars each. How much for all?\nAnswer: Let's think step by step."
      b.add("cot-eval", prompt: q, at: t, output: 170) { p in
        p.temperature = 0
        p.maxTokens = 256
      }
      b.add("cot-harvest", prompt: q, at: t + 3, output: 1400) { p in p.temperature = 0.8 }
    }
    let eval = b.score(ReasoningElicitationFingerprint(), "cot-eval")
    let harvest = b.score(ReasoningElicitationFingerprint(), "cot-harvest")
    #expect(eval < 0.2, "eval \(eval)")
    #expect(harvest > 0.8, "harvest \(harvest)")
  }

  @Test func wilsonLowerBound() {
    #expect(wilsonLower(0, 0) == 0)
    #expect(wilsonLower(0, 50) == 0)
    #expect(abs(wilsonLower(6, 27) - 0.153) < 0.002)
    #expect(abs(wilsonLower(18, 92) - 0.158) < 0.002)
    #expect(wilsonLower(1, 2) < 0.3, "one of two is not 50%")
    #expect(wilsonLower(50, 50) > 0.97 && wilsonLower(50, 50) < 1)
    // Same share, more requests: a tighter (higher) bound.
    #expect(wilsonLower(2, 10) < wilsonLower(20, 100))
    #expect(wilsonLower(20, 100) < wilsonLower(200, 1000))
    #expect(wilsonLower(200, 1000) < 0.2)
  }

  // MARK: automation

  @Test func roundTheClockTrafficIsAutomated() {
    var b = TrafficBuilder()
    for t in b.times(3000, days: 3, human: false) { b.add("bot", prompt: "ping \(t)", at: t) }
    for t in b.times(3000, days: 3, human: true) { b.add("person", prompt: "hello \(t)", at: t) }
    #expect(b.score(AutomationFingerprint(), "bot") > 0.6)
    #expect(b.score(AutomationFingerprint(), "person") < 0.2)
  }

  @Test func fanoFactorCountsIdleMinutes() throws {
    var b = TrafficBuilder()
    // Sparse random traffic (about one request per 10 minutes): Poisson-like, Fano ≈ 1 — not 0
    // just because no active minute has more than one request.
    for _ in 0..<400 { b.add("sparse", prompt: "q", at: b.t0 + Double(b.rng.int(4000 * 60))) }
    // A metronome: exactly two requests every minute.
    for m in 0..<600 {
      b.add("metronome", prompt: "q", at: b.t0 + Double(m * 60) + 5)
      b.add("metronome", prompt: "q", at: b.t0 + Double(m * 60) + 35)
    }
    let sparse = try #require(b.metrics("sparse").fano)
    let metronome = try #require(b.metrics("metronome").fano)
    #expect(sparse > 0.6 && sparse < 1.5, "sparse \(sparse)")
    #expect(metronome < 0.2, "metronome \(metronome)")
  }

  // MARK: model-pivot

  @Test func pivotToNewModelFires() {
    var b = TrafficBuilder()
    let release = b.t0 + 2 * 86400
    for t in b.times(2000, days: 4, human: false) {
      b.add("pivoter", prompt: "task \(t)", at: t, model: t < release + 1800 ? "model-a" : "model-new")
      b.add("steady", prompt: "task \(t)", at: t + 7, model: "model-a")
    }
    #expect(b.score(ModelPivotFingerprint(), "pivoter") > 0.6)
    #expect(b.score(ModelPivotFingerprint(), "steady") == 0)
  }

  // MARK: not evaluated

  @Test func contentFingerprintsReportNotEvaluatedWithoutText() {
    var b = TrafficBuilder()
    for t in b.times(50, days: 1, human: false) { b.add("meta-only", prompt: nil, at: t) }
    #expect(CoverageFingerprint().evaluate(b.metrics("meta-only"), b.population).score == nil)
    #expect(ReasoningElicitationFingerprint().evaluate(b.metrics("meta-only"), b.population).score == nil)
    // No sampling parameter anywhere (e.g. gateway logs without bodies): not evaluated, not 0.
    #expect(LogitHarvestFingerprint().evaluate(b.metrics("meta-only"), b.population).score == nil)
    // One explicit parameter is enough to evaluate (and find nothing).
    for t in b.times(5, days: 1, human: false) { b.add("with-params", prompt: nil, at: t) { $0.temperature = 0.7 } }
    #expect(LogitHarvestFingerprint().evaluate(b.metrics("with-params"), b.population).score == 0)
  }
}
