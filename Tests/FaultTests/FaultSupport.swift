import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Paths of the repository, found from this file so that tests run from anywhere.
enum Repository {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func fixture(_ name: String) -> String {
    root.appendingPathComponent("Fixtures").appendingPathComponent(name).path
  }

  static let sample = fixture("sample-en.csv")
  static let sampleConfig = fixture("sample/kring.yaml")
}

/// A fresh folder under the system's temporary folder, removed (made writable first) when the
/// test is done.
final class Scratch {
  let url: URL
  var path: String { url.path }

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kring-fault-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit {
    ReadOnly.release(url.path)
    try? FileManager.default.removeItem(at: url)
  }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    let target = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: target)
    return target.path
  }
}

/// Everything under a folder, symlinks not followed.
///
/// A snapshot maps each relative path to what is there (a file's bytes, a link's target, or a
/// folder); two snapshots are equal when nothing changed.
enum Tree {
  enum Entry: Equatable, CustomStringConvertible {
    case file(Data)
    case folder
    case link(String)

    var description: String {
      switch self {
      case .file(let data): "file(\(data.count) bytes)"
      case .folder: "folder"
      case .link(let target): "link → \(target)"
      }
    }
  }

  static func snapshot(_ root: String) -> [String: Entry] {
    var result: [String: Entry] = [:]
    func visit(_ relative: String) {
      let full = relative.isEmpty ? root : root + "/" + relative
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { return }
      for name in names {
        let path = relative.isEmpty ? name : relative + "/" + name
        let absolute = root + "/" + path
        var info = stat()
        guard lstat(absolute, &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
          result[path] = .link(
            (try? FileManager.default.destinationOfSymbolicLink(atPath: absolute)) ?? "?")
        case S_IFDIR:
          result[path] = .folder
          visit(path)
        default:
          result[path] = .file(FileManager.default.contents(atPath: absolute) ?? Data())
        }
      }
    }
    visit("")
    return result
  }

  /// The names of the writer's own work (`.kring-…`) anywhere in the snapshot.
  static func leftovers(_ snapshot: [String: Entry]) -> [String] {
    snapshot.keys.filter { $0.split(separator: "/").contains { $0.hasPrefix(".kring-") } }.sorted()
  }
}

/// Makes a folder read-only for this process: `chmod` for a normal user, the immutable flag
/// for root (whom permissions do not stop).
enum ReadOnly {
  static var isRoot: Bool { geteuid() == 0 }

  /// Whether it worked (root needs `chattr`, on a file system that supports the flag).
  static func make(_ path: String) -> Bool {
    if isRoot { return run("/usr/bin/chattr", ["+i", path]) }
    return chmod(path, 0o555) == 0
  }

  /// Undoes ``make(_:)`` for `path` and everything under it.
  static func release(_ path: String) {
    if isRoot {
      if FileManager.default.fileExists(atPath: "/usr/bin/chattr") {
        _ = run("/usr/bin/chattr", ["-R", "-i", path])
      }
    } else {
      _ = run("/bin/chmod", ["-R", "u+w", path])
    }
  }

  @discardableResult
  static func run(_ tool: String, _ arguments: [String]) -> Bool {
    guard FileManager.default.isExecutableFile(atPath: tool) else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}

/// The built `kring` binary, run in its own process.
struct Kring {
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Whether the process ended by an uncaught signal (a crash), not by exiting.
    var crashed: Bool
  }

  static var binary: URL {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("kring"),
      Bundle.main.bundleURL.appendingPathComponent("kring"),
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kring"),
      Repository.root.appendingPathComponent(".build/debug/kring"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
      ?? candidates[3]
  }

  /// Starts `kring arguments`; `environment` is added to this process's.
  static func start(
    _ arguments: [String], environment: [String: String] = [:]
  ) throws -> Running {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    return Running(process: process, out: out, err: err)
  }

  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
    try start(arguments, environment: environment).finish()
  }

  /// A `kring` process that is still running.
  final class Running: @unchecked Sendable {
    let process: Process
    private let out: Pipe
    private let err: Pipe
    private var stdout = Data()
    private var stderr = Data()
    private let group = DispatchGroup()

    init(process: Process, out: Pipe, err: Pipe) {
      self.process = process
      self.out = out
      self.err = err
      // Drained on other threads, so that a full pipe never stalls the child.
      group.enter()
      DispatchQueue.global().async {
        self.stdout = out.fileHandleForReading.readDataToEndOfFile()
        self.group.leave()
      }
      group.enter()
      DispatchQueue.global().async {
        self.stderr = err.fileHandleForReading.readDataToEndOfFile()
        self.group.leave()
      }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    func finish() -> Output {
      process.waitUntilExit()
      group.wait()
      return Output(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self),
        crashed: process.terminationReason == .uncaughtSignal)
    }
  }
}

/// Waits until `condition` holds, polling, for at most `seconds`; whether it held.
func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
  let end = Date().addingTimeInterval(seconds)
  while Date() < end {
    if condition() { return true }
    Thread.sleep(forTimeInterval: 0.02)
  }
  return condition()
}

extension Kring {
  /// What a run cost: its exit status, the processor time it used (user and system, all its
  /// threads) and the wall-clock time, with standard error.
  struct Cost {
    var status: Int32
    var cpuSeconds: Double
    var wallSeconds: Double
    var stderr: String
  }

  /// Runs `kring arguments` and measures its processor time with `wait4`, which counts only
  /// this child (other tests' processes running at the same time do not).
  static func measured(_ arguments: [String], stderrPath: String) throws -> Cost {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(
      &actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv = ([binary.path] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let started = Date()
    let spawned = posix_spawn(&pid, binary.path, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw CocoaError(.executableLoad, userInfo: ["errno": spawned])
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let wall = Date().timeIntervalSince(started)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    let exited = status & 0x7F == 0
    return Cost(
      status: exited ? (status >> 8) & 0xFF : -1,
      cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime), wallSeconds: wall,
      stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
  }
}
