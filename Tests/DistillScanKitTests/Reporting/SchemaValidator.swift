/// A small JSON Schema (draft 2020-12) validator for exactly the keywords our schemas in docs/ use.
/// An unknown keyword is an error, not silently ignored: if someone adds `oneOf` to a schema the tests
/// fail until the validator learns it, so the schema is never "validated" by a no-op.
struct SchemaValidator {
  let root: JSONValue

  static let annotations: Set<String> = ["$schema", "$id", "$comment", "title", "description", "examples", "default", "$defs", "deprecated"]
  static let assertions: Set<String> = [
    "$ref", "type", "properties", "required", "additionalProperties", "propertyNames", "items", "enum", "const",
    "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern", "uniqueItems",
  ]

  /// Keywords used anywhere in the schema that this validator does not implement.
  func unsupportedKeywords() -> [String] {
    var bad: [String] = []
    func walk(_ s: JSONValue, _ path: String) {
      guard case .object(let kv) = s else { return }
      for (k, v) in kv {
        if !Self.annotations.contains(k) && !Self.assertions.contains(k) { bad.append("\(path)/\(k)") }
        switch k {
        case "properties", "$defs":
          if case .object(let subs) = v { for (n, sub) in subs { walk(sub, "\(path)/\(k)/\(n)") } }
        case "additionalProperties", "items", "propertyNames":
          walk(v, "\(path)/\(k)")
        default: break
        }
      }
    }
    walk(root, "#")
    return bad
  }

  func validate(_ v: JSONValue) -> [String] {
    var errors: [String] = []
    check(v, root, "", &errors)
    return errors
  }

  func resolve(_ ref: String) -> JSONValue? {
    guard ref.hasPrefix("#/") else { return nil }
    var cur: JSONValue? = root
    for part in ref.dropFirst(2).split(separator: "/") { cur = cur?[String(part)] }
    return cur
  }

  func typeMatches(_ v: JSONValue, _ t: String) -> Bool {
    switch (t, v) {
    case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
    case ("number", .number): true
    case ("integer", .number(let d, _)): d == d.rounded()
    default: false
    }
  }

  func check(_ v: JSONValue, _ s: JSONValue, _ path: String, _ errors: inout [String]) {
    if case .bool(let b) = s {
      if !b { errors.append("\(path): not allowed") }
      return
    }
    let at = path.isEmpty ? "/" : path
    if let ref = s["$ref"]?.string {
      guard let target = resolve(ref) else {
        errors.append("\(at): unresolvable $ref \(ref)")
        return
      }
      check(v, target, path, &errors)
    }
    if let t = s["type"] {
      let types = t.array?.compactMap(\.string) ?? [t.string ?? ""]
      if !types.contains(where: { typeMatches(v, $0) }) {
        errors.append("\(at): expected \(types.joined(separator: "|")), got \(v.kindName)")
        return
      }
    }
    if let e = s["enum"]?.array, !e.contains(v) { errors.append("\(at): \(v.short) not in enum") }
    if let c = s["const"], c != v { errors.append("\(at): \(v.short) != const \(c.short)") }
    if case .number(let d, _) = v {
      if let m = s["minimum"]?.double, d < m { errors.append("\(at): \(d) < minimum \(m)") }
      if let m = s["maximum"]?.double, d > m { errors.append("\(at): \(d) > maximum \(m)") }
    }
    if case .string(let str) = v {
      if let m = s["minLength"]?.int, str.unicodeScalars.count < m { errors.append("\(at): shorter than \(m)") }
      if let m = s["maxLength"]?.int, str.unicodeScalars.count > m { errors.append("\(at): longer than \(m)") }
      if let p = s["pattern"]?.string {
        do {
          let re = try Regex(p)
          if (try? re.firstMatch(in: str)) == nil { errors.append("\(at): \(v.short) does not match \(p)") }
        } catch {
          errors.append("\(at): bad pattern \(p)")
        }
      }
    }
    if case .array(let a) = v {
      if let m = s["minItems"]?.int, a.count < m { errors.append("\(at): fewer than \(m) items") }
      if let m = s["maxItems"]?.int, a.count > m { errors.append("\(at): more than \(m) items") }
      if s["uniqueItems"] == .bool(true) {
        for i in a.indices where a[..<i].contains(a[i]) { errors.append("\(at)/\(i): duplicate item") }
      }
      if let items = s["items"] { for (i, x) in a.enumerated() { check(x, items, "\(path)/\(i)", &errors) } }
    }
    if case .object(let kv) = v {
      for r in s["required"]?.array?.compactMap(\.string) ?? [] where !kv.contains(where: { $0.0 == r }) {
        errors.append("\(at): missing required \"\(r)\"")
      }
      let props = s["properties"]
      for (k, x) in kv {
        if let names = s["propertyNames"] { check(.string(k), names, "\(path)/\(k) (name)", &errors) }
        if let p = props?[k] {
          check(x, p, "\(path)/\(k)", &errors)
        } else if let ap = s["additionalProperties"] {
          check(x, ap, "\(path)/\(k)", &errors)
        }
      }
    }
  }
}

extension JSONValue {
  var kindName: String {
    switch self {
    case .null: "null"
    case .bool: "boolean"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }
  var short: String {
    switch self {
    case .string(let s): "\"\(s.prefix(40))\""
    case .number(let d, _): "\(d)"
    default: kindName
    }
  }
}
