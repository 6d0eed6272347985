import Foundation
import HTTPTypes
import Hummingbird
import Workbench

/// `kring serve`: the workbench over HTTP, on one address (127.0.0.1 unless told otherwise).
///
/// There are no accounts: whoever reaches the address is the coordinator. So the server
/// answers only requests addressed to its own host name (no DNS rebinding), every request that
/// changes something carries the session's CSRF token, and pages load nothing from outside
/// (a strict Content-Security-Policy; CSS, script and images are Kring's own).
public struct WorkbenchServer: Sendable {
  public let workbench: Workbench
  public let host: String
  public let port: Int
  /// The token every state-changing request must send as `X-CSRF-Token`.
  public let csrfToken: String

  public init(
    workbench: Workbench, host: String = "127.0.0.1", port: Int = 8080, csrfToken: String? = nil
  ) {
    self.workbench = workbench
    self.host = host
    self.port = port
    self.csrfToken = csrfToken ?? Self.randomToken()
  }

  static func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator))
    }
    .joined()
  }

  /// The router with every page and API route.
  public func router() -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: GuardMiddleware(server: self))
    API(server: self).add(to: router)
    PageRoutes(server: self).add(to: router)
    Assets.add(to: router)
    return router
  }

  /// The application, bound to `host:port`.
  public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
    -> some ApplicationProtocol
  {
    Application(
      router: router(),
      configuration: .init(address: .hostname(host, port: port), serverName: "kring"),
      onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
  }

  /// Serves until the process is stopped (SIGINT or SIGTERM end it gracefully).
  ///
  /// - Parameter onRunning: called with the port once the server listens.
  public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
    try await application(onRunning: onRunning).runService()
  }

  /// Host names the server answers to: its own address, and `localhost` for loopback.
  public func acceptsHost(_ header: String?) -> Bool {
    guard let header, !header.isEmpty else { return false }
    var name = header
    if name.hasPrefix("[") {
      name = String(name.dropFirst().prefix { $0 != "]" })
    } else if let colon = name.lastIndex(of: ":") {
      name = String(name[..<colon])
    }
    let loopback = ["127.0.0.1", "localhost", "::1"]
    if host == "127.0.0.1" || host == "localhost" || host == "::1" {
      return loopback.contains(name.lowercased())
    }
    return name.lowercased() == host.lowercased() || loopback.contains(name.lowercased())
  }
}

/// Refuses requests for another host and state changes without the CSRF token; turns every
/// error into `{code, message, details}` (API) or a plain page; sets the security headers.
struct GuardMiddleware<Context: RequestContext>: RouterMiddleware {
  let server: WorkbenchServer

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let isAPI = request.uri.path.hasPrefix("/api/")
    var response: Response
    do {
      guard server.acceptsHost(request.head.authority ?? request.headers[.hostHeader]) else {
        throw WorkbenchError(
          status: 421, code: "wrong-host",
          message:
            "kring serve answers only at \(server.host):\(server.port); start it with --host to serve another address"
        )
      }
      if ![.get, .head, .options].contains(request.method) {
        guard request.headers[.csrfToken] == server.csrfToken else {
          throw WorkbenchError(
            status: 403, code: "csrf",
            message:
              "this request changes the workspace but lacks the page's token (X-CSRF-Token); reload the page, or read it from GET /api/session"
          )
        }
        if let origin = request.headers[.origin], origin != "null",
          let host = URL(string: origin)?.host, !server.acceptsHost(host)
        {
          throw WorkbenchError(
            status: 403, code: "cross-origin", message: "requests from \(origin) are refused")
        }
      }
      response = try await next(request, context)
    } catch let error as WorkbenchError {
      response = isAPI ? Reply.error(error) : Reply.errorPage(error)
    } catch let error as HTTPError {
      let mapped = WorkbenchError(
        status: Int(error.status.code),
        code: error.status == .notFound
          ? "not-found"
          : error.status == .contentTooLarge ? "upload-too-large" : "http-\(error.status.code)",
        message: error.body ?? error.status.reasonPhrase)
      response = isAPI ? Reply.error(mapped) : Reply.errorPage(mapped)
    } catch {
      let mapped = WorkbenchError(status: 500, code: "internal", message: "\(error)")
      response = isAPI ? Reply.error(mapped) : Reply.errorPage(mapped)
    }
    response.headers[.contentSecurityPolicy] =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    response.headers[.xContentTypeOptions] = "nosniff"
    response.headers[.referrerPolicy] = "no-referrer"
    response.headers[.xFrameOptions] = "DENY"
    if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
    return response
  }
}

extension HTTPField.Name {
  static let csrfToken = Self("X-CSRF-Token")!
  static let hostHeader = Self("Host")!
  static let author = Self("X-Kring-Author")!
  static let fileName = Self("X-File-Name")!
  static let xContentTypeOptions = Self("X-Content-Type-Options")!
  static let referrerPolicy = Self("Referrer-Policy")!
  static let xFrameOptions = Self("X-Frame-Options")!
}

/// Building responses.
enum Reply {
  static let jsonType = "application/json; charset=utf-8"

  static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return bytes([UInt8](data), type: jsonType, status: status)
  }

  static func bytes(
    _ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok,
    headers extra: HTTPFields = [:]
  ) -> Response {
    var headers = extra
    headers[.contentType] = type
    return Response(
      status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }

  static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    bytes(Array(text.utf8), type: "text/html; charset=utf-8", status: status)
  }

  static func error(_ error: WorkbenchError) -> Response {
    json(error, status: HTTPResponse.Status(code: error.status))
  }

  static func errorPage(_ error: WorkbenchError) -> Response {
    html(
      Page.layout(
        title: "Kring", language: .en, csrf: "", crumbs: [("/", "Kring")],
        body:
          "<main class=\"narrow\"><h1>\(error.status)</h1><p class=\"error\">\(Page.e(error.message))</p><p><a href=\"/\">Kring</a></p></main>"
      ), status: HTTPResponse.Status(code: error.status))
  }
}
