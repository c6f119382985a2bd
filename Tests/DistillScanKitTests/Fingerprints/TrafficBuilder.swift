@testable import DistillScanKit

/// Small deterministic traffic builder for fingerprint unit tests: hand-built accounts whose
/// shape is known, fed through the same feature extraction as the pipeline.
struct TestRNG {
  var state: UInt64
  init(_ seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return StableHash.mix(state)
  }
  mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func double() -> Double { Double(next() >> 11) / Double(1 << 53) }
  mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
}

enum Vocab {
  static let topics = [
    "photosynthesis", "the french revolution", "quantum entanglement", "binary search trees", "inflation", "the krebs cycle",
    "contract law", "plate tectonics", "the roman empire", "neural networks", "supply and demand", "black holes", "vaccines",
    "the water cycle", "sql joins", "recursion", "game theory", "climate change", "impressionism", "the cold war",
    "compound interest", "protein folding", "encryption", "the immune system", "stoicism", "jazz history", "volcanoes",
    "machine translation", "tax deductions", "ocean currents", "the renaissance", "graph algorithms", "cognitive biases",
    "organic chemistry", "the electoral college", "probability theory", "baking bread", "marathon training", "haiku poetry",
    "kubernetes", "the silk road", "antibiotics", "derivatives pricing", "linear algebra", "urban planning", "ancient egypt",
  ]
  static let chatOpeners = [
    "hey can you help me understand", "i'm confused about", "what's the deal with", "quick question about",
    "my teacher mentioned", "explain like i'm five:", "could you summarize", "i read something weird about",
  ]
  static let followUps = ["thanks! and what about", "ok but why", "can you give an example of", "hmm, and how does that relate to"]
  static let products = ["SKU-88121 blue kettle 1.7L", "SKU-10293 usb-c hub 7 ports", "SKU-55120 trail shoes size 44", "SKU-77301 desk lamp LED"]
}

struct TrafficBuilder {
  var table = AccountTable()
  var rng: TestRNG
  var t0: Double = 1_771_000_000  // 2026-02-13
  var line = 0

  init(seed: UInt64 = 7) { rng = TestRNG(seed) }

  mutating func add(
    _ account: String, prompt: String?, at t: Double, system: String? = nil, turns: Int = 1, endUser: String? = nil,
    ip: String? = nil, ua: String? = nil, model: String = "model-a", output: Int? = 300, params: (inout RequestParams) -> Void = { _ in }
  ) {
    var r = LogRecord()
    r.account = account
    r.timestamp = t
    r.userTurn = prompt
    r.system = system
    r.turnCount = turns
    r.endUser = endUser
    r.ip = ip
    r.userAgent = ua
    r.model = model
    r.outputTokens = output
    line += 1
    r.requestID = "req-\(line)"
    r.source = SourceLocation(file: 0, line: line)
    params(&r.params)
    table.add(r)
  }

  /// Timestamps: automated (24/7 with jitter) or human (sessions in daytime of one time zone).
  mutating func times(_ n: Int, days: Double, human: Bool) -> [Double] {
    var out: [Double] = []
    if !human {
      let step = days * 86400 / Double(n)
      for i in 0..<n { out.append(t0 + Double(i) * step + rng.double() * step * 0.5) }
      return out
    }
    while out.count < n {
      let day = Double(rng.int(Int(days)))
      let hour = 9 + Double(rng.int(9))
      var t = t0 + day * 86400 + hour * 3600
      for _ in 0..<(3 + rng.int(6)) where out.count < n {
        t += 30 + rng.double() * 240
        out.append(t)
      }
    }
    return out.sorted()
  }

  func metrics(_ account: String) -> AccountMetrics {
    AccountMetrics(subject: account, profile: table.profiles[account]!)
  }

  var population: Population {
    Population(metrics: table.sortedAccounts.map { metrics($0) })
  }

  func score(_ fp: any Fingerprint, _ account: String) -> Double {
    fp.evaluate(metrics(account), population).score ?? -1
  }
}
