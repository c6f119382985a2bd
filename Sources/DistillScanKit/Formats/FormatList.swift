/// Formats sniffed after `canonical`, most specific first. Add new formats here.
let registeredFormats: [any LogFormat] = []
