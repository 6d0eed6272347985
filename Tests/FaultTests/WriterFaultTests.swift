import Foundation
import Intake
import Reports
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The output writer under planted symlinks, stale runs, read-only folders, a full disk and
/// two runs at once: each leaves the folder as it was or holding the new run, whole.
@Suite("Writer faults")
struct WriterFaultTests {
  typealias Files = [(name: String, contents: String)]

  /// An earlier run: every name a run writes, two groups and two facilitators.
  static let earlier: Files = [
    ("plan.json", "{\"run\": 1}\n"), ("run.json", "{}\n"), ("report.html", "<p>1</p>"),
    ("report.md", "# 1"), ("groups.csv", "group\nG01\n"), ("schedule.csv", "group\n"),
    ("unplaced.csv", "id\n"), ("groups/G01/contract.md", "G01 of run 1"),
    ("groups/G01/calendar.ics", "BEGIN:VCALENDAR"), ("groups/G02/contract.md", "G02 of run 1"),
    ("facilitators/f1/index.md", "f1 of run 1"), ("facilitators/f2/index.md", "f2 of run 1"),
  ]

  /// A later run of another batch: fewer groups, another facilitator, no reports (as `form`).
  static let later: Files = [
    ("plan.json", "{\"run\": 2}\n"), ("run.json", "{}\n"), ("groups.csv", "group\nG01\n"),
    ("unplaced.csv", "id\n"), ("groups/G01/contract.md", "G01 of run 2"),
    ("facilitators/f3/index.md", "f3 of run 2"),
  ]

  /// What a folder holding exactly `files` looks like.
  static func expected(_ files: Files) -> [String: Tree.Entry] {
    var tree: [String: Tree.Entry] = [:]
    for file in files {
      let parts = file.name.split(separator: "/").map(String.init)
      for depth in 1..<parts.count { tree[parts[0..<depth].joined(separator: "/")] = .folder }
      tree[file.name] = .file(Data(file.contents.utf8))
    }
    return tree
  }

  /// The files as the writer takes them.
  static func outputs(_ files: Files) -> [OutputFile] {
    files.map { OutputFile(name: $0.name, contents: $0.contents) }
  }

  static func write(_ files: Files, to path: String, faults: WriteFaults? = nil) throws {
    var folder = OutputFolder(path: path, inputs: [], force: false)
    folder.faults = faults
    try folder.write(outputs(files))
  }

  @Test(
    "a symlink planted under an output's name is replaced, never followed",
    arguments: OutputFolder.runNames.sorted())
  func plantedSymlink(name: String) throws {
    let scratch = try Scratch()
    let outside = scratch.path("outside")
    try scratch.write("outside/victim.txt", "precious")
    let out = scratch.path("out")
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    // A folder link for the subfolders, a file link for the files.
    let target = name.contains(".") ? outside + "/victim.txt" : outside
    try FileManager.default.createSymbolicLink(
      atPath: out + "/" + name, withDestinationPath: target)
    let before = Tree.snapshot(outside)

    try Self.write(Self.earlier, to: out)

    #expect(Tree.snapshot(outside) == before, "the link's target changed")
    #expect(Tree.snapshot(out) == Self.expected(Self.earlier))
  }

  @Test("every output name planted as a symlink at once, and dangling links too")
  func everyNameLinked() throws {
    let scratch = try Scratch()
    try scratch.write("outside/victim.txt", "precious")
    let out = scratch.path("out")
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    for (k, name) in OutputFolder.runNames.sorted().enumerated() {
      let target = k % 2 == 0 ? scratch.path("outside") : scratch.path("outside/missing-\(k)")
      try FileManager.default.createSymbolicLink(
        atPath: out + "/" + name, withDestinationPath: target)
    }
    let before = Tree.snapshot(scratch.path("outside"))
    try Self.write(Self.earlier, to: out)
    #expect(Tree.snapshot(scratch.path("outside")) == before)
    #expect(Tree.snapshot(out) == Self.expected(Self.earlier))
  }

  @Test("work names left by a killed run are removed, and a link among them is not followed")
  func leftoverWorkNames() throws {
    let scratch = try Scratch()
    try scratch.write("outside/victim.txt", "precious")
    let out = scratch.path("out")
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: out + "/.kring-stage-0123456789abcdef", withDestinationPath: scratch.path("outside"))
    try FileManager.default.createSymbolicLink(
      atPath: out + "/.kring-plan.json.4242.tmp",
      withDestinationPath: scratch.path("outside/victim.txt"))
    try scratch.write("out/.kring-old-00000000000000aa/groups/G09/contract.md", "stale")
    let before = Tree.snapshot(scratch.path("outside"))
    try Self.write(Self.earlier, to: out)
    #expect(Tree.snapshot(scratch.path("outside")) == before)
    #expect(Tree.snapshot(out) == Self.expected(Self.earlier))
  }

  @Test("a second run leaves nothing of the first: no stale groups, facilitators or reports")
  func noStaleFiles() throws {
    let scratch = try Scratch()
    let out = scratch.path("out")
    try Self.write(Self.earlier, to: out)
    try Self.write(Self.later, to: out)
    #expect(Tree.snapshot(out) == Self.expected(Self.later))
  }

  @Test(
    "a read-only part of the earlier run stops the write before anything changes",
    arguments: ["groups", "groups/G02", "facilitators/f1"])
  func readOnlySubfolder(part: String) throws {
    let scratch = try Scratch()
    let out = scratch.path("out")
    try Self.write(Self.earlier, to: out)
    try #require(ReadOnly.make(out + "/" + part), "cannot make \(part) read-only here")
    defer { ReadOnly.release(out) }
    let before = Tree.snapshot(out)
    #expect {
      try Self.write(Self.later, to: out)
    } throws: { error in
      guard let diagnostic = error as? Diagnostic else { return false }
      return diagnostic.code == "output-unwritable" && diagnostic.file.hasSuffix(part)
    }
    #expect(Tree.snapshot(out) == before)
  }

  @Test("a full disk at any file leaves the earlier run as it was", arguments: [1, 3, 6])
  func fullDisk(failingFile: Int) throws {
    let scratch = try Scratch()
    let out = scratch.path("out")
    try Self.write(Self.earlier, to: out)
    let before = Tree.snapshot(out)
    var message = ""
    #expect {
      try Self.write(Self.later, to: out, faults: WriteFaults(failingFile: failingFile))
    } throws: { error in
      message = "\(error)"
      return (error as? Diagnostic)?.code == "output-disk-full"
    }
    #expect(message.contains("the disk is full"), "\(message)")
    #expect(!message.contains(".kring-"), "the message names the staging folder: \(message)")
    #expect(Tree.snapshot(out) == before)
  }

  @Test("a full disk in a first run leaves no folder contents at all")
  func fullDiskFirstRun() throws {
    let scratch = try Scratch()
    let out = scratch.path("out")
    #expect(throws: Diagnostic.self) {
      try Self.write(Self.earlier, to: out, faults: WriteFaults(failingFile: 2))
    }
    #expect(Tree.snapshot(out).isEmpty)
  }

  /// A real full disk: a small tmpfs, where mounting one is allowed (root in a container).
  @Test("a real full disk (a 256 kB tmpfs) leaves the earlier run", .enabled(if: Tmpfs.available))
  func realFullDisk() throws {
    let scratch = try Scratch()
    let mount = scratch.path("disk")
    try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
    try #require(Tmpfs.mount(mount, kilobytes: 256))
    defer { Tmpfs.unmount(mount) }
    let out = mount + "/out"
    try Self.write(Self.earlier, to: out)
    let before = Tree.snapshot(out)
    let big = Self.later + [("report.html", String(repeating: "x", count: 600_000))]
    #expect {
      try Self.write(big, to: out)
    } throws: { error in
      (error as? Diagnostic)?.code == "output-disk-full"
    }
    #expect(Tree.snapshot(out) == before)
  }

  @Test("two runs writing into one folder at once leave one of them, whole")
  func concurrentRuns() async throws {
    let scratch = try Scratch()
    let out = scratch.path("out")
    func run(_ tag: String) -> Files {
      (1...40).map { ("groups/G\($0)/contract.md", "\(tag) \($0)") }
        + [("plan.json", "{\"run\": \"\(tag)\"}")]
    }
    let a = run("a")
    let b = run("b")
    async let first: Void = Task.detached { try Self.write(a, to: out) }.value
    async let second: Void = Task.detached { try Self.write(b, to: out) }.value
    _ = try await (first, second)
    let tree = Tree.snapshot(out)
    #expect(tree == Self.expected(a) || tree == Self.expected(b))
  }

  @Test("an input inside an output subfolder is never removed")
  func inputInsideSubfolder() throws {
    let scratch = try Scratch()
    let out = scratch.path("out")
    try Self.write(Self.earlier, to: out)
    let input = try scratch.write("out/groups/G01/my-notes.csv", "id\n")
    let before = Tree.snapshot(out)
    #expect {
      try OutputFolder(path: out, inputs: [input], force: false).write(Self.outputs(Self.later))
    } throws: { error in
      (error as? Diagnostic)?.code == "output-is-input"
    }
    #expect(Tree.snapshot(out) == before)
  }

  @Test("foreign files refuse the folder unless forced, and survive a forced run")
  func foreignFiles() throws {
    let scratch = try Scratch()
    let out = scratch.path("out")
    try scratch.write("out/notes.txt", "mine")
    #expect {
      try OutputFolder(path: out, inputs: [], force: false).write(Self.outputs(Self.earlier))
    } throws: { error in
      (error as? Diagnostic)?.code == "output-not-empty"
    }
    try OutputFolder(path: out, inputs: [], force: true).write(Self.outputs(Self.earlier))
    var expected = Self.expected(Self.earlier)
    expected["notes.txt"] = .file(Data("mine".utf8))
    #expect(Tree.snapshot(out) == expected)
  }

  @Test("an output path that is a file is refused")
  func outputIsAFile() throws {
    let scratch = try Scratch()
    let file = try scratch.write("out", "a file")
    #expect {
      try OutputFolder(path: file, inputs: [], force: true).write(Self.outputs(Self.earlier))
    } throws: { error in
      (error as? Diagnostic)?.code == "output-not-a-folder"
    }
  }
}

/// Files written at paths the user names (`generate -o`, `intake score -o`).
@Suite("Writer faults: single files")
struct OutputFilesFaultTests {
  @Test("an existing file is kept unless overwriting is asked for")
  func existing() throws {
    let scratch = try Scratch()
    let path = try scratch.write("batch.csv", "keep me")
    #expect {
      try OutputFiles.write([(path, "new")], overwrite: false)
    } throws: { error in
      (error as? Diagnostic)?.code == "output-exists"
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    try OutputFiles.write([(path, "new")], overwrite: true)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
  }

  @Test("a symlink at the target is replaced, never followed")
  func symlinkTarget() throws {
    let scratch = try Scratch()
    let victim = try scratch.write("victim.txt", "precious")
    let path = scratch.path("scores.csv")
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim)
    #expect(throws: Diagnostic.self) { try OutputFiles.write([(path, "new")], overwrite: false) }
    try OutputFiles.write([(path, "new")], overwrite: true)
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil)
  }

  @Test("a folder in the way, or an input, is refused")
  func refusals() throws {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(
      atPath: scratch.path("dir"), withIntermediateDirectories: true)
    #expect {
      try OutputFiles.write([(scratch.path("dir"), "x")], overwrite: true)
    } throws: { error in
      (error as? Diagnostic)?.code == "output-is-directory"
    }
    let input = try scratch.write("intake.csv", "id\n")
    #expect {
      try OutputFiles.write([(input, "x")], overwrite: true, inputs: [input])
    } throws: { error in
      (error as? Diagnostic)?.code == "output-is-input"
    }
    #expect(try String(contentsOfFile: input, encoding: .utf8) == "id\n")
  }

  @Test("a full disk leaves every file of the set as it was")
  func fullDisk() throws {
    let scratch = try Scratch()
    let a = try scratch.write("out/intake.csv", "old intake")
    let b = try scratch.write("out/kring.yaml", "old config")
    let before = Tree.snapshot(scratch.path("out"))
    #expect {
      try OutputFiles.write(
        [(a, "new intake"), (b, "new config")], overwrite: true,
        faults: WriteFaults(failingFile: 2))
    } throws: { error in
      (error as? Diagnostic)?.code == "output-disk-full"
    }
    #expect(Tree.snapshot(scratch.path("out")) == before)
  }
}

/// A tiny tmpfs for a real full disk, when this process may mount one.
enum Tmpfs {
  static let available: Bool = {
    guard ReadOnly.isRoot, FileManager.default.isExecutableFile(atPath: "/bin/mount") else {
      return false
    }
    let probe = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kring-tmpfs-probe-\(UUID().uuidString)"
    ).path
    try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: probe) }
    guard mount(probe, kilobytes: 64) else { return false }
    unmount(probe)
    return true
  }()

  static func mount(_ path: String, kilobytes: Int) -> Bool {
    ReadOnly.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path])
  }

  static func unmount(_ path: String) {
    ReadOnly.run("/bin/umount", [path])
  }
}
