import Foundation

extension Model {
  /// Solves the model on the current thread and returns when GLPK is done.
  ///
  /// Use this from code that already runs on its own thread (a search). Task cancellation
  /// of the current task and the options' stop token both end the solve early.
  public func solve(_ options: SolveOptions = SolveOptions()) throws(LinearSolverError) -> Solution
  {
    try GLPKEngine.solve(self, options: options)
  }

  /// Solves the model on a dedicated thread, off Swift's cooperative pool.
  ///
  /// Cancelling the calling task stops the solve; the incumbent found so far is returned
  /// with status ``SolveStatus/stopped``.
  public func solve(_ options: SolveOptions = SolveOptions()) async throws(LinearSolverError)
    -> Solution
  {
    var options = options
    let token = options.stopToken ?? StopToken()
    options.stopToken = token
    let model = self
    let frozen = options
    let result: Result<Solution, LinearSolverError> = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let thread = Thread {
          do throws(LinearSolverError) {
            continuation.resume(returning: .success(try GLPKEngine.solve(model, options: frozen)))
          } catch {
            continuation.resume(returning: .failure(error))
          }
        }
        thread.name = "kring.glpk"
        thread.stackSize = 8 << 20
        thread.start()
      }
    } onCancel: {
      token.stop()
    }
    return try result.get()
  }

  /// The model in CPLEX LP format, for debugging.
  public func lpFormat() throws(LinearSolverError) -> String {
    try GLPKEngine.export(self, mps: false)
  }

  /// The model in free MPS format, for debugging.
  public func mpsFormat() throws(LinearSolverError) -> String {
    try GLPKEngine.export(self, mps: true)
  }
}

/// Facts about the linked GLPK library.
public enum LinearSolverInfo {
  /// GLPK's version string, such as `5.0`.
  public static var glpkVersion: String { GLPKEngine.version }
}
