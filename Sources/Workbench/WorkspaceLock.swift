import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The claim of one `kring serve` on a workspace, so that a second server cannot fail the
/// first one's running solves or queue its own beside them.
///
/// An advisory `flock` on `serve.lock` in the workspace: the system releases it when the
/// process ends, however it ends, so a crashed server never leaves the workspace locked.
final class WorkspaceLock: Sendable {
  /// The lock file inside the workspace folder.
  static let fileName = "serve.lock"

  private let descriptor: Int32

  /// Takes the workspace, or says who has it.
  init(folder: String) throws(WorkbenchError) {
    let path = (folder as NSString).appendingPathComponent(Self.fileName)
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw WorkbenchError(
        status: 500, code: "workspace-unavailable",
        message: "cannot create \(path): \(String(cString: strerror(errno)))")
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines)
      close(fd)
      let who = holder.flatMap { Int($0) }.map { " (process \($0))" } ?? ""
      throw WorkbenchError(
        status: 409, code: "workspace-in-use",
        message:
          "another kring serve\(who) is using this workspace; stop it, or give this one its own --workspace"
      )
    }
    // The holder's process id, for the message above; the lock itself is what counts.
    let pid = Array("\(getpid())\n".utf8)
    if ftruncate(fd, 0) == 0 {
      _ = pid.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
    descriptor = fd
  }

  deinit {
    // Closing the descriptor releases the lock.
    close(descriptor)
  }
}
