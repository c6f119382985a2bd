/// Partial-state encoding of the per-account state: every stored field of ``AccountProfile``, in
/// declaration order. `ProfileCodingTests` holds the field list against the type (via Mirror), so
/// a field added to the profile without being added here fails the tests instead of being
/// silently dropped from `merge`.
extension AccountProfile {
  /// Stored properties this encoding covers, in order.
  static let encodedFields = [
    "requests", "firstSeen", "lastSeen", "outputTokens", "inputTokens", "withOutputTokens", "modelList", "withText", "singleTurn",
    "multiTurn", "withSystem", "withTools", "batchEndpoint", "failed", "bodyNotInline", "logprobs", "topLogprobs5", "maxTokens1",
    "maxTokensSmall", "temperature0", "seeded", "multiSample", "samplesRequested", "echo", "biased", "thinking", "withParams",
    "logprobOutputTokens", "biasTokens", "biasedPrompts", "biasConfigs", "biasProbeKeys", "biasProbeValues", "exactPrompts",
    "promptModels", "lexBands", "meaningBands", "templates", "systemPrompts", "leafCounts", "reasoningStrong", "reasoningWeak",
    "rationalization", "grader", "reasoningOutputTokens", "reasoningWithOutput", "ips", "ipPrefixes", "userAgents", "apiKeys", "endUsers", "hourOfWeek",
    "minutes", "actions", "samples", "flaggedSamples", "modelLevel",
  ]

  func write(to w: inout BinaryWriter) {
    w.int(requests)
    w.double(firstSeen)
    w.double(lastSeen)
    w.int(outputTokens)
    w.int(inputTokens)
    w.int(withOutputTokens)
    w.u32(UInt32(modelList.count))
    for (name, u) in modelList.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
      w.string(name)
      w.int(u.count)
      w.double(u.first)
      w.double(u.last)
    }
    for v in [
      withText, singleTurn, multiTurn, withSystem, withTools, batchEndpoint, failed, bodyNotInline, logprobs, topLogprobs5, maxTokens1,
      maxTokensSmall, temperature0, seeded, multiSample, samplesRequested, echo, biased, thinking, withParams, logprobOutputTokens,
    ] { w.int(v) }
    for c in [biasTokens, biasedPrompts, biasConfigs, biasProbeKeys, biasProbeValues, exactPrompts, promptModels] { c.write(to: &w) }
    for c in lexBands + meaningBands { c.write(to: &w) }
    templates.write(to: &w)
    systemPrompts.write(to: &w)
    leafCounts.write(to: &w)
    for v in [reasoningStrong, reasoningWeak, rationalization, grader, reasoningOutputTokens, reasoningWithOutput] { w.int(v) }
    for s in [ips, ipPrefixes, userAgents, apiKeys] { s.write(to: &w) }
    endUsers.write(to: &w)
    w.u32s(hourOfWeek)
    minutes.write(to: &w)
    actions.write(to: &w)
    samples.write(to: &w)
    flaggedSamples.write(to: &w)
    w.int(modelLevel)
  }

  init(from r: inout BinaryReader, fileOffset: Int) throws(DistillScanError) {
    self.init()
    requests = try r.counter()
    (firstSeen, lastSeen) = try r.timeSpan()
    outputTokens = try r.counter()
    inputTokens = try r.counter()
    withOutputTokens = try r.counter()
    let nModels = try r.count(itemBytes: 28)
    guard nModels <= Self.maxModels + 1 else { throw DistillScanError(.corruptInput, "partial state: too many models") }
    for _ in 0..<nModels {
      let name = try r.string()
      let count = try r.counter(), span = try r.timeSpan()
      let u = ModelUsage(count: count, first: span.first, last: span.last)
      guard !modelList.contains(where: { $0.name == name }) else { throw DistillScanError(.corruptInput, "partial state: model listed twice") }
      modelList.append((name, u))
    }
    withText = try r.counter()
    singleTurn = try r.counter()
    multiTurn = try r.counter()
    withSystem = try r.counter()
    withTools = try r.counter()
    batchEndpoint = try r.counter()
    failed = try r.counter()
    bodyNotInline = try r.counter()
    logprobs = try r.counter()
    topLogprobs5 = try r.counter()
    maxTokens1 = try r.counter()
    maxTokensSmall = try r.counter()
    temperature0 = try r.counter()
    seeded = try r.counter()
    multiSample = try r.counter()
    samplesRequested = try r.counter()
    echo = try r.counter()
    biased = try r.counter()
    thinking = try r.counter()
    withParams = try r.counter()
    logprobOutputTokens = try r.counter()
    biasTokens = try DistinctCounter(from: &r)
    biasedPrompts = try DistinctCounter(from: &r)
    biasConfigs = try DistinctCounter(from: &r)
    biasProbeKeys = try DistinctCounter(from: &r)
    biasProbeValues = try DistinctCounter(from: &r)
    exactPrompts = try DistinctCounter(from: &r)
    promptModels = try DistinctCounter(from: &r)
    for i in 0..<3 { lexBands[i] = try DistinctCounter(from: &r) }
    for i in 0..<3 { meaningBands[i] = try DistinctCounter(from: &r) }
    templates = try SampledCounts(from: &r, capacity: templates.capacity)
    systemPrompts = try SampledCounts(from: &r, capacity: systemPrompts.capacity)
    leafCounts = try HashMap64(from: &r)
    reasoningStrong = try r.counter()
    reasoningWeak = try r.counter()
    rationalization = try r.counter()
    grader = try r.counter()
    reasoningOutputTokens = try r.counter()
    reasoningWithOutput = try r.counter()
    ips = try SampledCounts(from: &r, capacity: ips.capacity)
    ipPrefixes = try SampledCounts(from: &r, capacity: ipPrefixes.capacity)
    userAgents = try SampledCounts(from: &r, capacity: userAgents.capacity)
    apiKeys = try SampledCounts(from: &r, capacity: apiKeys.capacity)
    endUsers = try DistinctCounter(from: &r)
    hourOfWeek = try r.u32s()
    guard hourOfWeek.isEmpty || hourOfWeek.count == 168 else { throw DistillScanError(.corruptInput, "partial state: bad hour histogram") }
    minutes = try SampledCounts(from: &r, capacity: minutes.capacity)
    actions = try SampledCounts(from: &r, capacity: actions.capacity)
    samples = try BottomK(from: &r, k: samples.k, fileOffset: fileOffset)
    flaggedSamples = try BottomK(from: &r, k: flaggedSamples.k, fileOffset: fileOffset)
    modelLevel = try r.int()
    guard (0...64).contains(modelLevel) else { throw DistillScanError(.corruptInput, "partial state: bad model level") }
  }
}

extension RequestSample {
  func write(to w: inout BinaryWriter) {
    w.string(account)
    w.optString(requestID)
    w.optDouble(timestamp)
    w.string(prompt)
    w.int(source.file)
    w.int(source.line)
    w.u64(template)
    w.bool(reasoning)
    w.bool(biased)
    w.optString(ip)
    w.optString(userAgent)
  }

  init(from r: inout BinaryReader, fileOffset: Int) throws(DistillScanError) {
    let account = try r.string()
    let requestID = try r.optString()
    let timestamp = try r.optDouble()
    guard timestamp?.isFinite ?? true else { throw DistillScanError(.corruptInput, "partial state: bad exemplar time") }
    let prompt = try r.string()
    let file = try r.counter()
    let line = try r.counter()
    guard file >= 0, line >= 0 else { throw DistillScanError(.corruptInput, "partial state: bad source location") }
    self.init(
      account: account, requestID: requestID, timestamp: timestamp, prompt: prompt, source: SourceLocation(file: file + fileOffset, line: line),
      template: try r.u64(), reasoning: try r.bool(), biased: try r.bool(), ip: try r.optString(), userAgent: try r.optString())
  }
}
