/// Version of the report schemas (docs/reports.md, docs/report.schema.json). Minor = keys added,
/// major = keys removed or changed; scripts may rely on every key of the same major version.
public let reportSchemaVersion = "1.2"
/// distillscan version, shown by `--version` and written into reports.
public let distillscanVersion = "0.1.0"

/// Writes the `input` statistics object of `report.json`. Keys are stable (scripts read them).
public func writeInputStats(_ w: inout JSONWriter, _ stats: IngestStats, files: [InputFile], elapsed: Double?) {
  w.beginObject()
  w.field("files", stats.files)
  w.field("bytes_compressed", stats.bytesCompressed)
  w.field("bytes", stats.bytes)
  w.field("lines", stats.lines)
  w.field("accepted", stats.accepted)
  w.key("rejected")
  w.beginObject()
  for r in RejectReason.allCases.sorted() where (stats.rejected[r] ?? 0) > 0 {
    w.field(r.rawValue, stats.rejected[r]!)
  }
  w.endObject()
  w.field("blank_lines", stats.blankLines)
  w.field("body_not_inline", stats.bodyNotInline)
  w.key("formats")
  w.beginObject()
  for k in stats.formats.keys.sorted() { w.field(k, stats.formats[k]!) }
  w.endObject()
  w.key("rejected_examples")
  w.beginObject()
  for r in RejectReason.allCases.sorted() {
    guard let ex = stats.examples[r], !ex.isEmpty else { continue }
    w.key(r.rawValue)
    w.beginArray()
    for loc in ex {
      let name = loc.file < files.count ? files[loc.file].displayName : "?"
      w.string("\(name):\(loc.line)")
    }
    w.endArray()
  }
  w.endObject()
  w.key("file_errors")
  w.beginArray()
  for f in stats.fileIssues {
    w.beginObject()
    w.field("file", f.path)
    w.field("message", f.message)
    w.field("offset", f.offset)
    w.endObject()
  }
  w.endArray()
  if let elapsed {
    w.field("seconds", elapsed, digits: 3)
  }
  w.endObject()
}
