import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A failed file-system call of the output writer: what was done, where, and `errno`.
struct WriteFailure: Error, Sendable {
  /// The path the call was about, for messages.
  var path: String
  /// What was being done, such as `create` or `rename`.
  var operation: String
  var code: Int32
  /// Whether the disk (or the user's quota) is full.
  var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }

  /// The system's text for the error, such as `Permission denied`.
  var reason: String { String(cString: strerror(code)) }
}

/// What a name in a folder is, read without following a symlink.
enum EntryKind: Sendable, Equatable {
  case file
  case directory
  case symlink
  case other
}

/// An open folder: the anchor of every `*at` call the writer makes, so that no name inside an
/// output folder is ever resolved through a symlink.
///
/// Names passed to the methods are single path components; the folder itself was opened by
/// the path the user gave (which may be a symlink they chose), everything below it is opened
/// with `O_NOFOLLOW`.
final class DirectoryHandle {
  let fd: Int32
  /// The folder's path, for messages only.
  let path: String

  /// Opens the folder at `path`.
  init(path: String) throws(WriteFailure) {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw WriteFailure(path: path, operation: "open", code: errno) }
    self.fd = fd
    self.path = path
  }

  /// Opens the subfolder `name`, refusing a symlink.
  init(in parent: DirectoryHandle, name: String) throws(WriteFailure) {
    let fd = openat(parent.fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    let path = parent.child(name)
    guard fd >= 0 else { throw WriteFailure(path: path, operation: "open", code: errno) }
    self.fd = fd
    self.path = path
  }

  deinit { close(fd) }

  /// The path of `name` in this folder, for messages.
  func child(_ name: String) -> String {
    path.hasSuffix("/") ? path + name : path + "/" + name
  }

  /// What `name` is, or `nil` when there is nothing by that name.
  func kind(of name: String) -> EntryKind? {
    var info = stat()
    guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    case S_IFLNK: return .symlink
    default: return .other
    }
  }

  /// The names in the folder, without `.` and `..`, sorted.
  func names() throws(WriteFailure) -> [String] {
    let copy = dup(fd)
    guard copy >= 0, let stream = fdopendir(copy) else {
      let code = errno
      if copy >= 0 { close(copy) }
      throw WriteFailure(path: path, operation: "list", code: code)
    }
    defer { closedir(stream) }
    rewinddir(stream)
    var result: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { result.append(name) }
    }
    return result.sorted()
  }

  /// Creates the subfolder `name`; it must not exist yet.
  func makeDirectory(_ name: String, mode: mode_t = 0o777) throws(WriteFailure) {
    guard mkdirat(fd, name, mode) == 0 else {
      throw WriteFailure(path: child(name), operation: "create the folder", code: errno)
    }
  }

  /// Creates the file `name`, which must not exist (no symlink is followed), and writes
  /// `bytes`; on any failure the file is removed again.
  ///
  /// The bytes reach the disk with ``sync(_:workers:)`` over the whole staging folder before
  /// anything is swapped in.
  func writeNewFile(_ name: String, _ bytes: [UInt8], faults: WriteFaults?) throws(WriteFailure) {
    let file = openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
    guard file >= 0 else {
      throw WriteFailure(path: child(name), operation: "create", code: errno)
    }
    var failure: WriteFailure?
    if let injected = faults?.failure(writing: child(name)) {
      failure = injected
    } else {
      failure = bytes.withUnsafeBytes { raw -> WriteFailure? in
        var offset = 0
        while offset < raw.count {
          guard let base = raw.baseAddress else { return nil }
          let written = write(file, base + offset, raw.count - offset)
          if written < 0 {
            if errno == EINTR { continue }
            return WriteFailure(path: child(name), operation: "write", code: errno)
          }
          offset += written
        }
        return nil
      }
    }
    if close(file) != 0, failure == nil {
      failure = WriteFailure(path: child(name), operation: "write", code: errno)
    }
    if let failure {
      unlinkat(fd, name, 0)
      throw failure
    }
  }

  /// Renames `name` to `newName` in `target`, replacing a file (or symlink) there.
  func rename(_ name: String, to target: DirectoryHandle, as newName: String) throws(WriteFailure) {
    guard renameat(fd, name, target.fd, newName) == 0 else {
      throw WriteFailure(path: child(name), operation: "move", code: errno)
    }
  }

  /// Removes `name` and, for a folder, everything in it; a symlink is removed, never followed.
  func removeTree(_ name: String) throws(WriteFailure) {
    guard let kind = kind(of: name) else { return }
    if kind == .directory {
      let folder = try DirectoryHandle(in: self, name: name)
      for entry in try folder.names() { try folder.removeTree(entry) }
    }
    guard unlinkat(fd, name, kind == .directory ? AT_REMOVEDIR : 0) == 0 || errno == ENOENT else {
      throw WriteFailure(path: child(name), operation: "remove", code: errno)
    }
  }

  /// The first place under `name` (itself included, no symlink followed) that could not be
  /// removed for want of permission: a folder that is not writable, or an immutable entry.
  func firstUnremovable(under name: String) -> String? {
    guard kind(of: name) == .directory else { return nil }
    guard faccessat(fd, name, W_OK | X_OK, AT_EACCESS) == 0,
      let folder = try? DirectoryHandle(in: self, name: name)
    else { return child(name) }
    for entry in (try? folder.names()) ?? [] {
      if let blocked = folder.firstUnremovable(under: entry) { return blocked }
    }
    return nil
  }

  /// Takes the folder's exclusive advisory lock, so that two runs of Kring never write into
  /// one folder at once; it is released when the handle closes.
  func lock() {
    while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
  }

  /// Flushes the folder's entries (new names, renames) to the disk.
  func sync() { _ = fsync(fd) }

  /// Flushes the files and folders at `paths` (relative to this folder, `/`-separated) to the
  /// disk, several at a time.
  ///
  /// One `fsync` after another costs a journal commit each (seconds for a thousand files);
  /// issued together they share commits. `syncfs` would wait for every other program's
  /// writes on the disk too.
  func sync(_ paths: [String], workers: Int = 16) throws(WriteFailure) {
    let failures = Failures()
    let done = DispatchGroup()
    let count = min(workers, paths.count)
    for worker in 0..<count {
      done.enter()
      let thread = Thread { [fd, path] in
        for k in stride(from: worker, to: paths.count, by: count) {
          let file = openat(fd, paths[k], O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
          if file < 0 || fsync(file) != 0 {
            failures.record(
              WriteFailure(path: path + "/" + paths[k], operation: "write", code: errno))
          }
          if file >= 0 { close(file) }
        }
        done.leave()
      }
      thread.start()
    }
    done.wait()
    if let failure = failures.first { throw failure }
    sync()
  }
}

/// The first failure of several threads.
private final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var failure: WriteFailure?

  func record(_ new: WriteFailure) { lock.withLock { if failure == nil { failure = new } } }
  var first: WriteFailure? { lock.withLock { failure } }
}
