import Foundation

/// Text comparison for matching what people type against known names.
enum TextMatching {
  /// The text lower-cased, without accents and without any white space, so that
  /// `"Gezondheids zorg"`, `"gezondheidszorg"` and `"Gézondheidszorg"` compare equal.
  static func fold(_ text: String) -> String {
    var ascii = true
    for b in text.utf8 where b >= 0x80 {
      ascii = false
      break
    }
    if ascii {
      var out: [UInt8] = []
      out.reserveCapacity(text.utf8.count)
      for b in text.utf8 {
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { continue }
        out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
      }
      return String(decoding: out, as: UTF8.self)
    }
    var scalars = String.UnicodeScalarView()
    for u in text.decomposedStringWithCanonicalMapping.unicodeScalars {
      if u.properties.isWhitespace { continue }
      // Combining marks carry the accents once the text is decomposed.
      if u.properties.generalCategory == .nonspacingMark { continue }
      scalars.append(u)
    }
    return String(scalars).lowercased()
  }

  /// The text lower-cased (ASCII letters only, which is what tokens and headers need).
  static func asciiLower(_ text: String) -> String {
    var needs = false
    for b in text.utf8 where b >= 0x41 && b <= 0x5A {
      needs = true
      break
    }
    if !needs { return text }
    return String(
      decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
  }

  /// The optimal-string-alignment distance: edits, with a swap of neighbours counting once.
  static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    let w = y.count + 1
    var d = [Int](repeating: 0, count: (x.count + 1) * w)
    for i in 0...x.count { d[i * w] = i }
    for j in 0...y.count { d[j] = j }
    for i in 1...x.count {
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        var best = min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost)
        if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
          best = min(best, d[(i - 2) * w + j - 2] + 1)
        }
        d[i * w + j] = best
      }
    }
    return d[x.count * w + y.count]
  }

  /// The candidate closest to `text` when it is close enough to be an obvious typo.
  ///
  /// Both sides are compared folded. Ties go to the earlier candidate, so the answer is
  /// deterministic for a given candidate order.
  static func suggestion(for text: String, among candidates: [String]) -> String? {
    let folded = fold(text)
    guard !folded.isEmpty else { return nil }
    var best: (String, Int)? = nil
    for candidate in candidates {
      let d = distance(folded, fold(candidate))
      if d == 0 { continue }
      if best == nil || d < (best?.1 ?? Int.max) { best = (candidate, d) }
    }
    guard let (name, d) = best else { return nil }
    let length = folded.unicodeScalars.count
    let allowed = length <= 4 ? 1 : (length <= 8 ? 2 : 3)
    return d <= allowed ? name : nil
  }
}
