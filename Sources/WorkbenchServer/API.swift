import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Reports
import Workbench

/// The JSON API under `/api` (documented in `docs/openapi.yaml`); the pages use it too.
struct API: Sendable {
  let server: WorkbenchServer
  var workbench: Workbench { server.workbench }

  /// The largest JSON body a request may carry.
  static let jsonLimit = 64 * 1024

  func add(to router: Router<BasicRequestContext>) {
    let api = router.group("api")
    api.get("session") { _, _ in
      Reply.json(["csrf": server.csrfToken, "author": workbench.author(nil)])
    }
    api.get("cohorts") { _, _ in Reply.json(try workbench.cohorts()) }
    api.post("cohorts") { request, context in
      let body = try await Self.decode(NewCohort.self, from: request)
      let cohort = try workbench.createCohort(name: body.name, author: Self.author(request))
      return Reply.json(cohort, status: .created)
    }
    api.get("cohorts/:id") { _, context in
      Reply.json(try workbench.cohort(try Self.id(context)))
    }
    api.put("cohorts/:id/intake") { request, context in
      let cohort = try Self.id(context)
      let name = try Self.intakeName(request)
      let bytes = try await Self.body(request, limit: Uploads.intakeLimit, what: name)
      return Reply.json(
        try workbench.putIntake(
          cohort, bytes: bytes, fileName: name, author: Self.author(request)))
    }
    api.get("cohorts/:id/intake") { _, context in
      let view = try workbench.intakeView(try Self.id(context))
      return Reply.json(IntakeReply(file: view.file, problems: view.problems, report: view.report))
    }
    api.put("cohorts/:id/config") { request, context in
      let cohort = try Self.id(context)
      try Self.requireType(
        request,
        allowed: [
          "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain",
        ],
        what: "kring.yaml")
      let bytes = try await Self.body(request, limit: Uploads.configLimit, what: "kring.yaml")
      return Reply.json(
        ["file": try workbench.putConfig(cohort, bytes: bytes, author: Self.author(request))])
    }
    api.get("cohorts/:id/config") { _, context in
      Reply.bytes(
        Array(try workbench.configText(try Self.id(context)).utf8),
        type: "application/yaml; charset=utf-8")
    }
    api.post("cohorts/:id/rules") { request, context in
      let cohort = try Self.id(context)
      let body = try await Self.decode(RuleSettings.self, from: request)
      return Reply.json(
        ["file": try workbench.setRules(cohort, settings: body.set, author: Self.author(request))])
    }
    api.put("cohorts/:id/files/:name") { request, context in
      let cohort = try Self.id(context)
      let name = context.parameters.get("name") ?? ""
      let bytes = try await Self.body(request, limit: Uploads.resourceLimit, what: name)
      return Reply.json(
        try workbench.putResource(cohort, name: name, bytes: bytes, author: Self.author(request)))
    }
    api.get("cohorts/:id/plans") { _, context in
      Reply.json(try workbench.versions(try Self.id(context)))
    }
    api.post("cohorts/:id/plans") { request, context in
      let cohort = try Self.id(context)
      let body = try await Self.decode(NewPlan.self, from: request, emptyIsDefault: NewPlan())
      let version = try workbench.startPlan(
        cohort, from: body.from, set: body.set ?? [], author: Self.author(request))
      return Reply.json(version.info, status: .accepted)
    }
    api.get("cohorts/:id/plans/:pid") { _, context in
      Reply.bytes(
        try workbench.planJSON(try Self.id(context), plan: try Self.id(context, "pid")),
        type: Reply.jsonType)
    }
    api.get("cohorts/:id/plans/:pid/version") { _, context in
      let version = try workbench.version(try Self.id(context), plan: try Self.id(context, "pid"))
      return Reply.json(
        VersionReply(
          version: version.info,
          holds: try workbench.holds(version.cohort, plan: version.id)))
    }
    api.get("cohorts/:id/plans/:pid/events") { _, context in
      let stream = try workbench.events(try Self.id(context), plan: try Self.id(context, "pid"))
      return Response(
        status: .ok,
        headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
        body: ResponseBody { writer in
          let encoder = JSONEncoder()
          encoder.outputFormatting = [.sortedKeys]
          for await event in stream {
            let data =
              (try? encoder.encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            try await writer.write(ByteBuffer(string: "event: \(event.type)\ndata: \(data)\n\n"))
            if event.isFinal { break }
          }
          try await writer.finish(nil)
        })
    }
    api.post("cohorts/:id/plans/:pid/cancel") { request, context in
      try workbench.cancel(
        try Self.id(context), plan: try Self.id(context, "pid"), author: Self.author(request))
      return Reply.json(["status": "cancelling"], status: .accepted)
    }
    api.post("cohorts/:id/plans/:pid/moves") { request, context in
      let body = try await Self.decode(NewMove.self, from: request)
      return Reply.json(
        try workbench.move(
          try Self.id(context), plan: try Self.id(context, "pid"), candidate: body.candidate,
          to: body.to, author: Self.author(request)))
    }
    api.get("cohorts/:id/plans/:pid/holds") { _, context in
      Reply.json(
        HoldsReply(
          holds: try workbench.holds(try Self.id(context), plan: try Self.id(context, "pid"))))
    }
    api.post("cohorts/:id/plans/:pid/locks") { request, context in
      let body = try await Self.decode(NewLock.self, from: request)
      return Reply.json(
        HoldsReply(
          holds: try workbench.lock(
            try Self.id(context), plan: try Self.id(context, "pid"), group: body.group,
            author: Self.author(request))))
    }
    api.delete("cohorts/:id/plans/:pid/locks/:group") { request, context in
      Reply.json(
        HoldsReply(
          holds: try workbench.unlock(
            try Self.id(context), plan: try Self.id(context, "pid"),
            group: context.parameters.get("group") ?? "", author: Self.author(request))))
    }
    api.post("cohorts/:id/plans/:pid/pins") { request, context in
      let body = try await Self.decode(NewPin.self, from: request)
      return Reply.json(
        HoldsReply(
          holds: try workbench.pin(
            try Self.id(context), plan: try Self.id(context, "pid"), candidate: body.candidate,
            group: body.group, author: Self.author(request))))
    }
    api.delete("cohorts/:id/plans/:pid/pins/:candidate") { request, context in
      Reply.json(
        HoldsReply(
          holds: try workbench.unpin(
            try Self.id(context), plan: try Self.id(context, "pid"),
            candidate: context.parameters.get("candidate") ?? "", author: Self.author(request))))
    }
    api.get("cohorts/:id/plans/:pid/diff") { request, context in
      guard let other = request.uri.queryParameters.get("with").flatMap({ Int64($0) }) else {
        throw WorkbenchError(
          status: 400, code: "missing-parameter",
          message: "name the version to compare with: ?with=ID")
      }
      return Reply.json(
        try workbench.compare(
          try Self.id(context), plan: try Self.id(context, "pid"), with: other))
    }
    api.get("cohorts/:id/plans/:pid/download") { request, context in
      let text = request.uri.queryParameters.get("audience") ?? "all"
      guard let audience = Workbench.Audience(rawValue: text) else {
        throw WorkbenchError(
          status: 400, code: "invalid-parameter",
          message: "audience \"\(text)\" is not one of all, coordinator, facilitators, groups",
          details: .init(allowed: Workbench.Audience.allCases.map(\.rawValue)))
      }
      let (name, bytes) = try workbench.download(
        try Self.id(context), plan: try Self.id(context, "pid"), audience: audience)
      return Reply.bytes(
        bytes, type: "application/zip",
        headers: [.contentDisposition: "attachment; filename=\"\(name)\""])
    }
    api.get("**") { _, _ -> Response in
      throw WorkbenchError.routeNotFound
    }
  }

  // MARK: Request parts

  static func id(_ context: BasicRequestContext, _ name: String = "id") throws -> Int64 {
    guard let text = context.parameters.get(name), let id = Int64(text), id > 0 else {
      throw WorkbenchError(
        status: 404, code: name == "id" ? "cohort-not-found" : "plan-not-found",
        message:
          "\"\(context.parameters.get(name) ?? "")\" is not a \(name == "id" ? "cohort" : "plan version") id"
      )
    }
    return id
  }

  static func author(_ request: Request) -> String? {
    request.headers[.author].flatMap { $0.removingPercentEncoding ?? $0 }
  }

  /// The body's bytes, refusing more than `limit`.
  static func body(_ request: Request, limit: Int, what: String) async throws -> [UInt8] {
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
      throw tooLarge(what, limit)
    }
    var request = request
    do {
      let buffer = try await request.collectBody(upTo: limit)
      return Array(buffer.readableBytesView)
    } catch is NIOTooManyBytesError {
      throw tooLarge(what, limit)
    }
  }

  static func tooLarge(_ what: String, _ limit: Int) -> WorkbenchError {
    WorkbenchError(
      status: 413, code: "upload-too-large",
      message: "\(what) is larger than \(limit) bytes, the most accepted",
      details: .init(limit: limit))
  }

  static func requireType(_ request: Request, allowed: [String], what: String) throws {
    guard let type = request.headers[.contentType] else { return }
    let base =
      type.split(separator: ";").first.map {
        $0.trimmingCharacters(in: .whitespaces).lowercased()
      } ?? ""
    guard allowed.contains(base) || base == "application/octet-stream" else {
      throw WorkbenchError(
        status: 415, code: "unsupported-type",
        message: "\(what) must be sent as \(allowed.joined(separator: ", ")), not \(base)",
        details: .init(allowed: allowed))
    }
  }

  static let spreadsheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

  /// The intake upload's file name: `X-File-Name` or `?name=`, else one that fits its type.
  static func intakeName(_ request: Request) throws -> String {
    let allowed = [
      "text/csv", "application/csv", "text/plain", "application/json", spreadsheetType,
    ]
    try requireType(request, allowed: allowed, what: "the intake file")
    let given =
      (request.headers[.fileName].flatMap { $0.removingPercentEncoding ?? $0 }
        ?? request.uri.queryParameters.get("name").map { String($0) })
    if let given, !given.isEmpty { return Uploads.safeName(given) }
    let type = request.headers[.contentType]?.lowercased() ?? ""
    if type.hasPrefix("application/json") { return "intake.json" }
    if type.hasPrefix(spreadsheetType) { return "intake.xlsx" }
    return "intake.csv"
  }

  /// Decodes a JSON body, or refuses it with what was wrong.
  static func decode<T: Decodable>(
    _ type: T.Type, from request: Request, emptyIsDefault: T? = nil
  ) async throws -> T {
    let bytes = try await body(request, limit: jsonLimit, what: "the request")
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }),
      let emptyIsDefault
    {
      return emptyIsDefault
    }
    try requireType(request, allowed: ["application/json"], what: "the request")
    do {
      return try JSONDecoder().decode(T.self, from: Data(bytes))
    } catch DecodingError.keyNotFound(let key, _) {
      throw WorkbenchError(
        status: 400, code: "invalid-json", message: "the request lacks \"\(key.stringValue)\"")
    } catch DecodingError.typeMismatch(_, let context),
      DecodingError.valueNotFound(_, let context)
    {
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      throw WorkbenchError(
        status: 400, code: "invalid-json",
        message: "\"\(path)\" has the wrong type: \(context.debugDescription)")
    } catch {
      throw WorkbenchError(
        status: 400, code: "invalid-json", message: "the request body is not valid JSON")
    }
  }
}

extension WorkbenchError {
  static let routeNotFound = WorkbenchError(
    status: 404, code: "not-found", message: "no such API route; see docs/openapi.yaml")
}

struct NewCohort: Decodable { var name: String }
struct RuleSettings: Decodable { var set: [String] }
struct NewPlan: Decodable {
  var from: Int64?
  var set: [String]?
}
struct NewMove: Decodable {
  var candidate: String
  var to: String
}
struct NewLock: Decodable { var group: String }
struct NewPin: Decodable {
  var candidate: String
  var group: String
}

struct IntakeReply: Encodable {
  var file: FileInfo?
  var problems: [Problem]
  var report: IntakeScoreReport?
}

struct VersionReply: Encodable {
  var version: VersionInfo
  var holds: [Hold]
}

struct HoldsReply: Encodable { var holds: [Hold] }
