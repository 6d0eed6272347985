import Foundation
import Generator
import HTTPTypes
import Hummingbird
import Intake
import Logging
import NIOCore
import NIOEmbedded
import Pipeline
import Reports
import Testing
import Workbench
import WorkbenchServer

/// A workbench on a fresh temporary workspace, served in memory (requests go straight to the
/// router, as HummingbirdTesting's router mode sends them), with helpers to call the API as a
/// browser tab would.
struct Harness {
  static let token = "test-csrf-token"
  let folder: String
  let workbench: Workbench
  let server: WorkbenchServer

  init(iterations: Int? = 30, diagnosis: Bool = false) throws {
    folder =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("kring-workbench-\(UUID().uuidString)").path
    workbench = try Workbench(
      folder: folder,
      settings: Workbench.Settings(
        iterations: iterations, diagnosis: diagnosis, defaultAuthor: "tester"))
    server = WorkbenchServer(workbench: workbench, csrfToken: Self.token)
  }

  func remove() { try? FileManager.default.removeItem(atPath: folder) }

  /// Runs `body` with a test client of this server.
  func run(_ body: @escaping @Sendable (Client) async throws -> Void) async throws {
    defer { remove() }
    try await body(Client(responder: server.router().buildResponder()))
  }

  /// The repository's root, for fixtures.
  static var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  static func fixture(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: root.appendingPathComponent(path)))
  }
}

/// A response: its status, headers and body.
struct Reply: Sendable {
  var status: Int
  var headers: HTTPFields
  var body: [UInt8]

  var text: String { String(decoding: body, as: UTF8.self) }

  var json: [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:]
  }

  var array: [[String: Any]] {
    (try? JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]]) ?? []
  }

  func decode<T: Decodable>(_ type: T.Type) throws -> T {
    try JSONDecoder().decode(type, from: Data(body))
  }

  /// The error's `code`, for error replies.
  var code: String? { json["code"] as? String }

  var details: [String: Any] { json["details"] as? [String: Any] ?? [:] }
}

/// A tab of the browser: calls with the CSRF token (unless told not to) and an author.
///
/// Requests go to the router's responder in memory, with the host `localhost` as a browser
/// on this machine sends it; the response body (an event stream too) is read to its end.
struct Client: Sendable {
  let responder: RouterResponder<BasicRequestContext>

  /// Collects a response body.
  final class Collector: ResponseBodyWriter, @unchecked Sendable {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws {
      var copy = buffer
      self.buffer.writeBuffer(&copy)
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
  }

  func call(
    _ method: HTTPRequest.Method, _ uri: String, body: [UInt8]? = nil,
    headers: HTTPFields = [:], csrf: Bool = true, host: String = "localhost"
  ) async throws -> Reply {
    var fields = headers
    if csrf { fields[HTTPField.Name("X-CSRF-Token")!] = Harness.token }
    if fields[HTTPField.Name("X-Kring-Author")!] == nil {
      fields[HTTPField.Name("X-Kring-Author")!] = "Anne%20de%20Vries"
    }
    if let body { fields[.contentLength] = String(body.count) }
    let request = Request(
      head: HTTPRequest(
        method: method, scheme: "http", authority: host, path: uri, headerFields: fields),
      body: RequestBody(buffer: ByteBuffer(bytes: body ?? [])))
    let context = BasicRequestContext(
      source: ApplicationRequestContextSource(
        channel: EmbeddedChannel(), logger: Logger(label: "workbench-tests")))
    let response = try await responder.respond(to: request, context: context)
    let collector = Collector()
    try await response.body.write(collector)
    return Reply(
      status: Int(response.status.code), headers: response.headers,
      body: Array(collector.buffer.readableBytesView))
  }

  func json(_ method: HTTPRequest.Method, _ uri: String, _ object: Any, csrf: Bool = true)
    async throws -> Reply
  {
    let data = try JSONSerialization.data(withJSONObject: object)
    return try await call(
      method, uri, body: [UInt8](data), headers: [.contentType: "application/json"], csrf: csrf)
  }

  /// Creates a cohort and returns its id.
  func cohort(_ name: String = "Voorjaar 2027") async throws -> Int {
    let reply = try await json(.post, "/api/cohorts", ["name": name])
    #expect(reply.status == 201, "\(reply.text)")
    return try #require(reply.json["id"] as? Int)
  }

  func put(_ uri: String, _ bytes: [UInt8], type: String, name: String? = nil) async throws -> Reply
  {
    var headers: HTTPFields = [.contentType: type]
    if let name { headers[HTTPField.Name("X-File-Name")!] = name }
    return try await call(.put, uri, body: bytes, headers: headers)
  }

  /// Uploads the bundled sample: its rules, facilitators, rooms and intake.
  func uploadSample(_ cohort: Int) async throws {
    let config = try await put(
      "/api/cohorts/\(cohort)/config", try Harness.fixture("Fixtures/sample/kring.yaml"),
      type: "application/yaml")
    #expect(config.status == 200, "\(config.text)")
    for name in ["facilitators.csv", "rooms.csv"] {
      let reply = try await put(
        "/api/cohorts/\(cohort)/files/\(name)", try Harness.fixture("Fixtures/sample/\(name)"),
        type: "text/csv")
      #expect(reply.status == 200, "\(reply.text)")
    }
    let intake = try await put(
      "/api/cohorts/\(cohort)/intake", try Harness.fixture("Fixtures/sample-en.csv"),
      type: "text/csv", name: "sample-en.csv")
    #expect(intake.status == 200, "\(intake.text)")
  }

  /// Uploads a generated batch with its facilitators and rooms.
  func upload(_ batch: GeneratedBatch, to cohort: Int) async throws {
    let config = try await put(
      "/api/cohorts/\(cohort)/config", Array(batch.configYAML().utf8), type: "application/yaml")
    #expect(config.status == 200, "\(config.text)")
    if batch.options.facilitators != nil {
      let reply = try await put(
        "/api/cohorts/\(cohort)/files/facilitators.csv", Array(batch.facilitatorsCSV().utf8),
        type: "text/csv")
      #expect(reply.status == 200, "\(reply.text)")
    }
    if batch.options.rooms != nil {
      let reply = try await put(
        "/api/cohorts/\(cohort)/files/rooms.csv", Array(batch.roomsCSV().utf8), type: "text/csv")
      #expect(reply.status == 200, "\(reply.text)")
    }
    let intake = try await put(
      "/api/cohorts/\(cohort)/intake", Array(batch.intakeCSV().utf8), type: "text/csv",
      name: "intake.csv")
    #expect(intake.status == 200, "\(intake.text)")
  }

  /// Starts a solve and returns the version id.
  func startPlan(_ cohort: Int, _ body: [String: Any] = [:]) async throws -> Int {
    let reply = try await json(.post, "/api/cohorts/\(cohort)/plans", body)
    #expect(reply.status == 202, "\(reply.text)")
    return try #require(reply.json["id"] as? Int)
  }

  /// The events of a solve, read to the end of the stream.
  func events(_ cohort: Int, _ plan: Int) async throws -> [(type: String, data: [String: Any])] {
    let reply = try await call(.get, "/api/cohorts/\(cohort)/plans/\(plan)/events")
    #expect(reply.status == 200)
    #expect(reply.headers[.contentType]?.hasPrefix("text/event-stream") == true)
    return reply.text.components(separatedBy: "\n\n").compactMap { block in
      var type = ""
      var data: [String: Any] = [:]
      for line in block.split(separator: "\n") {
        if line.hasPrefix("event: ") { type = String(line.dropFirst(7)) }
        if line.hasPrefix("data: ") {
          data =
            (try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8))
              as? [String: Any]) ?? [:]
        }
      }
      return type.isEmpty ? nil : (type, data)
    }
  }

  /// Plans and waits for the outcome; returns the version id and its plan.
  func plan(_ cohort: Int, _ body: [String: Any] = [:]) async throws -> (Int, PlanDocument) {
    let id = try await startPlan(cohort, body)
    let events = try await events(cohort, id)
    let last = try #require(events.last)
    #expect(last.type == "done", "\(events.map(\.type)) \(last.data)")
    return (id, try await document(cohort, id))
  }

  func document(_ cohort: Int, _ plan: Int) async throws -> PlanDocument {
    let reply = try await call(.get, "/api/cohorts/\(cohort)/plans/\(plan)")
    #expect(reply.status == 200, "\(reply.text)")
    return try reply.decode(PlanDocument.self)
  }
}

/// The group a person is in.
func group(of id: String, in plan: PlanDocument) -> PlanDocument.Group? {
  plan.groups.first { $0.members.contains(id) }
}
