/// Independent checkers the report tests use: a tag-stack HTML checker and a small CSV reader.
enum Checkers {
  /// Elements the report may contain; any other tag (such as `script` from data) is an error.
  static let allowedTags: Set<String> = [
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "section",
    "div", "span", "table", "thead", "tbody", "tr", "th", "td", "strong", "figure", "figcaption",
    "svg", "rect", "text", "line", "circle", "article", "dl", "dt", "dd", "ol", "li",
  ]
  static let voidTags: Set<String> = ["meta"]

  /// Problems with the page's tags: unknown, unclosed, or closed out of order.
  static func htmlProblems(_ html: String) -> [String] {
    var problems: [String] = []
    var stack: [String] = []
    let chars = Array(html.unicodeScalars)
    var i = 0
    func starts(with text: String, at k: Int) -> Bool {
      let t = Array(text.unicodeScalars)
      guard k + t.count <= chars.count else { return false }
      for (o, c) in t.enumerated() where chars[k + o] != c { return false }
      return true
    }
    while i < chars.count {
      guard chars[i] == "<" else {
        if chars[i] == ">" { problems.append("a bare > in text at \(i)") }
        i += 1
        continue
      }
      if starts(with: "<!DOCTYPE", at: i) {
        while i < chars.count && chars[i] != ">" { i += 1 }
        i += 1
        continue
      }
      var j = i + 1
      let closing = j < chars.count && chars[j] == "/"
      if closing { j += 1 }
      var name = ""
      while j < chars.count, chars[j].properties.isAlphabetic || ("0"..."9").contains(chars[j]) {
        name.unicodeScalars.append(chars[j])
        j += 1
      }
      guard !name.isEmpty else {
        problems.append("a bare < in text at \(i)")
        i += 1
        continue
      }
      // Attributes: quoted values may hold anything but their own quote.
      var quote: Unicode.Scalar? = nil
      while j < chars.count {
        let c = chars[j]
        if let q = quote {
          if c == q { quote = nil }
          if c == "<" || c == ">" { problems.append("< or > inside an attribute of \(name)") }
        } else if c == "\"" || c == "'" {
          quote = c
        } else if c == ">" {
          break
        }
        j += 1
      }
      let selfClosing = j > 0 && chars[j - 1] == "/"
      name = name.lowercased()
      if !allowedTags.contains(name) { problems.append("unexpected tag <\(name)>") }
      if closing {
        if stack.last == name {
          stack.removeLast()
        } else {
          problems.append("</\(name)> closes \(stack.last ?? "nothing")")
        }
      } else if !selfClosing && !voidTags.contains(name) {
        stack.append(name)
      }
      i = j + 1
      if !closing && name == "style" {
        // CSS is text up to its closing tag.
        while i < chars.count && !starts(with: "</style>", at: i) { i += 1 }
      }
    }
    if !stack.isEmpty { problems.append("unclosed: \(stack.joined(separator: ", "))") }
    return problems
  }

  /// RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks.
  static func csvRecords(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text).makeIterator()
    var pending: Character? = nil
    func next() -> Character? {
      if let p = pending {
        pending = nil
        return p
      }
      return chars.next()
    }
    while let c = next() {
      if quoted {
        if c == "\"" {
          if let d = next() {
            if d == "\"" {
              field.append("\"")
            } else {
              quoted = false
              pending = d
            }
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" && field.isEmpty {
        quoted = true
      } else if c == "," {
        record.append(field)
        field = ""
      } else if c == "\r\n" || c == "\n" {
        record.append(field)
        records.append(record)
        record = []
        field = ""
      } else {
        field.append(c)
      }
    }
    if !field.isEmpty || !record.isEmpty {
      record.append(field)
      records.append(record)
    }
    return records
  }

  /// Whether a spreadsheet would evaluate the cell: it starts with a trigger and is not a
  /// plain signed number.
  static func isLiveFormula(_ cell: String) -> Bool {
    guard let first = cell.first, "=+-@\t\r".contains(first) else { return false }
    if first == "+" || first == "-" {
      return Double(cell.dropFirst()) == nil
    }
    return true
  }
}
