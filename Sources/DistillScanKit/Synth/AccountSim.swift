import Glibc

/// The hour being generated.
struct HourContext {
  var start: Double
  var index: Int
  var scale: Double
  var release: Double
}

/// One account's behaviour over time. State (cursors, counters) persists from hour to hour;
/// the account's own PRNG stream makes its output independent of every other account.
struct AccountSim {
  let a: SynthAccount
  let lib: PromptLibrary
  let catalog: ModelCatalog
  var r: SynthRandom
  /// Requests emitted so far (drives sweeps: task cursors, token cursors, item indices).
  var counter = 0
  var emitted = 0
  /// Per-account phrasing choices for harvesting scripts (a script keeps a few variants).
  let openers: [String]
  let suffixes: [String]
  let language: Int
  /// Eval harness runs: (start, benchmark 0=mmlu 1=gsm8k 2=code, requests, period, model).
  var runs: [(start: Double, bench: Int, count: Int, period: Double, model: String, offset: Int)] = []
  /// model_pivot: delay after the release and share of traffic moved to the new model.
  let pivotLag: Double
  let pivotShare: Double
  /// Automation style of this account's scripts: metronome with jitter, or Poisson arrivals.
  let regularTiming: Bool
  /// Fixed system prompt / task of apps and batch jobs.
  let appSystem: String
  let batchKind: Int
  /// The handful of questions a support app's users keep asking.
  let faqIntents: [String]
  let repo: (org: String, name: String, modules: [String])

  init(_ a: SynthAccount, lib: PromptLibrary, plan: SynthPlan, scale: Double) {
    self.a = a
    self.lib = lib
    catalog = ModelCatalog.forFormat(a.format)
    var r = SynthRandom(seed: a.seed)
    // Cluster members share their harvesting phrasing (same frames), others choose their own.
    var pr = a.cluster != nil ? SynthRandom(seed: a.clusterSeed) : r.derive(7)
    openers = (0..<2).map { _ in pr.pick(SynthText.harvestOpeners) }
    suffixes = (0..<3).map { _ in pr.pick(SynthText.harvestSuffixes) }
    language = pr.chance(0.5) ? 0 : pr.int(1...(SynthText.reasoningAsks.count - 1))
    pivotLag = r.double(1, 6) * 3600
    pivotShare = r.double(0.45, 0.7)
    regularTiming = r.chance(0.5)
    let company = r.pick(SynthText.companies)
    appSystem = """
      You are the virtual assistant of \(company). Answer customer questions using only the retrieved documents below. \
      If the documents do not contain the answer, say you will connect the customer with a human agent. Be concise and friendly. \
      Never reveal internal policy numbers.
      """
    batchKind = r.below(4)
    let product = SynthText.product(&r)
    faqIntents = [
      "how to return my \(product)", "where my order is", "how to reset my password", "the warranty on the \(product)",
      "how to change my delivery address", "why I was charged twice",
    ]
    repo = (r.pick(["acme", "globex", "initech", "umbrella", "hooli"]), r.pick(["billing-service", "mobile-app", "data-pipeline", "web-frontend", "infra-tools"]),
            (0..<6).map { _ in r.pick(["auth", "models", "api", "utils", "handlers", "storage", "config", "jobs", "ui", "metrics"]) })
    if a.scenario == .evalHarness {
      // Runs of a benchmark: each item once per run. Volume beyond a benchmark's size becomes
      // further runs on other models (a leaderboard sweep), so volume stays linear in `scale`.
      let nRuns = r.int(2...3)
      let allModels = catalog.chat + (a.format == .bedrock ? [] : catalog.completions)
      for i in 0..<nRuns {
        let bench = r.below(3)
        let pool = bench == 0 ? lib.mmlu.count * 4 : (bench == 1 ? lib.gsm8k.count : lib.codeBench.count)
        let total = max(20, Int(Double(r.int(300...1500)) * scale))
        var start = plan.windowStart + r.double(0, Double(plan.hours) * 3600 * 0.8)
        let period = r.double(0.15, 0.6)
        let parts = (total + pool - 1) / pool
        for part in 0..<parts {
          var model: String
          if i == nRuns - 1 && part == 0 {
            // Evaluators test a new model on day one: a benign "pivot".
            start = plan.release + r.double(2, 12) * 3600
            model = catalog.newModel
          } else if bench == 1 || a.format == .bedrock {
            model = part == 0 ? a.models[0] : allModels[(i + part) % allModels.count]
          } else {
            model = part == 0 ? r.pick(catalog.completions) : allModels[(i + part) % allModels.count]
          }
          let count = total / parts
          runs.append((start, bench, count, period, model, r.below(max(1, pool))))
          start += Double(count) * period + r.double(60, 1800)
        }
      }
    }
    self.r = r
  }

  // MARK: Timing

  /// Human activity by local hour (mean 1 over the day).
  static let diurnal: [Double] = {
    let w: [Double] = [0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.25, 0.6, 1.1, 1.6, 1.8, 1.7, 1.3, 1.5, 1.7, 1.6, 1.4, 1.2, 1.0, 0.9, 0.8, 0.6, 0.35, 0.15]
    let m = w.reduce(0, +) / 24
    return w.map { $0 / m }
  }()

  func localWeight(_ t: Double, weekendFactor: Double = 0.4) -> Double {
    let local = t + a.tz * 3600
    let h = Int((local / 3600).rounded(.down)) % 24
    let dayNo = Int((local / 86400).rounded(.down))
    let weekday = (dayNo + 3) % 7  // 1970-01-01 was a Thursday: 0 = Monday
    return Self.diurnal[(h + 24) % 24] * (weekday >= 5 ? weekendFactor : 1)
  }

  /// Session start times in the hour for a human-paced account with `perDay` sessions a day.
  mutating func sessionStarts(_ c: HourContext, perDay: Double, weekend: Double = 0.4) -> [Double] {
    let mean = perDay / 24 * localWeight(c.start + 1800, weekendFactor: weekend) * c.scale * a.volume
    return (0..<r.poisson(mean)).map { _ in c.start + r.double(0, 3600) }.sorted()
  }

  /// Automation: `perHour` requests, Poisson or metronome-with-jitter.
  mutating func automation(_ c: HourContext, perHour: Double, regular: Bool) -> [Double] {
    let n = r.poisson(perHour * c.scale * a.volume)
    if n == 0 { return [] }
    if regular {
      let p = 3600 / Double(n)
      return (0..<n).map { c.start + (Double($0) + 0.5 + r.double(-0.1, 0.1)) * p }
    }
    return (0..<n).map { _ in c.start + r.double(0, 3600) }.sorted()
  }

  /// Think time between a reply and the next human turn.
  mutating func thinkTime() -> Double { min(1800, 8 + r.logNormal(median: 45, sigma: 0.8)) }

  // MARK: Building blocks

  mutating func base(_ t: Double) -> SynthRequest {
    var q = SynthRequest(ts: t, account: a.index)
    q.requestID = a.format == .openai ? "chatcmpl-" + r.hex(24) : r.uuid()
    q.keyIndex = r.below(a.apiKeys.count)
    q.ip = a.ips[r.below(a.ips.count)]
    q.userAgent = a.userAgents[r.below(a.userAgents.count)]
    q.model = a.models[r.below(a.models.count)]
    q.seq = counter
    counter += 1
    return q
  }

  mutating func finish(_ q: inout SynthRequest, out: inout [SynthRequest], outputMedian: Double, sigma: Double = 0.6) {
    var chars = q.prompt.utf8.count + (q.system?.utf8.count ?? 0)
    for m in q.history { chars += m.text.utf8.count }
    q.inputTokens = max(1, chars / 4 + 8 * (q.history.count + 1))
    if q.outputTokens == 0 {
      q.outputTokens = max(1, Int(r.logNormal(median: outputMedian, sigma: sigma)))
      if let m = q.maxTokens { q.outputTokens = min(q.outputTokens, m) }
    }
    q.success = r.chance(0.996)
    if !q.success { q.outputTokens = 0 }
    q.output = q.outputTokens <= 2 ? r.pick([" A", " B", " the", " Yes", " 4", " C", " D"]) : filler(min(q.outputTokens * 4, 600))
    out.append(q)
    emitted += 1
  }

  /// Plausible response text of about `len` bytes, stitched from pool text.
  mutating func filler(_ len: Int) -> String {
    var s = ""
    while s.utf8.count < len {
      let piece = r.chance(0.5) ? lib.humanSingle[r.below(lib.humanSingle.count)] : lib.instructionSeeds[r.below(lib.instructionSeeds.count)]
      s += piece
      s += " "
    }
    return String(s.unicodeScalars.prefix(len))
  }

  mutating func humanPrompt() -> String {
    let p = r.chance(0.2) ? lib.searchQueries[r.below(lib.searchQueries.count)] : lib.humanSingle[r.below(lib.humanSingle.count)]
    return r.chance(0.4) ? SynthText.humanize(p, &r) : p
  }

  /// Chat defaults of SDK users: mostly unset, sometimes a fixed temperature.
  mutating func chatParams(_ q: inout SynthRequest) {
    if r.chance(0.4) { q.temperature = r.pick([0.7, 1, 0.5, 0.2]) }
    if r.chance(0.6) { q.stream = true }
    if r.chance(0.3) { q.maxTokens = r.pick([1024, 2048, 4096, 800]) }
  }

  // MARK: Harvesting content (shared by several attack scenarios)

  mutating func coverageItem(cursor: Int, rr: inout SynthRandom) -> String {
    let lib = self.lib
    let opener = openers[rr.below(openers.count)]
    let suffix = suffixes[rr.below(suffixes.count)]
    // Walk the task taxonomy in order: each task is filled with several inputs on many topics.
    if rr.chance(0.6) {
      let task = lib.taskDefinitions[(cursor / 5) % lib.taskDefinitions.count]
      let input = rr.chance(0.5) ? lib.humanSingle[rr.below(lib.humanSingle.count)] : "A text about \(rr.pick(SynthText.topics)): " + lib.instructionSeeds[rr.below(lib.instructionSeeds.count)]
      return opener + task + "\n\nInput: " + input + suffix
    }
    let t = lib.templates[(cursor / 4) % lib.templates.count]
    return opener + SynthText.fillTemplate(t.text, &rr) { x in
      x.chance(0.5) ? lib.humanSingle[x.below(lib.humanSingle.count)] : x.pick(SynthText.topics)
    } + suffix
  }

  mutating func reasoningItem(rr: inout SynthRandom) -> String {
    let lib = self.lib
    let lang = rr.chance(0.7) ? language : rr.below(SynthText.reasoningAsks.count)
    let q: String
    let answer: String
    switch rr.below(4) {
    case 0:
      q = lib.gsm8k[rr.below(lib.gsm8k.count)]
      answer = String(rr.int(2...5000))
    case 1:
      let m = lib.mmlu[rr.below(lib.mmlu.count)]
      q = m.text
      answer = rr.pick(["A", "B", "C", "D"])
    case 2:
      q = lib.humanSingle[rr.below(lib.humanSingle.count)]
      answer = lib.instructionSeeds[rr.below(lib.instructionSeeds.count)]
    default:
      q = lib.codeBench[rr.below(lib.codeBench.count)]
      answer = "the function shown passes all tests"
    }
    let opener = openers[rr.below(openers.count)]
    if rr.chance(0.4) {
      let frames = SynthText.rationalizeFrames[min(lang, SynthText.rationalizeFrames.count - 1)].1
      return opener + rr.pick(frames).replacing("%Q", with: q).replacing("%A", with: answer)
    }
    let ask = rr.pick(SynthText.reasoningAsks[lang].1)
    return rr.chance(0.5) ? opener + q + "\n\n" + ask : opener + ask + "\n\n" + q
  }

  mutating func paraphraseItem(cursor: Int, rr: inout SynthRandom) -> String {
    // Families of real re-wordings, or our own frames around one request.
    if rr.chance(0.6) {
      let fam = lib.paraphraseFamilies[(cursor / 8) % lib.paraphraseFamilies.count]
      return fam[cursor % fam.count]
    }
    var br = SynthRandom(seed: UInt64(cursor / 8) &* 0x9E37_79B9 ^ a.seed)
    let subject = lib.humanSingle[br.below(lib.humanSingle.count)]
    let frame = SynthText.paraphraseFrames[(cursor + rr.below(3)) % SynthText.paraphraseFrames.count]
    return frame.replacing("%@", with: subject)
  }

  /// A harvesting request of the given kind (0 coverage, 1 reasoning, 2 paraphrase).
  /// `cursor` positions the sweep (default: this account's request counter; cluster members pass
  /// the cluster stream's index so that together they walk the taxonomy once).
  mutating func harvest(_ t: Double, kind: Int, out: inout [SynthRequest], model: String? = nil, cursor: Int? = nil, rr: inout SynthRandom) {
    var q = base(t)
    if let model { q.model = model }
    let cursor = cursor ?? q.seq
    switch kind {
    case 0: q.prompt = coverageItem(cursor: cursor, rr: &rr)
    case 1:
      q.prompt = reasoningItem(rr: &rr)
      if rr.chance(0.3) { q.thinkingBudget = rr.pick([16000, 32000, 24576]) }
    default: q.prompt = paraphraseItem(cursor: cursor, rr: &rr)
    }
    if rr.chance(0.5) { q.system = a.cluster != nil ? "You are a senior data analyst. Provide complete, expert-level answers." : nil }
    if kind == 0, rr.chance(0.15) {
      // Orca-style harvesting: an explanation-forcing system prompt on a FLAN question.
      let pair = lib.orca[rr.below(lib.orca.count)]
      q.system = pair.system
      q.prompt = pair.text
    }
    q.temperature = rr.pick([0.7, 1.0, 0.8])
    q.maxTokens = rr.pick([2048, 4096, 8192])
    // Some scripts sample several completions per prompt to harvest output diversity.
    if kind == 0, a.scenario == .coverageSweep, a.index % 2 == 0 {
      q.n = 4
      q.temperature = 1
    }
    if kind == 1, let b = q.thinkingBudget { q.maxTokens = b + 4096 }
    finish(&q, out: &out, outputMedian: kind == 1 ? 1400 : 900)
  }

  // MARK: The hour

  mutating func hour(_ c: HourContext, into out: inout [SynthRequest]) {
    let before = out.count
    switch a.scenario {
    case .chatUser: chat(c, perDay: 1.6, out: &out)
    case .ragApp: rag(c, out: &out)
    case .batchJob: batch(c, out: &out)
    case .evalHarness: eval(c, out: &out)
    case .researcherLogprobs: researcher(c, out: &out)
    case .codingAgent: coding(c, out: &out)
    case .enterpriseHeavy: enterprise(c, out: &out)
    case .coverageSweep: sweep(c, perHour: 30, kinds: [0.85, 0.1, 0.05], out: &out)
    case .logitHarvest: logit(c, out: &out)
    case .paraphraseSweep: sweep(c, perHour: 30, kinds: [0.05, 0.05, 0.9], out: &out)
    case .reasoningElicitation: sweep(c, perHour: 25, kinds: [0.1, 0.9, 0], out: &out)
    case .hydraCluster: hydra(c, out: &out)
    case .modelPivot: pivot(c, out: &out)
    case .lowAndSlow: lowSlow(c, out: &out)
    }
    // Every truth account must appear in the logs: emit one typical request at the anchor.
    if emitted == 0, out.count == before, a.anchor >= c.start, a.anchor < c.start + 3600 {
      var q = base(a.anchor)
      var rr = r.derive(UInt64(counter))
      q.prompt = a.scenario.isAttack ? coverageItem(cursor: counter, rr: &rr) : humanPrompt()
      finish(&q, out: &out, outputMedian: 300)
    }
  }

  mutating func chat(_ c: HourContext, perDay: Double, out: inout [SynthRequest]) {
    for s in sessionStarts(c, perDay: perDay, weekend: 1.1) {
      var turns: [String]
      if r.chance(0.55) {
        let conv = lib.conversations[r.below(lib.conversations.count)]
        turns = Array(conv.prefix(r.int(1...conv.count)))
      } else if r.chance(0.08) {
        // Homework help: people ask for step-by-step explanations too.
        turns = [lib.gsm8k[r.below(lib.gsm8k.count)] + " " + r.pick(["can you explain step by step?", "show me how to solve it step by step pls", "i dont get it, walk me through it"])]
        turns.append(r.pick(SynthText.followUps))
      } else {
        turns = [humanPrompt()]
        for _ in 0..<(r.geometric(mean: 2.2) - 1) { turns.append(r.pick(SynthText.followUps)) }
      }
      var t = s
      var history: [SynthMessage] = []
      let system: String? = r.chance(0.25) ? (r.chance(0.5) ? lib.personas[r.below(lib.personas.count)] : "You are a helpful assistant.") : nil
      for turn in turns.prefix(14) {
        var q = base(t)
        q.system = system
        q.history = history
        q.prompt = r.chance(0.3) ? SynthText.humanize(turn, &r) : turn
        chatParams(&q)
        finish(&q, out: &out, outputMedian: 320)
        history.append(SynthMessage(role: .user, text: String(turn.prefix(300))))
        history.append(SynthMessage(role: .assistant, text: String(q.output.prefix(300))))
        t += Double(q.outputTokens) / 60 + thinkTime()
      }
    }
  }

  mutating func rag(_ c: HourContext, out: inout [SynthRequest]) {
    for s in sessionStarts(c, perDay: 160, weekend: 0.7) {
      let user = "eu-" + String(r.below(5000), radix: 16)
      var t = s
      var history: [SynthMessage] = []
      for _ in 0..<min(6, r.geometric(mean: 1.7)) {
        var q = base(t)
        q.endUser = user
        q.system = appSystem
        var ctx = ""
        for _ in 0..<r.int(2...4) {
          let doc = r.below(400)
          ctx += "[doc \(doc)] " + lib.humanSingle[(doc * 7919) % lib.humanSingle.count] + " Policy section \(doc % 17).\(doc % 9): items may be returned within \(14 + doc % 30) days.\n"
        }
        let question: String
        if r.chance(0.3) {
          // FAQ traffic: different end users word the same few questions differently — a
          // benign look-alike of paraphrase sweeps.
          let intent = faqIntents[r.below(faqIntents.count)]
          question = SynthText.humanize(r.pick(SynthText.paraphraseFrames).replacing("%@", with: intent), &r)
        } else if r.chance(0.5) {
          question = humanPrompt()
        } else {
          let product = SynthText.product(&r)
          question = "how do I return my \(product)?"
        }
        q.prompt = "Retrieved documents:\n" + ctx + "\nCustomer question: " + question
        q.history = history
        q.temperature = 0.2
        q.maxTokens = 512
        finish(&q, out: &out, outputMedian: 160)
        history.append(SynthMessage(role: .user, text: String(question.prefix(300))))
        history.append(SynthMessage(role: .assistant, text: String(q.output.prefix(200))))
        t += thinkTime()
      }
    }
  }

  mutating func batch(_ c: HourContext, out: inout [SynthRequest]) {
    // Nightly job at 01:00–03:59 local, a few hours at a metronome rate, on the customer's own data.
    let local = c.start + a.tz * 3600
    let lh = Int((local / 3600).rounded(.down)) % 24
    let day = Int((local / 86400).rounded(.down))
    var dr = SynthRandom(seed: a.seed).derive(UInt64(day))
    let startHour = 1 + dr.below(3)
    let length = 1 + dr.below(2)
    guard dr.chance(0.9), lh >= startHour, lh < startHour + length else { return }
    let perHour = dr.double(300, 900) * c.scale * a.volume
    let n = Int(perHour)
    let p = 3600 / Double(max(1, n))
    for i in 0..<n {
      var q = base(c.start + (Double(i) + r.double(-0.05, 0.05)) * p)
      let id = 100_000 + day * 10_000 + (lh - startHour) * 2000 + i
      switch batchKind {
      case 0:
        q.prompt = "Classify the following support ticket into exactly one of: billing, shipping, returns, technical, other.\nTicket #\(id) from \(SynthText.name(&r)) (\(r.pick(SynthText.cities))): My \(SynthText.product(&r)) \(r.pick(["arrived damaged", "was charged twice", "never arrived", "stopped working after a week", "is missing a part"])). Order \(r.int(1_000_000...9_999_999)).\nAnswer with the label only."
        q.maxTokens = 5
      case 1:
        q.prompt = "Translate the following product description into \(r.pick(["German", "French", "Spanish", "Japanese"])). Keep the SKU unchanged.\n\n\(SynthText.product(&r)): \(r.pick(SynthText.productAdjectives)) design, \(r.int(1...5)) year warranty, ships from \(r.pick(SynthText.cities))."
        q.maxTokens = 300
      case 2:
        q.prompt = "Extract invoice fields as JSON {vendor, date, total, currency}.\nInvoice INV-\(id): \(r.pick(SynthText.companies)), issued 2026-0\(r.int(1...2))-\(r.int(10...28)), total \(r.int(20...9000)).\(r.int(10...99)) EUR, customer \(SynthText.name(&r))."
        q.maxTokens = 120
        q.jsonOutput = true
      default:
        q.prompt = "Rate the sentiment of this review from 1 to 5. Reply with the number only.\nReview \(id) by \(SynthText.name(&r)): \(lib.humanSingle[r.below(lib.humanSingle.count)].prefix(160))"
        q.maxTokens = 2
      }
      q.system = nil
      q.temperature = 0
      if a.index % 3 == 0 { q.endpoint = .batch }
      finish(&q, out: &out, outputMedian: Double(q.maxTokens ?? 10) * 0.6, sigma: 0.3)
    }
  }

  mutating func eval(_ c: HourContext, out: inout [SynthRequest]) {
    for run in runs {
      let end = run.start + Double(run.count) * run.period
      guard end > c.start, run.start < c.start + 3600 else { continue }
      let first = max(0, Int(((c.start - run.start) / run.period).rounded(.up)))
      var k = first
      while k < run.count {
        let t = run.start + Double(k) * run.period
        if t >= c.start + 3600 { break }
        var q = base(t)
        q.model = run.model
        q.seed = 1234
        q.temperature = 0
        let item = run.offset + k
        switch run.bench {
        case 0:
          // lm-eval-harness log-likelihood: one request per answer choice, echo + logprobs.
          let m = lib.mmlu[(item / 4) % lib.mmlu.count]
          let letter = ["A", "B", "C", "D"][item % 4]
          q.prompt = m.header + "\n\n" + m.text + "\nAnswer: " + letter
          if a.format != .bedrock { q.endpoint = .completions }
          q.echo = true
          q.logprobs = true
          q.topLogprobs = 1
          q.maxTokens = 1
        case 1:
          q.prompt = "Question: " + lib.gsm8k[item % lib.gsm8k.count] + "\nAnswer: Let's think step by step."
          q.maxTokens = 256
        default:
          q.prompt = lib.codeBench[item % lib.codeBench.count]
          if a.format != .bedrock { q.endpoint = .completions }
          q.temperature = 0.2
          q.maxTokens = 512
        }
        finish(&q, out: &out, outputMedian: run.bench == 0 ? 1 : 180)
        k += 1
      }
    }
  }

  mutating func researcher(_ c: HourContext, out: inout [SynthRequest]) {
    // Calibration study: script runs during working hours on public MCQs; a small FIXED set of
    // biased answer-letter token ids (never rotated).
    let letters = a.format == .bedrock ? [65, 66, 67, 68] : [32, 33, 34, 35]
    var br = SynthRandom(seed: a.seed).derive(9)
    let bias = br.int(1...5)
    for s in sessionStarts(c, perDay: 1.5) {
      let n = r.int(20...150)
      var t = s
      let offset = r.below(lib.mmlu.count)
      for i in 0..<n {
        var q = base(t)
        let m = lib.mmlu[(offset + i / 3) % lib.mmlu.count]
        q.prompt = m.header + "\n\n" + m.text + "\nAnswer with a single letter."
        q.maxTokens = 1
        q.logprobs = true
        q.topLogprobs = r.pick([5, 10, 20])
        q.logitBias = letters.map { ($0, bias) }
        q.temperature = r.chance(0.5) ? 0 : 1
        finish(&q, out: &out, outputMedian: 1)
        t += r.double(0.8, 2.5)
      }
    }
  }

  mutating func coding(_ c: HourContext, out: inout [SynthRequest]) {
    let tools = ["read_file", "write_file", "edit_file", "run_shell", "search_code", "list_dir", "run_tests", "git_diff"]
    let system = """
      You are an autonomous coding agent working in the repository \(repo.org)/\(repo.name). Use the tools to inspect \
      and edit files. Think step by step before each tool call, and explain your plan briefly. Never push to main.
      """
    for s in sessionStarts(c, perDay: 3, weekend: 0.2) {
      let module = r.pick(repo.modules)
      let task: String = r.chance(0.4) ? lib.codeBench[r.below(lib.codeBench.count)] :
        r.pick(["fix the failing test in tests/test_\(module).py", "add pagination to the \(module) endpoint",
                "refactor src/\(repo.name)/\(module)/__init__.py to remove the circular import",
                "why does `make build` fail after my last commit?", "write unit tests for src/\(module)/service.py"])
      var t = s
      var history: [SynthMessage] = [SynthMessage(role: .user, text: task)]
      let steps = r.int(4...35)
      for step in 0..<steps {
        var q = base(t)
        q.system = system
        q.tools = tools
        q.stream = true
        q.maxTokens = 8192
        if r.chance(0.2) { q.thinkingBudget = 4096 }
        if step == 0 {
          q.prompt = task
          q.history = []
        } else {
          // Tool results: repository-specific file content or command output.
          let file = "src/\(repo.name)/\(r.pick(repo.modules))/\(r.pick(["service", "models", "views", "client", "handlers"])).py"
          var body = "tool_result(\(r.pick(tools))): \(file)\n"
          let lines = r.chance(0.01) ? 2600 : r.int(5...40)  // occasionally a whole large file (>100 KB)
          for l in 0..<lines {
            body += "\(l + 1)  def \(r.pick(repo.modules))_\(r.pick(["load", "save", "parse", "validate", "render"]))_\(l)(self, \(r.pick(["request", "payload", "ctx", "items"]))): return self._\(r.pick(repo.modules))[\(l)]\n"
          }
          q.prompt = body
          q.history = Array(history.suffix(24))
        }
        finish(&q, out: &out, outputMedian: 220)
        history.append(SynthMessage(role: .assistant, text: "tool_call: " + r.pick(tools)))
        history.append(SynthMessage(role: .tool, text: String(q.prompt.prefix(200))))
        // Agent bursts seconds apart; sometimes the human reviews before continuing.
        t += r.chance(0.12) ? thinkTime() * 2 : r.double(2, 15)
      }
    }
  }

  mutating func enterprise(_ c: HourContext, out: inout [SynthRequest]) {
    let perHour = 22 * localWeight(c.start + 1800, weekendFactor: 0.35) + 4
    for t in automation(c, perHour: perHour, regular: false) {
      var q = base(t)
      q.endUser = "emp-" + String(r.below(1500), radix: 16)
      switch r.below(5) {
      case 0:
        q.prompt = humanPrompt()
        chatParams(&q)
      case 1:
        q.system = "Summarize internal documents for \(a.org). Output 3 bullet points."
        q.prompt = "Summarize this memo:\n" + filler(r.int(400...1600))
        q.temperature = 0.3
      case 2:
        q.prompt = "Classify this email as urgent/normal/spam: " + lib.humanSingle[r.below(lib.humanSingle.count)]
        q.temperature = 0
        q.maxTokens = 3
        // A constant token ban list (benign logit_bias use: the same ids every time).
        if a.index % 2 == 0 { q.logitBias = [(1734, -100), (9642, -100), (27_706, -100)] }
      case 3:
        q.system = "You are a code assistant for \(a.org) engineers."
        q.prompt = lib.codeBench[r.below(lib.codeBench.count)]
      default:
        q.prompt = "Translate to \(r.pick(["German", "Japanese", "Portuguese"])): " + lib.humanSingle[r.below(lib.humanSingle.count)]
      }
      // Enterprises adopt a new model slowly and partially.
      if t > c.release + 86400 * 0.5, r.chance(0.08) { q.model = catalog.newModel }
      finish(&q, out: &out, outputMedian: 250)
    }
  }

  mutating func sweep(_ c: HourContext, perHour: Double, kinds: [Double], out: inout [SynthRequest], model: String? = nil) {
    for t in automation(c, perHour: perHour, regular: regularTiming) {
      var rr = r.derive(UInt64(counter))
      harvest(t, kind: rr.weighted(kinds), out: &out, model: model, rr: &rr)
      _ = r.next()
    }
  }

  mutating func logit(_ c: HourContext, out: inout [SynthRequest]) {
    // openlogprobs-style extraction, in blocks of 600 requests per fixed prompt:
    // 420 requests rotate logit_bias (+100) through consecutive vocabulary ids (max_tokens=1,
    // top_logprobs=20), then 18 tokens × 10 requests binary-search one token's bias (doubling,
    // then bisection) until it becomes the argmax.
    let nPrompts = 24
    let vocab = a.format == .bedrock ? 50_000 : 100_000
    let perCall = a.index % 2 == 0 ? 1 : 8
    let searchSteps = [5, 10, 20, 40, 80, 60, 50, 45, 47, 46]
    for t in automation(c, perHour: 80, regular: true) {
      var q = base(t)
      let k = q.seq
      let block = k / 600
      let j = k % 600
      let promptNo = block % nPrompts
      q.prompt = String(lib.humanSingle[(promptNo * 104_729) % lib.humanSingle.count].prefix(200))
      q.maxTokens = 1
      if a.format == .bedrock { q.model = catalog.likelihood }
      let offset = (block * 7919) % vocab
      if j < 420 {
        let first = (offset + j * perCall) % vocab
        q.logitBias = (0..<perCall).map { ((first + $0) % vocab, 100) }
        q.logprobs = true
        q.topLogprobs = a.format == .bedrock ? nil : 20
        q.temperature = 1
      } else {
        let token = (offset + 50_021 * ((j - 420) / 10)) % vocab
        q.logitBias = [(token, searchSteps[(j - 420) % 10])]
        q.temperature = 0
      }
      if a.format != .bedrock && a.index % 3 == 0 {
        q.endpoint = .completions
        q.model = catalog.completions[0]
      }
      finish(&q, out: &out, outputMedian: 1)
    }
  }

  mutating func hydra(_ c: HourContext, out: inout [SynthRequest]) {
    // The cluster's merged stream is a load-balanced metronome; member i takes every n-th request.
    var cr = SynthRandom(seed: a.clusterSeed).derive(UInt64(c.index))
    let total = Int(Double(a.clusterSize) * 9 * c.scale * cr.double(0.85, 1.15))
    let p = 3600 / Double(max(1, total))
    for i in 0..<total {
      let t = c.start + (Double(i) + 0.5 + cr.double(-0.08, 0.08)) * p
      var er = cr.derive(UInt64(i))
      guard (i + c.index) % a.clusterSize == a.clusterPos else { continue }
      let pivoted = t > c.release + 3 * 3600 && er.chance(0.5)
      harvest(t, kind: er.chance(0.6) ? 0 : 1, out: &out, model: pivoted ? catalog.newModel : nil, cursor: c.index * total + i, rr: &er)
    }
    // Each member also blends in ordinary-looking traffic.
    chat(c, perDay: 3, out: &out)
  }

  mutating func pivot(_ c: HourContext, out: inout [SynthRequest]) {
    for t in automation(c, perHour: 30, regular: false) {
      var rr = r.derive(UInt64(counter))
      let moved = t > c.release + pivotLag && rr.chance(pivotShare)
      harvest(t, kind: rr.chance(0.6) ? 0 : 1, out: &out, model: moved ? catalog.newModel : nil, rr: &rr)
      _ = r.next()
    }
  }

  mutating func lowSlow(_ c: HourContext, out: inout [SynthRequest]) {
    // Human-looking sessions; about 40% of requests are harvesting frames.
    for s in sessionStarts(c, perDay: 4, weekend: 0.8) {
      var t = s
      for _ in 0..<r.int(2...8) {
        if r.chance(0.4) {
          var rr = r.derive(UInt64(counter))
          harvest(t, kind: rr.below(3), out: &out, rr: &rr)
        } else {
          var q = base(t)
          q.prompt = humanPrompt()
          chatParams(&q)
          finish(&q, out: &out, outputMedian: 300)
        }
        t += thinkTime()
      }
    }
  }
}
