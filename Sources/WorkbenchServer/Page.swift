import Foundation
import Intake
import Reports
import Workbench

/// The pages' common frame and small pieces. Every value from a file or a request goes
/// through ``e(_:)``: data never becomes markup.
enum Page {
  static func e(_ text: String) -> String { Escape.html(text) }

  static func number(_ x: Double, places: Int = 2) -> String {
    NumberText.rounded(x, places: places)
  }

  /// A whole page: the header with the way back, then `body`.
  static func layout(
    title: String, language: OutputLanguage, csrf: String, crumbs: [(String, String)],
    body: String, data: [String: String] = [:]
  ) -> String {
    let trail = crumbs.map { "<a href=\"\(e($0.0))\">\(e($0.1))</a>" }.joined(
      separator: " <span aria-hidden=\"true\">›</span> ")
    let attributes = data.sorted { $0.key < $1.key }.map { " data-\($0.key)=\"\(e($0.value))\"" }
      .joined()
    return """
      <!doctype html>
      <html lang="\(language.rawValue)">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="csrf-token" content="\(e(csrf))">
      <title>\(e(title))</title>
      <link rel="icon" href="/assets/kring.svg" type="image/svg+xml">
      <link rel="stylesheet" href="/assets/app.css">
      <script src="/assets/app.js" defer></script>
      </head>
      <body\(attributes)>
      <header class="top">
        <a class="brand" href="/"><img src="/assets/kring.svg" alt="" width="28" height="28"> Kring</a>
        <nav class="crumbs">\(trail)</nav>
        <label class="author">\(e(UIText.yourName.text(language))) <input id="author" type="text" maxlength="80" autocomplete="name"></label>
      </header>
      <div id="flash" class="flash" role="status" aria-live="polite" hidden></div>
      \(body)
      </body>
      </html>
      """
  }

  /// A list of problems as `file:line: column: message`, with line and column apart.
  static func problems(_ problems: [Problem], language: OutputLanguage) -> String {
    guard !problems.isEmpty else {
      return "<p class=\"ok\">\(e(UIText.noProblems.text(language)))</p>"
    }
    let rows = problems.map { p in
      """
      <tr class="\(e(p.severity ?? "error"))"><td>\(p.line.map(String.init) ?? "")</td><td>\(e(p.column ?? ""))</td><td>\(e(p.message))\(p.suggestion.map { " <em>(\(e($0))?)</em>" } ?? "")</td><td><code>\(e(p.code))</code></td></tr>
      """
    }.joined(separator: "\n")
    let head =
      language == .nl
      ? ["regel", "kolom", "probleem", "code"] : ["line", "column", "problem", "code"]
    return """
      <table class="problems"><thead><tr>\(head.map { "<th>\($0)</th>" }.joined())</tr></thead>
      <tbody>\(rows)</tbody></table>
      """
  }

  /// A version's status in words.
  static func status(_ status: String, _ language: OutputLanguage) -> String {
    switch status {
    case "queued": return UIText.queued.text(language)
    case "running": return UIText.running.text(language)
    case "done": return UIText.done.text(language)
    case "failed": return UIText.failed.text(language)
    case "cancelled": return UIText.cancelled.text(language)
    default: return status
    }
  }

  static func kind(_ kind: String, _ language: OutputLanguage) -> String {
    switch kind {
    case "move": return UIText.hand.text(language)
    case "resolve": return UIText.resolve.text(language)
    default: return UIText.solve.text(language)
    }
  }

  /// The versions of a cohort as a table linking each finished one to its board.
  static func versions(_ versions: [VersionInfo], cohort: Int64, language: OutputLanguage)
    -> String
  {
    guard !versions.isEmpty else { return "<p>\(e(UIText.nothingYet.text(language)))</p>" }
    let rows = versions.map { v -> String in
      let link =
        v.status == "done"
        ? "<a href=\"/cohorts/\(cohort)/plans/\(v.id)\">\(e(UIText.version.text(language))) \(v.number)</a>"
        : "\(e(UIText.version.text(language))) \(v.number)"
      let numbers =
        v.summary.map { s in
          "\(s.groups) \(e(UIText.groups.text(language).lowercased())), \(s.placed)/\(s.participants) \(e(UIText.placed.text(language)))"
        } ?? (v.problems?.first.map { e($0.message) } ?? "")
      return """
        <tr data-version="\(v.id)"><td>\(link)</td><td>\(e(kind(v.kind, language)))</td><td class="status-\(e(v.status))">\(e(status(v.status, language)))</td><td>\(numbers)</td><td>\(e(v.note))</td><td>\(e(v.author))</td><td><time>\(e(v.created))</time></td></tr>
        """
    }.joined(separator: "\n")
    return """
      <table class="versions"><tbody>\(rows)</tbody></table>
      """
  }

  /// The progress area a solve fills through its events.
  static func progress(_ language: OutputLanguage) -> String {
    """
    <div id="progress" class="progress" hidden>
      <div class="bar"><div class="fill" id="progress-fill"></div></div>
      <p id="progress-text">\(e(UIText.solving.text(language)))</p>
      <button type="button" id="cancel-solve" class="secondary">\(e(UIText.cancel.text(language)))</button>
      <div id="progress-problems"></div>
    </div>
    """
  }
}
