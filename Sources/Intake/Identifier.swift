/// An id as written in an input file, typed by what it names so that the ids of different
/// kinds cannot be mixed up.
///
/// `Tag` is a caseless enum that only names the kind (`public typealias RoomID =
/// Identifier<RoomTag>`). Ids order naturally, so that `r2` sorts before `r10`, and encode as
/// a plain string.
///
/// Not `RawRepresentable` on purpose: a second `String` initialiser would make unlabelled
/// references such as `names.map(RoomID.init)` ambiguous.
public struct Identifier<Tag>: Hashable, Comparable, Sendable, Codable,
  CustomStringConvertible
{
  /// The id as written in the file (trimmed).
  public let rawValue: String

  public init(_ rawValue: String) { self.rawValue = rawValue }
  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  /// Orders ids naturally: runs of digits compare by value.
  public static func < (lhs: Self, rhs: Self) -> Bool { naturalLess(lhs.rawValue, rhs.rawValue) }

  public var description: String { rawValue }
}
