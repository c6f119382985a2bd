extension PromptLibrary {
  /// A compact generated stand-in for the real prompt sets (used when `--prompts` is absent).
  /// Deterministic: built from fixed word lists, no randomness.
  public static func builtin() -> PromptLibrary {
    var lib = PromptLibrary()
    let topics = SynthText.topics
    let asks = [
      "how does %@ actually work?", "can you explain %@ like I'm five", "what are the pros and cons of %@",
      "give me a short summary of %@", "what's the history of %@", "is %@ worth learning in 2026?",
      "write a haiku about %@", "what are common mistakes people make with %@", "help me plan a weekend around %@",
      "compare %@ with the alternatives",
    ]
    for (i, t) in topics.enumerated() {
      for (j, a) in asks.enumerated() where (i + j) % 3 == 0 { lib.humanSingle.append(a.replacing("%@", with: t)) }
      lib.searchQueries.append("who invented \(t)")
      lib.searchQueries.append("when did \(t) become popular")
      lib.conversations.append([
        asks[i % asks.count].replacing("%@", with: t), "ok and why is that?", "can you give an example",
        "thanks, one more: how would I get started?",
      ])
      lib.mmlu.append(
        MCQ(
          header: "The following are multiple choice questions (with answers) about \(t).",
          text: "Which statement about \(t) is correct?\nA. It was first described in \(1800 + i * 3)\nB. It has no practical uses\nC. It is unrelated to \(topics[(i + 1) % topics.count])\nD. None of the above"))
      lib.gsm8k.append(
        "A shop sells \(3 + i % 7) boxes of \(t) kits per day at $\(12 + i % 9) each. How much money does it make in \(2 + i % 5) weeks?")
      lib.taskDefinitions.append(
        "In this task, you are given a text about \(t). Your job is to \(SynthText.taskVerbs[i % SynthText.taskVerbs.count]). Output only the answer.")
      lib.instructionSeeds.append("Write a detailed, well-structured explanation of \(t) for a beginner.")
      lib.paraphraseFamilies.append(
        SynthText.paraphraseFrames.prefix(6).map { $0.replacing("%@", with: "what \(t) is and why it matters") })
    }
    lib.personas = SynthText.personas
    lib.codeBench = SynthText.functionNames.map { "Write a python function `\($0)` with tests and a docstring." }
    lib.templates = [
      Template(group: "builtin-nli", text: "{premise}\n\nBased on the paragraph above can we conclude that \"{hypothesis}\"?\n\n{options_}"),
      Template(group: "builtin-qa", text: "Read the passage and answer the question.\n\n{context}\n\nQ: {question}\nA:"),
      Template(group: "builtin-sum", text: "Summarize this article in one sentence:\n\n{text}"),
      Template(group: "builtin-sent", text: "Review: {text}\nIs this review positive or negative?"),
    ]
    lib.orca = [
      ("You are an AI assistant. You will be given a task. You must generate a detailed and long answer.", "Explain photosynthesis."),
      ("You are a helpful assistant, who always provide explanation. Think like you are answering to a five year old.", "Why is the sky blue?"),
    ]
    return lib
  }
}
