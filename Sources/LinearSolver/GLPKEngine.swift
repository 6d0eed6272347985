import CGLPK
import CGLPKGuard
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one place that talks to GLPK.
///
/// GLPK keeps its state per thread, so everything here — create, load, solve, read, delete,
/// and freeing the environment — happens inside one call on the calling thread. Every GLPK
/// entry point that can raise an error runs inside the C guard, which turns GLPK's
/// `glp_error` (normally an `abort()`) into a return code.
enum GLPKEngine {
  /// GLPK's version string, such as `5.0`.
  static var version: String { String(cString: glp_version()) }

  /// Solves `model` on the current thread.
  static func solve(_ model: Model, options: SolveOptions) throws(LinearSolverError) -> Solution {
    try model.validate()
    try validate(options, model: model)
    let clock = ContinuousClock()
    let started = clock.now
    let context = SearchContext(options: options, model: model, clock: clock, started: started)
    return try withLoadedProblem(model, names: false, captureLog: options.captureLog) {
      loaded throws(LinearSolverError) in
      try solveLoaded(loaded, model: model, options: options, context: context)
    }
  }

  private static func solveLoaded(
    _ loaded: LoadedProblem, model: Model, options: SolveOptions, context: SearchContext
  ) throws(LinearSolverError) -> Solution {
    let problem = loaded.pointer
    let log = loaded.log
    var smcp = glp_smcp()
    glp_init_smcp(&smcp)
    smcp.msg_lev = options.captureLog ? GLP_MSG_ON : GLP_MSG_ERR
    smcp.presolve = GLP_OFF
    if let ms = context.remainingMilliseconds() { smcp.tm_lim = ms }
    var warm = false
    if let basis = options.basis, basis.rows.count == model.rows.count,
      basis.columns.count == model.columns.count
    {
      guard kring_guard_set_basis(problem, basis.rows, basis.columns) == 0
      else {
        loaded.alive = false
        throw engineError("setting the starting basis", log)
      }
      warm = true
    }
    var lpResult: Int32 = 0
    guard kring_guard_simplex(problem, &smcp, &lpResult) == 0 else {
      loaded.alive = false
      throw engineError("solving the LP relaxation", log)
    }
    // A starting basis GLPK cannot use (singular, ill-conditioned): start from scratch.
    if warm && (lpResult == GLP_EBADB || lpResult == GLP_ESING || lpResult == GLP_ECOND) {
      guard kring_guard_set_basis(problem, nil, nil) == 0,
        kring_guard_simplex(problem, &smcp, &lpResult) == 0
      else {
        loaded.alive = false
        throw engineError("solving the LP relaxation", log)
      }
    }
    let elapsedLP = context.elapsed()
    let lpStatus = glp_get_status(problem)

    func lpValues() -> [Double] {
      (0..<model.columns.count).map { glp_get_col_prim(problem, Int32($0 + 1)) }
    }

    if lpResult == GLP_ETMLIM || lpResult == GLP_EITLIM {
      return Solution(
        status: .timeLimit, objective: nil, bound: nil, gap: nil, elapsed: elapsedLP,
        log: log.text, values: [], modelID: model.id)
    }
    if lpResult != 0 && lpStatus != GLP_NOFEAS && lpStatus != GLP_UNBND {
      throw LinearSolverError(
        code: .numericalFailure,
        message: "GLPK's simplex failed with code \(lpResult)" + log.tail)
    }
    switch lpStatus {
    case GLP_NOFEAS:
      return Solution(
        status: .infeasible, objective: nil, bound: nil, gap: nil, elapsed: elapsedLP,
        log: log.text, values: [], modelID: model.id)
    case GLP_UNBND:
      return Solution(
        status: .unbounded, objective: nil, bound: nil, gap: nil, elapsed: elapsedLP,
        log: log.text, values: [], modelID: model.id)
    case GLP_OPT:
      break
    default:
      throw LinearSolverError(
        code: .numericalFailure, message: "GLPK's simplex ended with status \(lpStatus)" + log.tail)
    }

    guard model.isMixedInteger else {
      let objective = glp_get_obj_val(problem)
      var solution = Solution(
        status: .optimal, objective: objective, bound: objective, gap: 0, elapsed: elapsedLP,
        log: log.text, values: lpValues(), modelID: model.id)
      solution.duals = (0..<model.rows.count).map { glp_get_row_dual(problem, Int32($0 + 1)) }
      solution.basis = SimplexBasis(
        rows: (0..<model.rows.count).map { glp_get_row_stat(problem, Int32($0 + 1)) },
        columns: (0..<model.columns.count).map { glp_get_col_stat(problem, Int32($0 + 1)) })
      return solution
    }

    context.lpBound = glp_get_obj_val(problem)
    var iocp = glp_iocp()
    glp_init_iocp(&iocp)
    iocp.msg_lev = options.captureLog ? GLP_MSG_ON : GLP_MSG_ERR
    iocp.presolve = GLP_OFF  // a heuristic start needs the LP above and no presolve
    iocp.mip_gap = options.relativeGap
    if options.cuts {
      iocp.cov_cuts = GLP_ON
      iocp.clq_cuts = GLP_ON
      iocp.mir_cuts = GLP_ON
    }
    if let ms = context.remainingMilliseconds() { iocp.tm_lim = ms }
    switch options.branching {
    case .driebeckTomlin: iocp.br_tech = GLP_BR_DTH
    case .mostFractional: iocp.br_tech = GLP_BR_MFV
    }
    iocp.cb_func = searchCallback
    let info = Unmanaged.passUnretained(context).toOpaque()
    iocp.cb_info = info
    var mipResult: Int32 = 0
    guard kring_guard_intopt(problem, &iocp, &mipResult) == 0 else {
      loaded.alive = false
      throw engineError("branch-and-bound", log)
    }
    let elapsed = context.elapsed()
    let mipStatus = glp_mip_status(problem)
    let hasIncumbent = mipStatus == GLP_OPT || mipStatus == GLP_FEAS
    let objective = hasIncumbent ? glp_mip_obj_val(problem) : nil
    let values =
      hasIncumbent ? (0..<model.columns.count).map { glp_mip_col_val(problem, Int32($0 + 1)) } : []

    var status: SolveStatus
    var bound = context.bound
    switch mipResult {
    case 0:
      switch mipStatus {
      case GLP_OPT:
        status = .optimal
        bound = objective
      case GLP_NOFEAS: status = .infeasible
      default: status = .feasible
      }
    case GLP_EMIPGAP: status = .withinGap
    case GLP_ETMLIM: status = .timeLimit
    case GLP_ESTOP:
      status = context.stoppedByNodes ? .nodeLimit : context.stoppedByTime ? .timeLimit : .stopped
    default:
      throw LinearSolverError(
        code: .numericalFailure,
        message: "GLPK's branch-and-bound failed with code \(mipResult)" + log.tail)
    }
    if status == .infeasible { bound = nil }
    var gap: Double? = nil
    if let o = objective, let b = bound {
      gap = abs(o - b) / (abs(o) + Double.ulpOfOne)
    }
    return Solution(
      status: status, objective: objective, bound: bound, gap: gap, elapsed: elapsed,
      log: log.text, values: values, modelID: model.id)
  }

  /// Writes the model in CPLEX LP or free MPS format and returns the text.
  static func export(_ model: Model, mps: Bool) throws(LinearSolverError) -> String {
    try model.validate()
    return try withLoadedProblem(model, names: true, captureLog: true) {
      loaded throws(LinearSolverError) in
      try write(loaded, mps: mps)
    }
  }

  private static func write(_ loaded: LoadedProblem, mps: Bool) throws(LinearSolverError) -> String
  {
    let problem = loaded.pointer
    let log = loaded.log
    // The system's temporary folder (TMPDIR), never a hard-coded /tmp.
    let folder = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
    var template = Array(folder.appendingPathComponent("kring-model-XXXXXX").path.utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return -1 }
      return mkstemp(base)
    }
    guard fd >= 0 else {
      throw LinearSolverError(code: .exportFailed, message: "cannot create a temporary file")
    }
    close(fd)
    let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    defer { unlink(path) }
    var result: Int32 = 0
    let guarded =
      mps
      ? kring_guard_write_mps(problem, path, &result) : kring_guard_write_lp(problem, path, &result)
    guard guarded == 0 else {
      loaded.alive = false
      throw engineError("writing the export", log)
    }
    guard result == 0, let text = readFile(path) else {
      throw LinearSolverError(
        code: .exportFailed, message: "GLPK could not write the model" + log.tail)
    }
    return text
  }

  /// Creates a problem on this thread, loads `model` into it through the guard, and runs
  /// `body`; the problem, the log hook and the thread's GLPK environment are released after.
  private static func withLoadedProblem<R>(
    _ model: Model, names: Bool, captureLog: Bool,
    _ body: (LoadedProblem) throws(LinearSolverError) -> R
  ) throws(LinearSolverError) -> R {
    let log = LogSink(capture: captureLog)
    glp_term_hook(logHook, Unmanaged.passUnretained(log).toOpaque())
    defer {
      glp_term_hook(nil, nil)
      glp_free_env()
    }
    guard let pointer = glp_create_prob() else {
      throw LinearSolverError(code: .engineError, message: "GLPK could not create a problem")
    }
    let loaded = LoadedProblem(pointer: pointer, log: log)
    defer { if loaded.alive { glp_delete_prob(pointer) } }
    if try !load(model, into: pointer, names: names) {
      loaded.alive = false
      throw engineError("loading the model", log)
    }
    return try body(loaded)
  }

  /// Provokes a GLPK error inside the guard, for tests of recovery.
  static func provokeError() -> Bool {
    let log = LogSink(capture: true)
    glp_term_hook(logHook, Unmanaged.passUnretained(log).toOpaque())
    let failed = kring_guard_provoke_error() != 0
    glp_term_hook(nil, nil)
    glp_free_env()
    return failed
  }

  private static func engineError(_ stage: String, _ log: LogSink) -> LinearSolverError {
    LinearSolverError(
      code: .engineError, message: "GLPK raised an error while \(stage)" + log.tail)
  }

  private static func validate(_ options: SolveOptions, model: Model) throws(LinearSolverError) {
    if let n = options.nodeLimit, n < 1 {
      throw LinearSolverError(code: .invalidOptions, message: "node limit \(n) must be ≥ 1")
    }
    if let t = options.timeLimit, !(t >= 0) || !t.isFinite {
      throw LinearSolverError(
        code: .invalidOptions, message: "time limit \(t) must be a finite number ≥ 0")
    }
    if !(options.relativeGap >= 0) || !options.relativeGap.isFinite {
      throw LinearSolverError(
        code: .invalidOptions, message: "relative gap \(options.relativeGap) must be ≥ 0")
    }
    if let start = options.start {
      try checkStart(start, model: model)
    }
  }

  /// Checks that a warm start is a feasible point, because GLPK accepts any start unchecked
  /// and would then report a wrong optimum.
  private static func checkStart(_ start: [Variable: Double], model: Model)
    throws(LinearSolverError)
  {
    var x = [Double](repeating: 0, count: model.columns.count)
    for (v, value) in start {
      guard v.modelID == model.id, x.indices.contains(v.index), value.isFinite else {
        throw LinearSolverError(
          code: .invalidOptions,
          message:
            "start value \(value) for variable \(v.index + 1) is not finite or not in this model")
      }
      x[v.index] = value
    }
    let tolerance = 1e-6
    for (j, c) in model.columns.enumerated() {
      let lower = c.kind == .binary ? 0 : c.lower
      let upper = c.kind == .binary ? 1 : c.upper
      let integral = c.kind != .continuous
      if let l = lower, x[j] < l - tolerance {
        throw infeasibleStart(model.columnLabel(j), "below its lower bound")
      }
      if let u = upper, x[j] > u + tolerance {
        throw infeasibleStart(model.columnLabel(j), "above its upper bound")
      }
      if integral, abs(x[j] - x[j].rounded()) > tolerance {
        throw infeasibleStart(model.columnLabel(j), "not integral")
      }
    }
    for (i, r) in model.rows.enumerated() {
      var activity = 0.0
      for k in r.start..<(r.start + r.count) {
        activity += model.rowCoefficients[k] * x[Int(model.rowVariables[k])]
      }
      let scale = tolerance * max(1, abs(activity))
      if let l = r.lower, activity < l - scale {
        throw infeasibleStart(r.name ?? "r\(i + 1)", "violated (below)")
      }
      if let u = r.upper, activity > u + scale {
        throw infeasibleStart(r.name ?? "r\(i + 1)", "violated (above)")
      }
    }
  }

  private static func infeasibleStart(_ what: String, _ how: String) -> LinearSolverError {
    LinearSolverError(code: .invalidOptions, message: "the start is infeasible: \(what) is \(how)")
  }

  /// Loads the model through the guard; returns false when GLPK raised an error.
  private static func load(_ model: Model, into problem: OpaquePointer, names: Bool)
    throws(LinearSolverError) -> Bool
  {
    let n = model.columns.count
    let m = model.rows.count
    var kind = [Int32](repeating: GLP_CV, count: n)
    var colType = [Int32](repeating: GLP_FR, count: n)
    var colLower = [Double](repeating: 0, count: n)
    var colUpper = [Double](repeating: 0, count: n)
    var objective = [Double](repeating: 0, count: n)
    for (j, c) in model.columns.enumerated() {
      kind[j] = c.kind == .continuous ? GLP_CV : (c.kind == .integer ? GLP_IV : GLP_BV)
      (colType[j], colLower[j], colUpper[j]) = boundType(c.lower, c.upper)
    }
    for term in model.objectiveTerms { objective[term.variable.index] += term.coefficient }
    var rowType = [Int32](repeating: GLP_FR, count: m)
    var rowLower = [Double](repeating: 0, count: m)
    var rowUpper = [Double](repeating: 0, count: m)
    var ia = [Int32](repeating: 0, count: model.rowVariables.count + 1)
    var ja = [Int32](repeating: 0, count: model.rowVariables.count + 1)
    var ar = [Double](repeating: 0, count: model.rowVariables.count + 1)
    for (i, r) in model.rows.enumerated() {
      (rowType[i], rowLower[i], rowUpper[i]) = boundType(r.lower, r.upper)
      for k in r.start..<(r.start + r.count) {
        ia[k + 1] = Int32(i + 1)
        ja[k + 1] = model.rowVariables[k] + 1
        ar[k + 1] = model.rowCoefficients[k]
      }
    }
    let colNames: [String?] =
      names ? model.columns.enumerated().map { $1.name ?? "x\($0 + 1)" } : []
    let rowNames: [String?] = names ? model.rows.enumerated().map { $1.name ?? "r\($0 + 1)" } : []
    return withCStrings(colNames) { colNamePointers in
      withCStrings(rowNames) { rowNamePointers in
        var spec = kring_model()
        spec.direction = model.direction == .minimize ? GLP_MIN : GLP_MAX
        spec.nrows = Int32(m)
        spec.ncols = Int32(n)
        spec.obj_const = model.objectiveConstant
        spec.ne = Int32(model.rowVariables.count)
        return kind.withUnsafeBufferPointer { kindP in
          colType.withUnsafeBufferPointer { ctP in
            colLower.withUnsafeBufferPointer { clP in
              colUpper.withUnsafeBufferPointer { cuP in
                objective.withUnsafeBufferPointer { objP in
                  rowType.withUnsafeBufferPointer { rtP in
                    rowLower.withUnsafeBufferPointer { rlP in
                      rowUpper.withUnsafeBufferPointer { ruP in
                        ia.withUnsafeBufferPointer { iaP in
                          ja.withUnsafeBufferPointer { jaP in
                            ar.withUnsafeBufferPointer { arP in
                              spec.col_kind = kindP.baseAddress
                              spec.col_type = ctP.baseAddress
                              spec.col_lb = clP.baseAddress
                              spec.col_ub = cuP.baseAddress
                              spec.obj = objP.baseAddress
                              spec.row_type = rtP.baseAddress
                              spec.row_lb = rlP.baseAddress
                              spec.row_ub = ruP.baseAddress
                              spec.ia = iaP.baseAddress
                              spec.ja = jaP.baseAddress
                              spec.ar = arP.baseAddress
                              spec.col_names = colNamePointers
                              spec.row_names = rowNamePointers
                              return kring_guard_load(problem, &spec) == 0
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  private static func boundType(_ lower: Double?, _ upper: Double?) -> (Int32, Double, Double) {
    switch (lower, upper) {
    case (nil, nil): return (GLP_FR, 0, 0)
    case (let l?, nil): return (GLP_LO, l, 0)
    case (nil, let u?): return (GLP_UP, 0, u)
    case (let l?, let u?): return l == u ? (GLP_FX, l, u) : (GLP_DB, l, u)
    }
  }
}

/// Keeps C strings alive for the duration of `body`; an empty array gives a null pointer.
private func withCStrings<R>(
  _ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R
) -> R {
  guard !strings.isEmpty else { return body(nil) }
  let duplicated: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
  defer { for p in duplicated { free(p) } }
  let constant: [UnsafePointer<CChar>?] = duplicated.map { $0.map { UnsafePointer($0) } }
  return constant.withUnsafeBufferPointer { body($0.baseAddress) }
}

private func readFile(_ path: String) -> String? {
  guard let file = fopen(path, "rb") else { return nil }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65_536)
  while true {
    let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65_536, file) }
    if n <= 0 { break }
    bytes.append(contentsOf: buffer[0..<n])
  }
  return String(decoding: bytes, as: UTF8.self)
}

/// A problem object loaded on the current thread.
///
/// After a guarded GLPK error the thread's environment (and with it the problem) is gone, which
/// `alive` records.
private final class LoadedProblem {
  let pointer: OpaquePointer
  let log: LogSink
  var alive = true

  init(pointer: OpaquePointer, log: LogSink) {
    self.pointer = pointer
    self.log = log
  }
}

/// Collects GLPK's terminal output so that it never reaches stdout.
private final class LogSink {
  let capture: Bool
  var lines: [String] = []
  /// The last few lines are always kept, so that error messages can quote GLPK.
  var recent: [String] = []

  init(capture: Bool) { self.capture = capture }

  func append(_ text: String) {
    if capture { lines.append(text) }
    recent.append(text)
    if recent.count > 8 { recent.removeFirst(recent.count - 8) }
  }

  var text: String { lines.joined() }
  var tail: String {
    let t = recent.joined().split(separator: "\n").suffix(3).joined(separator: " ")
    return t.isEmpty ? "" : " (GLPK: \(t))"
  }
}

private func logHook(_ info: UnsafeMutableRawPointer?, _ text: UnsafePointer<CChar>?) -> Int32 {
  guard let info, let text else { return 1 }
  Unmanaged<LogSink>.fromOpaque(info).takeUnretainedValue().append(String(cString: text))
  return 1  // non-zero: GLPK prints nothing itself
}

/// State shared with GLPK's branch-and-bound callback, on the solving thread only.
private final class SearchContext {
  let options: SolveOptions
  let deadline: ContinuousClock.Instant?
  let clock: ContinuousClock
  let started: ContinuousClock.Instant
  let start: [Double]?
  let maximize: Bool
  var lpBound: Double?
  var bound: Double?
  var startOffered = false
  var stoppedByTime = false
  var stoppedByNodes = false
  /// Subproblems selected so far, for ``SolveOptions/nodeLimit``.
  var nodes = 0
  var lastReport: ContinuousClock.Instant
  var lastIncumbent: Double?

  init(
    options: SolveOptions, model: Model, clock: ContinuousClock, started: ContinuousClock.Instant
  ) {
    self.options = options
    self.clock = clock
    self.started = started
    self.lastReport = started
    self.maximize = model.direction == .maximize
    let limit = options.timeLimit.map {
      started.advanced(by: .milliseconds(Int64(($0 * 1000).rounded())))
    }
    // The earlier of the solve's own limit and the command's deadline.
    switch (limit, options.deadline) {
    case (let a?, let b?): deadline = min(a, b)
    case (let a, let b): deadline = a ?? b
    }
    if let given = options.start {
      var x = [Double](repeating: 0, count: model.columns.count + 1)
      for (v, value) in given { x[v.index + 1] = value }
      start = x
    } else {
      start = nil
    }
  }

  func elapsed() -> Double {
    let d = clock.now - started
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  func remainingMilliseconds() -> Int32? {
    guard let deadline else { return nil }
    let d = deadline - clock.now
    let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15
    return Int32(max(1, min(Double(Int32.max), ms.rounded(.up))))
  }

  var cancelled: Bool {
    if options.stopToken?.isStopped == true { return true }
    return Task.isCancelled
  }
}

private func searchCallback(_ tree: OpaquePointer?, _ info: UnsafeMutableRawPointer?) {
  guard let tree, let info else { return }
  let context = Unmanaged<SearchContext>.fromOpaque(info).takeUnretainedValue()
  let reason = glp_ios_reason(tree)

  if reason == GLP_IHEUR, !context.startOffered, let start = context.start {
    context.startOffered = true
    _ = start.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
  }

  let node = glp_ios_best_node(tree)
  if node != 0 {
    context.bound = glp_ios_node_bound(tree, node)
  } else if context.bound == nil {
    context.bound = context.lpBound
  }

  if context.cancelled {
    glp_ios_terminate(tree)
    return
  }
  if reason == GLP_ISELECT, let limit = context.options.nodeLimit {
    context.nodes += 1
    if context.nodes > limit {
      context.stoppedByNodes = true
      glp_ios_terminate(tree)
      return
    }
  }
  if let deadline = context.deadline, context.clock.now >= deadline {
    context.stoppedByTime = true
    glp_ios_terminate(tree)
    return
  }

  guard let progress = context.options.progress else { return }
  let problem = glp_ios_get_prob(tree)
  let hasIncumbent = glp_mip_status(problem) == GLP_FEAS || glp_mip_status(problem) == GLP_OPT
  let incumbent = hasIncumbent ? glp_mip_obj_val(problem) : nil
  let now = context.clock.now
  let improved = reason == GLP_IBINGO || incumbent != context.lastIncumbent
  let interval = Duration.milliseconds(Int64(context.options.progressInterval * 1000))
  guard improved || now - context.lastReport >= interval else { return }
  context.lastReport = now
  context.lastIncumbent = incumbent
  var gap: Double? = nil
  if let i = incumbent, let b = context.bound { gap = abs(i - b) / (abs(i) + Double.ulpOfOne) }
  progress(
    SolveProgress(incumbent: incumbent, bound: context.bound, gap: gap, elapsed: context.elapsed()))
}
