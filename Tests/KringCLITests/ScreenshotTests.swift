import Foundation
import Testing

/// Whether a headless browser for the screenshot script is installed (Debian's chromium).
private let browserAvailable: Bool = {
  ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].contains {
    FileManager.default.isExecutableFile(atPath: $0)
  } || ProcessInfo.processInfo.environment["KRING_REQUIRE_BROWSER"] == "1"
}()

@Suite("The report in a real browser")
struct ScreenshotTests {
  @Test(
    "kring plan's report.html renders in headless chromium to a PNG",
    .enabled(if: browserAvailable))
  func reportRenders() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out").path
    let plan = try CLI.run([
      "plan", CLI.fixture("sample-en.csv"), "-c", CLI.fixture("sample/kring.yaml"), "-o", out,
      "--quiet",
    ])
    #expect(plan.status == 0, "\(plan.stderr)")
    let png = folder.appendingPathComponent("report.png").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [
      CLI.packageRoot.appendingPathComponent("Scripts/screenshot-report.sh").path,
      out + "/report.html", png, "1280x1600",
    ]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let data = try Data(contentsOf: URL(fileURLWithPath: png))
    // A PNG signature and more than a blank page's worth of pixels.
    #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    #expect(data.count > 20_000)
  }
}
