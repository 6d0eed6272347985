extension PlanDocument {
  /// What Kring's audit found in a plan: broken hard rules and schedule conflicts.
  ///
  /// A plan Kring writes carries this section only when something was found, which is a bug
  /// in Kring, never a result.
  public struct Audit: Codable, Sendable, Hashable {
    /// One broken rule or conflict.
    public struct Finding: Codable, Sendable, Hashable {
      /// The rule's code (`separate-organization`, `level-gap`, …), a structural code
      /// (`placed-twice`, `unknown-member`, `duplicate-group`) or a booking conflict's code.
      public var code: String
      /// The group it concerns, when one does.
      @Nullable public var group: String?
      /// The people involved.
      public var people: [String]
      /// What is wrong, in the output language, naming the group.
      public var message: String

      public init(code: String, group: String?, people: [String] = [], message: String) {
        self.code = code
        self.group = group
        self.people = people
        self.message = message
      }
    }

    /// Hard grouping rules broken, and structural faults (a member unknown or placed twice).
    public var rules: [Finding]
    /// Double bookings, capacity or language mismatches in the schedule.
    public var conflicts: [Finding]

    public init(rules: [Finding] = [], conflicts: [Finding] = []) {
      self.rules = rules
      self.conflicts = conflicts
    }

    /// Whether nothing was found.
    public var isClean: Bool { rules.isEmpty && conflicts.isEmpty }

    /// Every finding, rules first.
    public var findings: [Finding] { rules + conflicts }
  }
}
