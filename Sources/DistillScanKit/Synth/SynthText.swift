/// Word lists and phrase parts for synthetic traffic. Attack prompts are composed from several
/// interchangeable parts (and several languages), so no detector can key on one fixed sentence.
enum SynthText {
  static let topics = [
    "photosynthesis", "compound interest", "the French Revolution", "Kubernetes", "sourdough baking", "black holes",
    "the immune system", "supply and demand", "public-key cryptography", "the Roman Empire", "climate feedback loops",
    "jazz harmony", "machine learning", "plate tectonics", "the stock market", "vaccines", "quantum computing",
    "the Silk Road", "marathon training", "home solar panels", "copyright law", "coral reefs", "the printing press",
    "SQL indexes", "inflation", "Shakespeare's sonnets", "electric cars", "sleep hygiene", "container gardening",
    "the Cold War", "neural networks", "tax deductions", "volcanoes", "game theory", "Renaissance painting",
    "probability", "the water cycle", "microservices", "chess openings", "the human genome", "mortgages",
    "Byzantine history", "urban planning", "bird migration", "Rust ownership", "the Krebs cycle", "stoicism",
    "wine regions of France", "the Apollo program", "CRISPR", "remote work", "noise-cancelling headphones",
  ]

  static let taskVerbs = [
    "classify its sentiment", "extract every named entity", "write a question whose answer is in the text",
    "summarize it in one sentence", "translate it into French", "decide whether the claim is supported",
    "generate a title", "list the key facts", "identify the main argument", "rewrite it formally",
  ]

  static let paraphraseFrames = [
    "Explain %@.", "Could you explain %@?", "I'd like to understand %@.", "Please describe %@ in detail.",
    "What is meant by %@? Explain thoroughly.", "Give me a clear explanation of %@.", "Break down %@ for me.",
    "Can you walk me through %@?", "Describe, as precisely as possible, %@.", "%@ — explain this.",
    "In plain words, tell me %@.", "Provide an in-depth account of %@.", "Help me grasp %@.",
  ]

  static let personas = [
    "I want you to act as a travel guide.", "I want you to act as a Linux terminal.",
    "I want you to act as an English translator, spelling corrector and improver.", "I want you to act as a career counselor.",
    "I want you to act as a personal trainer.", "I want you to act as a storyteller.",
  ]

  static let functionNames = [
    "parse_csv_row", "merge_intervals", "lru_cache_get", "validate_email", "rolling_average", "flatten_json",
    "dijkstra_shortest_path", "slugify", "retry_with_backoff", "chunk_list",
  ]

  static let firstNames = [
    "Maria", "James", "Wei", "Aisha", "Lukas", "Sofia", "Hiroshi", "Fatima", "Carlos", "Emma", "Olumide", "Priya",
    "Ivan", "Chloe", "Mateo", "Yuki", "Noah", "Amara", "Lars", "Ana",
  ]
  static let lastNames = [
    "Gonzalez", "Smith", "Chen", "Khan", "Müller", "Rossi", "Tanaka", "Haddad", "Silva", "Johnson", "Adeyemi", "Patel",
    "Petrov", "Martin", "Lopez", "Sato", "Brown", "Okafor", "Berg", "Costa",
  ]
  static let productAdjectives = [
    "stainless", "wireless", "organic", "ergonomic", "compact", "waterproof", "heavy-duty", "vintage", "smart",
    "foldable", "ceramic", "insulated",
  ]
  static let productNouns = [
    "water bottle", "desk lamp", "hiking backpack", "coffee grinder", "yoga mat", "phone case", "office chair",
    "kettle", "bike helmet", "throw blanket", "headphones", "plant pot",
  ]
  static let companies = [
    "Northwind Outfitters", "Bluefin Insurance", "Acorn Health", "Helios Energy", "Kestrel Logistics", "Lumen Bank",
    "Orchard Telecom", "Pioneer Home Goods", "Quartz Travel", "Riverbend Pharmacy",
  ]
  static let cities = ["Lyon", "Austin", "Osaka", "Nairobi", "Porto", "Leeds", "Pune", "Curitiba", "Gdansk", "Tulsa"]

  /// A person's full name (customer data in batch jobs).
  static func name(_ r: inout SynthRandom) -> String { "\(r.pick(firstNames)) \(r.pick(lastNames))" }

  static func product(_ r: inout SynthRandom) -> String {
    "\(r.pick(productAdjectives)) \(r.pick(productNouns)) SKU-\(r.int(10000...99999))"
  }

  /// Human typing noise: lower-casing, a swapped or dropped letter, missing final punctuation.
  static func humanize(_ s: String, _ r: inout SynthRandom) -> String {
    var b = Array(s.utf8)
    if r.chance(0.3), let f = b.first, f >= 65, f <= 90 { b[0] = f + 32 }
    if r.chance(0.25), b.count > 8 {
      let i = r.int(1...(b.count - 3))
      if b[i] < 128, b[i + 1] < 128 { b.swapAt(i, i + 1) }
    }
    if r.chance(0.15), b.count > 8 {
      let i = r.int(1...(b.count - 2))
      if b[i] < 128, b[i] != 32 { b.remove(at: i) }
    }
    if r.chance(0.3), let l = b.last, l == UInt8(ascii: "?") || l == UInt8(ascii: ".") { b.removeLast() }
    return String(decoding: b, as: UTF8.self)
  }

  /// Short human follow-ups after an assistant reply.
  static let followUps = [
    "thanks! can you make it shorter?", "what do you mean by that", "ok but why?", "can you give me an example",
    "hmm that doesn't seem right", "perfect. now in bullet points pls", "and what about the cost?", "go on",
    "could you rewrite that more casually", "wait, I meant the other one", "is there a simpler way?", "ty",
  ]

  // MARK: Reasoning elicitation (several languages, interchangeable parts)

  /// (language, instruction variants asking to write out the reasoning).
  static let reasoningAsks: [(String, [String])] = [
    ("en", [
      "Think step by step and show every intermediate step.", "Write out your full chain of reasoning before the final answer.",
      "Explain your reasoning in detail, then give the answer.", "Lay out your complete thought process, nothing skipped.",
      "Reason carefully, out loud, one step at a time.", "Before answering, walk through all of your internal reasoning.",
      "Show your work: every deduction, every calculation.", "Give the full derivation, not just the result.",
    ]),
    ("zh", ["请一步一步地思考，并写出完整的推理过程。", "在给出答案之前，请详细展示你的全部思考过程。", "请把你的内部推理完整地写出来，不要省略。"]),
    ("ru", ["Рассуждай шаг за шагом и покажи весь ход мыслей.", "Прежде чем ответить, подробно распиши своё рассуждение.", "Выпиши полностью цепочку рассуждений."]),
    ("es", ["Piensa paso a paso y muestra todo tu razonamiento.", "Antes de responder, explica detalladamente tu proceso de pensamiento."]),
    ("fr", ["Réfléchis étape par étape et détaille tout ton raisonnement.", "Avant de répondre, expose l'intégralité de ta réflexion."]),
    ("de", ["Denke Schritt für Schritt und zeige deinen gesamten Denkprozess.", "Lege vor der Antwort deine vollständige Argumentation dar."]),
    ("ja", ["ステップごとに考え、推論の過程をすべて書き出してください。", "答える前に、思考過程を詳しく説明してください。"]),
    ("ko", ["단계별로 생각하고 전체 추론 과정을 보여 주세요.", "답하기 전에 생각의 흐름을 자세히 적어 주세요."]),
    ("pt", ["Pense passo a passo e mostre todo o seu raciocínio.", "Antes de responder, descreva detalhadamente o seu processo de pensamento."]),
  ]

  /// "Here is the answer, reconstruct the reasoning" (rationalisation) frames; %Q question, %A answer.
  static let rationalizeFrames: [(String, [String])] = [
    ("en", [
      "Question: %Q\nFinal answer: %A\nExplain, step by step, the reasoning that leads to this answer.",
      "Here is a problem and its correct solution.\n\n%Q\n\nSolution: %A\n\nReconstruct the detailed thought process that produces this solution.",
      "%Q\n\nThe answer is %A. Write the full justification a careful expert would give, as numbered steps.",
      "Given the answer \"%A\" to the question below, derive it from first principles, showing every step.\n\n%Q",
      "Produce a worked explanation ending in %A for: %Q",
    ]),
    ("zh", ["问题：%Q\n答案：%A\n请逐步解释得出这个答案的推理过程。", "已知下面问题的正确答案是 %A。请写出完整的解题思路。\n\n%Q"]),
    ("ru", ["Вопрос: %Q\nОтвет: %A\nОбъясни пошагово рассуждение, которое приводит к этому ответу."]),
    ("es", ["Pregunta: %Q\nRespuesta: %A\nExplica paso a paso el razonamiento que lleva a esta respuesta."]),
    ("fr", ["Question : %Q\nRéponse : %A\nExplique étape par étape le raisonnement qui mène à cette réponse."]),
    ("de", ["Frage: %Q\nAntwort: %A\nErkläre Schritt für Schritt, wie man zu dieser Antwort kommt."]),
  ]

  /// Openers that harvesting scripts prepend (varied per account).
  static let harvestOpeners = [
    "", "", "You are an expert. ", "Task: ", "Respond thoroughly. ", "### Instruction\n", "[INST] ", "Q: ",
    "As a senior data analyst, ", "Answer the following. ",
  ]
  /// Output-shaping suffixes of harvesting scripts.
  static let harvestSuffixes = [
    "", "\n\nBe comprehensive.", "\n\nRespond in Markdown with headings.", "\n\nGive a long, detailed answer.",
    "\n\nInclude examples and edge cases.", "\n\n### Response\n", " Answer:", "\n\nUse at least 500 words.",
  ]

  /// Fills every `{slot}` / `{{ slot }}` of a template, dropping Jinja control blocks and the
  /// promptsource `|||` target part.
  static func fillTemplate(_ t: String, _ r: inout SynthRandom, filler: (inout SynthRandom) -> String) -> String {
    var s = t
    if let cut = s.firstRange(of: "|||") { s = String(s[..<cut.lowerBound]) }
    var out = ""
    var i = s.startIndex
    while i < s.endIndex {
      let c = s[i]
      if c == "{" {
        let rest = s[i...]
        if rest.hasPrefix("{%"), let e = rest.firstRange(of: "%}") {
          i = e.upperBound
          continue
        }
        if let e = rest.firstIndex(of: "}") {
          var j = s.index(after: e)
          if rest.hasPrefix("{{"), j < s.endIndex, s[j] == "}" { j = s.index(after: j) }
          out += filler(&r)
          i = j
          continue
        }
      }
      out.append(c)
      i = s.index(after: i)
    }
    return out
  }
}
