import Glibc

/// Real public prompt text used by `distillscan synth`, read at run time from the gzipped
/// JSON-lines sets described in `shared/data/prompts/SOURCES.md` (never copied into the repo).
///
/// Pools are grouped by how a scenario uses them, not by source file. When the directory is
/// absent, ``builtin()`` supplies a small generated stand-in so the tool still works (the
/// corpus is then less realistic; the committed fixtures were generated with the real sets).
public struct PromptLibrary: Sendable {
  /// A prompt template with `{slot}` / `{{slot}}` placeholders (FLAN, promptsource).
  public struct Template: Sendable {
    public var group: String
    public var text: String
  }
  /// A multiple-choice benchmark item (MMLU): subject header + question with lettered options.
  public struct MCQ: Sendable {
    public var header: String
    public var text: String
  }

  /// Single-turn human requests (Dolly, Koala, Vicuna, Arena-Hard, OASST openers, user-oriented).
  public var humanSingle: [String] = []
  /// Terse search-style questions (Natural Questions).
  public var searchQueries: [String] = []
  /// Real multi-turn human sessions (user turns only, in order).
  public var conversations: [[String]] = []
  /// "Act as …" persona prompts (used as system prompts by benign apps).
  public var personas: [String] = []
  public var mmlu: [MCQ] = []
  public var gsm8k: [String] = []
  /// HumanEval / MBPP items.
  public var codeBench: [String] = []
  /// Natural Instructions v2 task definitions (systematic task coverage).
  public var taskDefinitions: [String] = []
  public var templates: [Template] = []
  /// Instruction-tuning style seeds (self-instruct seeds, GPTeacher, Evol-Instruct).
  public var instructionSeeds: [String] = []
  /// Same underlying request in several wordings (T0 per-template instances, FLAN CoT sweeps).
  public var paraphraseFamilies: [[String]] = []
  /// Orca-style (system, question) pairs.
  public var orca: [(system: String, text: String)] = []
  /// True when the pools came from real files.
  public private(set) var fromFiles = false
  /// Files that were read.
  public private(set) var filesRead: [String] = []

  public init() {}

  /// Loads every known `*.jsonl.gz` set in `dir`; falls back to ``builtin()`` when none is found.
  public static func load(directory dir: String?) -> PromptLibrary {
    guard let dir else { return builtin() }
    var lib = PromptLibrary()
    var convs: [String: [(Int, String)]] = [:]
    var families: [String: [String]] = [:]
    for name in knownFiles {
      let path = dir + "/" + name + ".jsonl.gz"
      guard let bytes = try? readDecompressed(path) else { continue }
      lib.filesRead.append(name)
      forEachRecord(bytes) { rec in lib.add(file: name, rec, convs: &convs, families: &families) }
    }
    guard !lib.filesRead.isEmpty else { return builtin() }
    // Dictionary order is not stable: sort keys so the pools are identical on every run.
    for k in convs.keys.sorted() {
      let turns = convs[k]!.sorted { $0.0 < $1.0 }.map(\.1)
      if turns.count >= 2 { lib.conversations.append(turns) } else { lib.humanSingle.append(contentsOf: turns) }
    }
    for k in families.keys.sorted() where families[k]!.count >= 3 { lib.paraphraseFamilies.append(families[k]!) }
    lib.fromFiles = true
    lib.fillGapsFromBuiltin()
    return lib
  }

  static let knownFiles = [
    "arena-hard-v0.1-questions", "awesome-chatgpt-prompts", "dolly-open-qa", "flan-v2-cot-sweeps",
    "flan-v2-niv2-task-definitions", "flan-v2-templates", "gpteacher-codegen", "gpteacher-roleplay", "gsm8k-test",
    "h2o-wizardlm-evolved", "hh-rlhf-harmless-base-test", "humaneval", "koala-test-set", "mbpp-test", "mmlu-test-sample",
    "mt-bench-questions", "nq-open-dev", "open-assistant-eval-prompts", "orca-dpo-pairs-sample", "promptsource-templates",
    "self-instruct-seed-tasks", "self-instruct-t0-per-template", "self-instruct-user-oriented", "vicuna-bench-questions",
  ]

  /// The fields of one prompt record that synth uses.
  struct Record {
    var text = ""
    var group: String?
    var conv: String?
    var turn = 0
    var system: String?
    var header: String?
    var cluster: String?
  }

  private mutating func add(file: String, _ r: Record, convs: inout [String: [(Int, String)]], families: inout [String: [String]]) {
    let t = r.text
    guard !t.isEmpty else { return }
    switch file {
    case "hh-rlhf-harmless-base-test", "open-assistant-eval-prompts", "mt-bench-questions":
      if let c = r.conv { convs[file + c, default: []].append((r.turn, t)) } else { humanSingle.append(t) }
    case "arena-hard-v0.1-questions", "dolly-open-qa", "koala-test-set", "vicuna-bench-questions", "self-instruct-user-oriented":
      humanSingle.append(t)
    case "nq-open-dev": searchQueries.append(t)
    case "awesome-chatgpt-prompts": personas.append(t)
    case "mmlu-test-sample": mmlu.append(MCQ(header: r.header ?? "", text: t))
    case "gsm8k-test": gsm8k.append(t)
    case "humaneval", "mbpp-test": codeBench.append(t)
    case "flan-v2-niv2-task-definitions": taskDefinitions.append(t)
    case "flan-v2-templates", "promptsource-templates": templates.append(Template(group: r.group ?? "", text: t))
    case "self-instruct-seed-tasks", "gpteacher-codegen", "gpteacher-roleplay", "h2o-wizardlm-evolved":
      instructionSeeds.append(t)
    case "self-instruct-t0-per-template":
      families["t0:" + (r.group ?? "") + "#" + (r.cluster ?? ""), default: []].append(t)
    case "flan-v2-cot-sweeps":
      families["cot:" + (r.group ?? ""), default: []].append(t)
    case "orca-dpo-pairs-sample": orca.append((r.system ?? "", t))
    default: break
    }
  }

  /// Any pool left empty (a file missing from the directory) is filled from the built-in set.
  private mutating func fillGapsFromBuiltin() {
    let b = Self.builtin()
    if humanSingle.isEmpty { humanSingle = b.humanSingle }
    if searchQueries.isEmpty { searchQueries = b.searchQueries }
    if conversations.isEmpty { conversations = b.conversations }
    if personas.isEmpty { personas = b.personas }
    if mmlu.isEmpty { mmlu = b.mmlu }
    if gsm8k.isEmpty { gsm8k = b.gsm8k }
    if codeBench.isEmpty { codeBench = b.codeBench }
    if taskDefinitions.isEmpty { taskDefinitions = b.taskDefinitions }
    if templates.isEmpty { templates = b.templates }
    if instructionSeeds.isEmpty { instructionSeeds = b.instructionSeeds }
    if paraphraseFamilies.isEmpty { paraphraseFamilies = b.paraphraseFamilies }
    if orca.isEmpty { orca = b.orca }
  }

  static func readDecompressed(_ path: String) throws(DistillScanError) -> [UInt8] {
    let reader = try DecompressingReader(path: path)
    var out = [UInt8]()
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buf.withUnsafeMutableBytes { reader.read(into: $0) }
      if n == 0 { break }
      out.append(contentsOf: buf[0..<n])
    }
    if let f = reader.failure { throw DistillScanError(.corruptInput, f, path: path) }
    return out
  }

  static func forEachRecord(_ bytes: [UInt8], _ body: (Record) -> Void) {
    JSONLines.forEach(bytes) { doc, _, valid in
      guard valid else { return }  // the sets are curated; a bad line is skipped, not fatal
      var r = Record()
      doc.forEachMember(0) { k, v in
        if doc.stringEquals(k, "text") { r.text = doc.string(v) ?? "" }
        else if doc.stringEquals(k, "group") { r.group = doc.scalarString(v) }
        else if doc.stringEquals(k, "conv") { r.conv = doc.scalarString(v) }
        else if doc.stringEquals(k, "turn") { r.turn = doc.int(v) ?? 0 }
        else if doc.stringEquals(k, "system") { r.system = doc.string(v) }
        else if doc.stringEquals(k, "header") { r.header = doc.string(v) }
        else if doc.stringEquals(k, "instance_cluster") { r.cluster = doc.scalarString(v) }
        return true
      }
      body(r)
    }
  }
}
