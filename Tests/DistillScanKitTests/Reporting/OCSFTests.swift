import Testing

@testable import DistillScanKit

@Suite struct OCSFTests {
  static func findings(_ report: ScanReport = SampleReports.standard(), _ o: ReportOptions = ReportOptions()) throws -> [JSONValue] {
    try String(decoding: OCSFFindingsWriter().render(report, options: o), as: UTF8.self).split(separator: "\n").map { try JSONValue.parse(String($0)) }
  }

  @Test func classificationAndRequiredAttributes() throws {
    let f = try Self.findings()[0]
    #expect(f["class_uid"]?.int == 2004)
    #expect(f["category_uid"]?.int == 2)
    #expect(f["activity_id"]?.int == 1)
    #expect(f["type_uid"]?.int == 2004 * 100 + 1)
    #expect(f["time"]?.int == Int(SampleReports.generatedAt * 1000))
    #expect(f["metadata"]?["version"]?.string == "1.3.0")
    #expect(f["metadata"]?["product"]?["name"]?.string == "distillscan")
    #expect(f["metadata"]?["product"]?["vendor_name"]?.string != nil)
    #expect(f["finding_info"]?["uid"]?.string == "distillscan:acct:acct-7f3a9c")
    #expect(f["finding_info"]?["title"]?.string?.isEmpty == false)
    #expect(f["finding_info"]?["analytic"]?["type_id"]?.int == 2)
    #expect(f["finding_info"]?["first_seen_time"]?.int == Int((SampleReports.t0 + 6 * 3600) * 1000))
    #expect(f["status_id"]?.int == 1)
  }

  @Test func severityMapping() throws {
    let expected: [Severity: Int] = [.info: 1, .low: 2, .medium: 3, .high: 4, .critical: 5]
    for (sev, id) in expected { #expect(OCSFFindingsWriter.severityID(sev).0 == id) }
    let fs = try Self.findings()
    #expect(fs.map { $0["severity_id"]?.int } == [5, 4, 3, 2])
    #expect(fs.map { $0["severity"]?.string } == ["Critical", "High", "Medium", "Low"])
    #expect(fs.map { $0["risk_level_id"]?.int } == [4, 3, 2, 1])
    #expect(fs.map { $0["risk_score"]?.int } == [97, 88, 63, 31])
    #expect(fs.map { $0["confidence_id"]?.int } == [3, 3, 2, 1])
  }

  @Test func observablesNameAccountsAndIPs() throws {
    let cluster = try Self.findings()[1]
    let obs = try #require(cluster["observables"]?.array)
    let users = obs.filter { $0["type_id"]?.int == 4 }.compactMap { $0["value"]?.string }
    #expect(users == SampleReports.hydraMembers)
    #expect(obs.contains { $0["type_id"]?.int == 2 && $0["value"]?.string == "198.51.100.7" })
    // Observable names point at real attributes of the event.
    let evidences = try #require(cluster["evidences"]?.array)
    #expect(evidences[0]["actor"]?["user"]?["uid"]?.string == "hydra-01")
    #expect(evidences[6]["src_endpoint"]?["ip"]?.string == "198.51.100.7")
    #expect(obs.last?["name"]?.string == "evidences[6].src_endpoint.ip")
    #expect(cluster["resources"]?[0]?["name"]?.string == "anthropic.claude-sonnet-4")
    #expect(cluster["unmapped"]?["distillscan"]?["members_count"]?.int == 6)
  }

  @Test func fixedTimestampPinsTime() throws {
    var o = ReportOptions()
    o.fixedTimestamp = true
    let f = try Self.findings(SampleReports.standard(), o)[0]
    #expect(f["time"]?.int == 0)
    #expect(f["finding_info"]?["created_time"]?.int == 0)
  }
}
