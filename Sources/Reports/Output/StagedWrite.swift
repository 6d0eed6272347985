import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Faults the writer injects on request, so that tests can reproduce a full disk or a signal
/// in the middle of a write; never set outside tests.
package final class WriteFaults: @unchecked Sendable {
  /// The file (counted from 1, over the whole write) that fails, and with which `errno`.
  package let failingFile: Int?
  package let code: Int32
  /// Seconds to wait after each file is staged, so that a test can signal the process then.
  package let delay: Double
  private let lock = NSLock()
  private var files = 0

  package init(failingFile: Int? = nil, code: Int32 = ENOSPC, delay: Double = 0) {
    self.failingFile = failingFile
    self.code = code
    self.delay = delay
  }

  /// The faults asked for in `KRING_TEST_FAULTS` (`fail-file=3`, `delay=0.2`, comma
  /// separated), which lets tests of the real binary inject them; `nil` when it is unset.
  package static func fromEnvironment() -> WriteFaults? {
    guard let spec = ProcessInfo.processInfo.environment["KRING_TEST_FAULTS"], !spec.isEmpty
    else { return nil }
    var failing: Int?
    var delay = 0.0
    for part in spec.split(separator: ",") {
      let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
      guard pair.count == 2 else { continue }
      switch pair[0] {
      case "fail-file": failing = Int(pair[1])
      case "delay": delay = Double(pair[1]) ?? 0
      default: continue
      }
    }
    return WriteFaults(failingFile: failing, delay: delay)
  }

  /// The failure to report for the next file written, if it is the one that fails.
  func failure(writing path: String) -> WriteFailure? {
    let count = lock.withLock {
      files += 1
      return files
    }
    return count == failingFile ? WriteFailure(path: path, operation: "write", code: code) : nil
  }

  /// Waits after a staged file, when asked to.
  func pause() {
    if delay > 0 { Thread.sleep(forTimeInterval: delay) }
  }
}

/// The writes in progress in this process, so that a signal can remove what they staged.
///
/// Every step that changes a folder (staging one file, swapping a run in) holds the one lock;
/// ``abandonAll()`` takes it too, so it runs between steps and finds each folder either as it
/// was or complete, never half swapped.
package final class PendingWrites: @unchecked Sendable {
  package static let shared = PendingWrites()

  /// Recursive, because a step may register the cleanup of what it creates.
  private let lock = NSRecursiveLock()
  private var next = 0
  private var cleanups: [Int: () -> Void] = [:]

  /// Runs `body` as one step no signal interrupts.
  func step<T>(_ body: () throws(WriteFailure) -> T) throws(WriteFailure) -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }

  func register(_ cleanup: @escaping () -> Void) -> Int {
    lock.withLock {
      next += 1
      cleanups[next] = cleanup
      return next
    }
  }

  func unregister(_ id: Int) {
    lock.withLock { _ = cleanups.removeValue(forKey: id) }
  }

  /// Removes everything every write in progress has staged and keeps the lock, so that no
  /// further step starts: for a signal handler that then ends the process.
  package func abandonAll() {
    lock.lock()
    for id in cleanups.keys.sorted() { cleanups[id]?() }
    cleanups.removeAll()
  }
}

/// One write of several files into a folder: each file is created exclusively in a private
/// staging folder beside the targets and flushed to the disk, and only when all are there are
/// they swapped in, the entries they replace moved out of the way first, all or nothing.
final class StagedWrite {
  /// The prefix of every name the writer uses for its own work in a folder.
  static let workPrefix = ".kring-"

  let root: DirectoryHandle
  private let staging: DirectoryHandle
  private let stagingName: String
  private var trashName: String?
  private var staged: Set<String> = []
  private var folders: Set<String> = []
  /// Every file staged, relative to the staging folder, to flush before the swap.
  private var files: [String] = []
  private let faults: WriteFaults?
  private var registration = 0

  /// Opens a staging folder in `root`; `root` is locked against other runs of Kring first, and
  /// what earlier runs that were killed left behind is removed.
  init(root: DirectoryHandle, faults: WriteFaults?) throws(WriteFailure) {
    self.root = root
    self.faults = faults
    root.lock()
    for name in try root.names() where Self.isLeftover(name) {
      try? root.removeTree(name)
    }
    var name = ""
    while true {
      name = Self.randomName("stage")
      if mkdirat(root.fd, name, 0o700) == 0 { break }
      guard errno == EEXIST else {
        throw WriteFailure(path: root.path, operation: "write into", code: errno)
      }
    }
    stagingName = name
    staging = try DirectoryHandle(in: root, name: name)
    registration = PendingWrites.shared.register { [root, name] in
      try? root.removeTree(name)
    }
  }

  deinit { discard() }

  /// A fresh, unguessable name for the writer's own work in a folder.
  static func randomName(_ purpose: String) -> String {
    var generator = SystemRandomNumberGenerator()
    let bits = generator.next() as UInt64
    let text = String(bits, radix: 16)
    return workPrefix + purpose + "-" + String(repeating: "0", count: 16 - text.count) + text
  }

  /// Whether `name` is the writer's own work left by a run that was killed (or written by
  /// an earlier version of Kring: `.kring-plan.json.<pid>.tmp`).
  static func isLeftover(_ name: String) -> Bool {
    name.hasPrefix(workPrefix + "stage-") || name.hasPrefix(workPrefix + "old-")
      || (name.hasPrefix(workPrefix) && name.hasSuffix(".tmp"))
  }

  /// Stages `bytes` at `relativePath` (folders separated by `/`).
  func add(_ relativePath: String, _ bytes: [UInt8]) throws(WriteFailure) {
    let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false).map(
      String.init)
    guard !parts.isEmpty,
      parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") })
    else {
      throw WriteFailure(path: root.child(relativePath), operation: "create", code: EINVAL)
    }
    do {
      try stage(parts, bytes)
    } catch {
      // Named by where the file was going, not by the staging folder that is gone again.
      var failure = error
      failure.path = root.child(relativePath)
      throw failure
    }
    faults?.pause()
  }

  private func stage(_ parts: [String], _ bytes: [UInt8]) throws(WriteFailure) {
    try PendingWrites.shared.step { () throws(WriteFailure) in
      var folder = staging
      var prefix = ""
      for part in parts.dropLast() {
        prefix += part + "/"
        if !folders.contains(prefix) {
          try folder.makeDirectory(part)
          folders.insert(prefix)
        }
        folder = try DirectoryHandle(in: folder, name: part)
      }
      try folder.writeNewFile(parts[parts.count - 1], bytes, faults: faults)
      staged.insert(parts[0])
      files.append(parts.joined(separator: "/"))
    }
  }

  /// Swaps every staged entry into `root`, first moving out of the way whatever is there under
  /// those names and under `replacing`; if any move fails, every move is undone.
  func commit(replacing: Set<String>) throws(WriteFailure) {
    try staging.sync(files + folders.map { String($0.dropLast()) })
    try PendingWrites.shared.step { () throws(WriteFailure) in
      let trash = Self.randomName("old")
      try root.makeDirectory(trash, mode: 0o700)
      trashName = trash
      let bin = try DirectoryHandle(in: root, name: trash)
      PendingWrites.shared.unregister(registration)
      registration = PendingWrites.shared.register { [root, stagingName] in
        try? root.removeTree(stagingName)
        try? root.removeTree(trash)
      }
      var movedOut: [String] = []
      var movedIn: [String] = []
      do throws(WriteFailure) {
        for name in replacing.union(staged).sorted() where root.kind(of: name) != nil {
          try root.rename(name, to: bin, as: name)
          movedOut.append(name)
        }
        for name in staged.sorted() {
          try staging.rename(name, to: root, as: name)
          movedIn.append(name)
        }
      } catch {
        for name in movedIn.reversed() { try? root.rename(name, to: staging, as: name) }
        for name in movedOut.reversed() { try? bin.rename(name, to: root, as: name) }
        root.sync()
        throw error
      }
      root.sync()
    }
    discard()
  }

  /// Removes the staging folder and the entries the commit replaced.
  func discard() {
    guard registration != 0 else { return }
    try? root.removeTree(stagingName)
    if let trashName { try? root.removeTree(trashName) }
    PendingWrites.shared.unregister(registration)
    registration = 0
  }
}
