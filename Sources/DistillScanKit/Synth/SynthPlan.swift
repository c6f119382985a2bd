/// The synthetic population: which accounts exist, their scenario, identity and infrastructure.
struct SynthPlan: Sendable {
  var accounts: [SynthAccount]
  var windowStart: Double
  var hours: Int
  /// When the new model id first becomes available (55% into the window).
  var release: Double

  static let residentialFirstOctets = [24, 37, 46, 50, 67, 73, 81, 86, 92, 98, 109, 151, 176, 188, 197, 201]
  static let cloudFirstOctets = [3, 18, 34, 35, 52, 104, 138, 143, 159, 165, 167]
  static let sdkAgents = [
    "OpenAI/Python 1.58.1", "OpenAI/Python 1.61.0", "OpenAI/JS 4.77.0", "python-httpx/0.27.2", "python-requests/2.32.3",
    "langchain-openai/0.2.14", "Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux lang/python#3.12.8",
    "aws-sdk-js/3.723.0 ua/2.1 os/darwin lang/js", "Go-http-client/2.0", "axios/1.7.9",
    "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
  ]
  static let browserAgents = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  ]
  static let regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"]
  static let timeZones: [Double] = [-8, -7, -5, -5, -3, 0, 1, 1, 2, 3, 5.5, 8, 9]

  static func ip(_ r: inout SynthRandom, prefix: String? = nil, cloud: Bool = false) -> String {
    if let prefix { return prefix + String(r.int(2...254)) }
    let first = r.pick(cloud ? cloudFirstOctets : residentialFirstOctets)
    return "\(first).\(r.int(0...255)).\(r.int(0...255)).\(r.int(2...254))"
  }

  static func subnet(_ r: inout SynthRandom, cloud: Bool) -> String {
    let first = r.pick(cloud ? cloudFirstOctets : residentialFirstOctets)
    return "\(first).\(r.int(0...255)).\(r.int(0...255))."
  }

  static func build(seed: UInt64, accounts n: Int, days: Int, start: Double, format: SynthFormat) -> SynthPlan {
    let root = SynthRandom(seed: seed)
    var r = root.derive(1)
    // Scenario counts: every attack scenario is present at least once; clusters have ≥5 members.
    var counts: [(SynthScenario, Int)] = []
    var used = 0
    for (s, share) in SynthScenario.shares where s != .chatUser {
      var c = max(1, Int((share * Double(n)).rounded()))
      if s == .hydraCluster { c = max(5, c) }
      counts.append((s, c))
      used += c
    }
    counts.insert((.chatUser, max(1, n - used)), at: 0)

    // Shared company AWS accounts for benign Bedrock identities (many IAM users per account).
    var companyAWS: [String] = []
    for _ in 0..<max(2, n / 15) { companyAWS.append(String(r.int(100_000_000_000...999_999_999_999))) }

    var accounts: [SynthAccount] = []
    var clusterNo = 0
    for (scenario, count) in counts {
      // Members of one cluster: split a large member count into clusters of ≤12.
      var clusterSizes: [Int] = []
      if scenario == .hydraCluster {
        let k = max(1, (count + 11) / 12)
        for i in 0..<k { clusterSizes.append(count / k + (i < count % k ? 1 : 0)) }
      }
      var memberIndex = 0
      var clusterIdx = -1
      var left = 0
      var shared = (subnet: "", ua: "", seed: UInt64(0), org: "")
      for _ in 0..<count {
        let idx = accounts.count
        var ar = root.derive(2, UInt64(idx))
        var cluster: String?
        var pos = 0
        var size = 0
        if scenario == .hydraCluster {
          if left == 0 {
            clusterIdx += 1
            clusterNo += 1
            left = clusterSizes[clusterIdx]
            memberIndex = 0
            var cr = root.derive(3, UInt64(clusterNo))
            let uas = ["Go-http-client/2.0", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "python-httpx/0.27.0", "axios/1.7.9"]
            shared = (subnet(&cr, cloud: true), cr.pick(uas), cr.next(), cr.pick(["nova", "apex", "lumen", "orbit", "delta"]))
          }
          cluster = "c\(clusterNo)"
          pos = memberIndex
          size = clusterSizes[clusterIdx]
          memberIndex += 1
          left -= 1
        }
        var f = format
        if format == .mixed { f = [SynthFormat.canonical, .openai, .bedrock][ar.weighted([0.4, 0.35, 0.25])] }
        let human: Bool = [.chatUser, .codingAgent, .researcherLogprobs, .lowAndSlow].contains(scenario)
        let cloudInfra: Bool = [.ragApp, .batchJob, .coverageSweep, .logitHarvest, .paraphraseSweep, .reasoningElicitation, .modelPivot, .evalHarness].contains(scenario)
        var ips: [String] = []
        if scenario == .hydraCluster {
          ips = [ip(&ar, prefix: shared.subnet)]
        } else if scenario == .enterpriseHeavy {
          let a = subnet(&ar, cloud: false)
          let b = subnet(&ar, cloud: true)
          for i in 0..<8 { ips.append(ip(&ar, prefix: i % 2 == 0 ? a : b)) }
        } else if cloudInfra {
          let sn = subnet(&ar, cloud: true)
          for _ in 0..<ar.int(1...4) { ips.append(ip(&ar, prefix: sn)) }
        } else {
          for _ in 0..<ar.int(1...3) { ips.append(ip(&ar, cloud: false)) }
        }
        var uas: [String]
        switch scenario {
        case .hydraCluster: uas = [shared.ua]
        case .chatUser, .lowAndSlow: uas = [ar.pick(browserAgents), ar.pick(sdkAgents)]
        case .enterpriseHeavy: uas = sdkAgents
        case .codingAgent: uas = [ar.pick(["claude-cli/1.0.31 (external, cli)", "Cursor/0.45.3", "aider/0.70.0", "continue/0.9.2"])]
        case .evalHarness: uas = ["OpenAI/Python 1.58.1 lm-eval/0.4.7"]
        default: uas = [ar.pick(sdkAgents)]
        }
        // Bedrock is reached through the AWS SDKs; the OpenAI-style APIs through their SDKs.
        if f != .bedrock { uas = uas.map { $0.contains("Boto3") || $0.contains("aws-sdk") ? "OpenAI/Python 1.59.6" : $0 } }
        let nKeys = scenario == .enterpriseHeavy ? ar.int(10...40) : (scenario == .ragApp ? 2 : 1)
        let keys = (0..<nKeys).map { _ in "sk-…" + ar.hex(8) }
        let catalog = ModelCatalog.forFormat(f)
        var models = [ar.pick(catalog.chat)]
        if scenario == .enterpriseHeavy || scenario == .chatUser { models.append(ar.pick(catalog.chat)) }
        // Heavy-tailed volume; enterprise accounts are the heaviest of all, so that request
        // volume alone is a poor detector.
        let volume = ar.logNormal(median: scenario == .enterpriseHeavy ? 3 : 1, sigma: scenario == .hydraCluster ? 0.2 : 0.6)
        let userID: String
        var key: String
        var aws = ""
        let region = ar.pick(regions)
        switch f {
        case .openai:
          userID = "user_" + ar.hex(10)
          key = userID
        case .helicone:
          // The Helicone-User-Id header the app sets: opaque ids, e-mail-like or service names.
          userID = ar.weighted([0.5, 0.3, 0.2]) == 0 ? "hu_" + ar.hex(12) : (ar.chance(0.6) ? "\(ar.pick(SynthText.firstNames).lowercased())@\(ar.hex(4)).example" : "svc-" + ar.hex(8))
          key = userID
        case .bedrock:
          aws = (scenario.isAttack || scenario == .enterpriseHeavy || scenario == .ragApp) ? String(ar.int(100_000_000_000...999_999_999_999)) : ar.pick(companyAWS)
          // Name styles overlap between scenarios on purpose: an IAM user name must never
          // give the label away (people, services and Bedrock API keys appear everywhere).
          let style = ar.weighted(human ? [0.7, 0.1, 0.2] : (scenario == .hydraCluster ? [0.15, 0.15, 0.7] : [0.1, 0.6, 0.3]))
          let name: String
          switch style {
          case 0: name = "\(ar.pick(SynthText.firstNames).lowercased()).\(ar.pick(SynthText.lastNames).lowercased())\(ar.int(1...99))"
          case 1: name = "svc-\(ar.pick(["api", "worker", "app", "pipeline", "backend", "prod", "etl", "ml", "gateway"]))-\(ar.hex(4))"
          default: name = "BedrockAPIKey-\(ar.hex(6))"
          }
          userID = name
          key = "arn:aws:iam::\(aws):user/\(name)"
        default:
          userID = "acct-" + ar.hex(10)
          key = userID
        }
        let org: String = scenario == .hydraCluster ? "org-\(shared.org)\(ar.int(100...999))" : "org-" + ar.hex(8)
        let tz = human || scenario == .ragApp || scenario == .batchJob || scenario == .enterpriseHeavy ? ar.pick(timeZones) : 0
        var a = SynthAccount(
          index: idx, scenario: scenario, cluster: cluster, clusterPos: pos, clusterSize: size, clusterSeed: shared.seed, format: f,
          key: key, userID: userID, org: org, apiKeys: keys, ips: ips, userAgents: uas, tz: tz, volume: volume, models: models,
          seed: ar.next())
        a.awsAccount = aws
        a.region = region
        a.apiKeyHashes = keys.map { _ in ar.hex(64) }
        a.team = "team_" + ar.hex(6)
        // Anchor in the first day's local working hours (any time for automation).
        let day0 = start + Double(ar.below(max(1, days))) * 86400
        a.anchor = day0 + (((ar.double(9, 17) - tz).truncatingRemainder(dividingBy: 24)) + 24).truncatingRemainder(dividingBy: 24) * 3600
        accounts.append(a)
      }
    }
    let hours = days * 24
    let release = start + (Double(hours) * 0.55).rounded() * 3600 + 17 * 60
    return SynthPlan(accounts: accounts, windowStart: start, hours: hours, release: release)
  }
}
