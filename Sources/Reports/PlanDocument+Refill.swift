import Grouping
import Intake

extension PlanDocument {
  /// What a refill did: the groups kept, who left, who filled which vacancy, and the kept
  /// groups that stay below `size.min`, each with its options.
  public struct RefillRecord: Codable, Sendable, Hashable {
    /// The kept plan's file name.
    public var plan: String
    /// Ids of the kept groups (everyone who stayed is still in them).
    public var kept: [String]
    /// Ids of the people who left.
    public var left: [String]
    /// Groups of the kept plan that everyone left; their ids are not reused.
    public var emptied: [String]
    public var filled: [Fill]
    public var belowMinimum: [BelowMinimum]
    /// `exact` (filler sets enumerated and packed with GLPK) or `search`.
    public var method: String
    /// Why that method was used.
    public var note: String
    /// Warnings about the kept plan, such as a kept member missing from the intake.
    public var warnings: [String]

    public init(
      plan: String, kept: [String], left: [String], emptied: [String], filled: [Fill],
      belowMinimum: [BelowMinimum], method: String, note: String, warnings: [String]
    ) {
      self.plan = plan
      self.kept = kept
      self.left = left
      self.emptied = emptied
      self.filled = filled
      self.belowMinimum = belowMinimum
      self.method = method
      self.note = note
      self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
      case plan, kept, left, emptied, filled
      case belowMinimum = "below_minimum"
      case method, note, warnings
    }

    /// The people added to one kept group.
    public struct Fill: Codable, Sendable, Hashable {
      public var group: String
      public var added: [String]

      public init(group: String, added: [String]) {
        self.group = group
        self.added = added
      }
    }

    /// A kept group below `size.min` that could not be filled.
    public struct BelowMinimum: Codable, Sendable, Hashable {
      public var group: String
      public var size: Int
      public var min: Int
      public var options: [Option]
      public var code: String
      public var message: String

      public init(_ b: Grouping.BelowMinimum, language: OutputLanguage) {
        group = b.group
        size = b.size
        min = b.min
        options = b.options.map { Option($0, language: language) }
        code = b.code
        message = Messages.belowMinimum(
          group: b.group, size: b.size, min: b.min, hasOptions: !b.options.isEmpty,
          language: language)
      }
    }

    /// A merge with another group, or a fill that needs one rule relaxed.
    public struct Option: Codable, Sendable, Hashable {
      /// `merge` or `fill`.
      public var kind: String
      @Nullable public var group: String?
      public var ids: [String]
      /// The size the group would have.
      public var size: Int
      /// The rule code to relax, for a fill.
      @Nullable public var relax: String?
      public var message: String

      public init(_ o: RefillOption, language: OutputLanguage) {
        kind = o.kind.rawValue
        group = o.group
        ids = o.ids.map(\.rawValue)
        size = o.size
        relax = o.relax?.code
        message = Messages.refillOption(
          kind: o.kind.rawValue, group: o.group, ids: o.ids.map(\.rawValue), size: o.size,
          relax: o.relax?.code, language: language)
      }
    }
  }
}
