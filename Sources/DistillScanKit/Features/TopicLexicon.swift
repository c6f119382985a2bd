import CScan
/// A compact capability/topic taxonomy: 32 domains, each split into 8 hashed sub-leaves (256
/// leaves). Domains come from keyword stems (a small lexicon shipped in the source, no model
/// download); the sub-leaf is the hash of the prompt's rarest-looking content word, so that a
/// sweep across subjects inside one domain still spreads over leaves.
enum TopicLexicon {
  static let leafCount = 256
  static let domains: [(String, [String])] = [
    ("mathematics", ["math", "equation", "algebra", "calculus", "integral", "derivative", "theorem", "prove", "geometry", "probability", "matrix", "polynomial", "fraction", "arithmetic", "sum", "triangle", "solve"]),
    ("physics", ["physics", "force", "energy", "quantum", "velocity", "gravity", "particle", "momentum", "relativity", "electron", "wave", "thermodynamics"]),
    ("chemistry", ["chemistry", "molecule", "reaction", "acid", "compound", "element", "atom", "bond", "organic", "oxidation", "chemical"]),
    ("biology", ["biology", "cell", "gene", "dna", "protein", "evolution", "species", "organism", "enzyme", "ecosystem", "photosynthesis"]),
    ("medicine", ["medical", "disease", "symptom", "treatment", "patient", "doctor", "drug", "diagnosis", "health", "clinical", "therapy", "vaccine", "cancer"]),
    ("law", ["law", "legal", "court", "contract", "statute", "liability", "attorney", "lawsuit", "rights", "regulation", "tort", "jurisdiction"]),
    ("finance", ["finance", "stock", "invest", "investment", "bank", "loan", "interest", "tax", "portfolio", "accounting", "budget", "revenue", "price"]),
    ("economics", ["economy", "economic", "inflation", "market", "supply", "demand", "gdp", "trade", "monetary", "fiscal"]),
    ("history", ["history", "historical", "war", "empire", "century", "ancient", "revolution", "dynasty", "king", "medieval", "civilization"]),
    ("geography", ["country", "city", "capital", "river", "mountain", "continent", "population", "climate", "region", "map"]),
    ("literature", ["novel", "book", "author", "character", "literature", "story", "plot", "chapter", "essay", "narrative"]),
    ("creative-writing", ["poem", "poetry", "haiku", "sonnet", "lyrics", "fiction", "creative", "rhyme", "limerick", "tale"]),
    ("programming", ["code", "function", "python", "javascript", "program", "bug", "compile", "api", "class", "variable", "algorithm", "sql", "java", "rust", "swift", "debug", "script", "regex"]),
    ("machine-learning", ["model", "neural", "training", "dataset", "learning", "classifier", "embedding", "transformer", "gradient", "regression"]),
    ("security", ["security", "password", "encryption", "attack", "vulnerability", "malware", "hack", "phishing", "firewall", "exploit"]),
    ("business", ["business", "marketing", "customer", "sales", "company", "startup", "product", "brand", "strategy", "management", "email"]),
    ("education", ["student", "teacher", "school", "learn", "lesson", "course", "exam", "homework", "university", "curriculum"]),
    ("philosophy", ["philosophy", "ethics", "moral", "meaning", "existence", "consciousness", "virtue", "kant", "plato"]),
    ("psychology", ["psychology", "emotion", "behavior", "anxiety", "mental", "stress", "motivation", "personality", "cognitive"]),
    ("food", ["recipe", "cook", "food", "ingredient", "bake", "meal", "dish", "flavor", "kitchen", "vegetable"]),
    ("travel", ["travel", "trip", "hotel", "flight", "visit", "tourist", "vacation", "itinerary"]),
    ("sports", ["sport", "game", "team", "player", "football", "soccer", "basketball", "tennis", "score", "match", "olympic"]),
    ("arts", ["music", "song", "art", "painting", "film", "movie", "artist", "design", "color", "dance"]),
    ("technology", ["computer", "software", "hardware", "internet", "phone", "device", "network", "cloud", "server", "database"]),
    ("language", ["translate", "translation", "grammar", "word", "sentence", "language", "spanish", "french", "german", "english", "synonym", "meaning"]),
    ("politics", ["politics", "government", "election", "policy", "president", "democracy", "vote", "parliament", "law"]),
    ("religion", ["religion", "god", "church", "bible", "faith", "spiritual", "prayer", "buddhism", "islam"]),
    ("environment", ["environment", "climate", "pollution", "energy", "renewable", "carbon", "sustainability", "recycle"]),
    ("relationships", ["relationship", "friend", "family", "love", "partner", "advice", "dating", "marriage", "parent"]),
    ("entertainment", ["joke", "funny", "riddle", "trivia", "celebrity", "tv", "show", "quiz"]),
    ("reasoning-puzzles", ["puzzle", "logic", "riddle", "deduce", "sequence", "pattern", "brain"]),
    ("other", []),
  ]

  /// Leaf id 0..<256 for a token list: the domain with the most votes from content words (ties:
  /// the lower domain; none: "other"), sub-leaf from the content word with the smallest hash.
  ///
  /// Branch-free per token (the tokenizer's ``Lexicon/content3`` bit selects with masks): with
  /// `if`s this loop mispredicted on most tokens and cost ~4 % of a full scan. Votes are indexed
  /// by the stored domain number (index + 1; slot 0 collects non-votes) and the best domain is
  /// picked once at the end — the same result as the running maximum it replaced.
  static func leaf(_ toks: UnsafeBufferPointer<Token>) -> Int {
    let count = domains.count
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { votes in
      votes.initialize(repeating: 0)
      var rare: UInt64 = .max
      for t in toks {
        let content = (t.flags >> 25) & 1  // Lexicon.content3
        let keep = UInt32(0) &- content  // all ones for content words
        votes[Int(truncatingIfNeeded: (t.flags >> Lexicon.domainShift) & 0xFF & keep)] &+= 1
        let mh = (t.stem &* 0x9E37_79B9_7F4A_7C15) | ~(UInt64(0) &- UInt64(content))
        rare = min(rare, mh)
      }
      var best = count - 1
      var bestVotes: Int32 = 0
      for d1 in 1..<min(65, count + 1) where votes[d1] > bestVotes {
        best = d1 - 1
        bestVotes = votes[d1]
      }
      return best * 8 + Int(rare >> 61)
    }
  }

  static func domainName(ofLeaf l: Int) -> String { domains[min(domains.count - 1, l / 8)].0 }
}
