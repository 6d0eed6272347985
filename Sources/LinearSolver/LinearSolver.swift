import CGLPK
import CGLPKGuard

/// Placeholder replaced by the model builder.
enum GLPKVersion {
  static var string: String { String(cString: glp_version()) }
}
