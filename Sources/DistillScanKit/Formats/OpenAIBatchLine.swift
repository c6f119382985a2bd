/// One line of an OpenAI Batch API input file: `{custom_id, method, url, body}` (log-formats.md §3.5).
///
/// The line names no account: a batch file is uploaded by one API key owner, so the account is
/// the file itself, `batch:<file name without extensions>` (e.g. `batch:shard03` for
/// `shard03.jsonl.gz`), unless `--account-field` points elsewhere. The body's self-declared
/// `user` becomes the end user.
enum OpenAIBatchLine {
  static func decode(_ doc: borrowing JSONDocument, _ root: Int, into r: inout LogRecord, context: DecodeContext) {
    doc.forEachMember(root) { k, v in
      if doc.stringEquals(k, "custom_id") { r.requestID = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "url") { r.endpoint = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "body") { ChatRequest.decodeBody(doc, v, into: &r, nested: context.nested) }
      return true
    }
    r.account = "batch:" + fileStem(context.filePath)
  }

  /// File name without directories and without data/compression extensions.
  static func fileStem(_ path: String?) -> String {
    guard let path else { return "stdin" }
    var name = Substring(path)
    if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
    let suffixes = [".gz", ".zst", ".zstd", ".lz4", ".jsonl", ".ndjson", ".json", ".txt", ".log"]
    var changed = true
    while changed {
      changed = false
      for s in suffixes where name.count > s.count && name.hasSuffix(s) {
        name = name.dropLast(s.count)
        changed = true
      }
    }
    return name.isEmpty ? "stdin" : String(name)
  }
}
