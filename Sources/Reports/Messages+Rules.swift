import Grouping
import Intake

extension Messages {
  /// A broken hard rule in the output language; `name` turns candidate ids into what the
  /// reader sees (an id, a name, or both).
  public static func violation(
    _ v: RuleViolation, language: OutputLanguage, name: (String) -> String = { $0 }
  ) -> String {
    let catalog = Catalog.of(language)
    return RuleTexts.of(language).render(
      RuleText(
        rule: v.rule, people: v.people.map { name($0.rawValue) },
        evidence: Evidence(v.evidence, catalog: catalog), catalog: catalog))
  }

  /// A broken rule stored as a code, its people and evidence (as in `plan.json`), or `nil`
  /// for a code this version does not know.
  public static func violation(
    code: String, people: [String], evidence: [String: EvidenceValue], language: OutputLanguage,
    name: (String) -> String = { $0 }
  ) -> String? {
    guard let rule = HardRule(code: code) else { return nil }
    return violation(
      RuleViolation(rule: rule, people: people.map { CandidateID($0) }, evidence: evidence),
      language: language, name: name)
  }

  /// The reason a participant is unplaced, rendered from its code and evidence.
  public static func unplaced(_ u: UnplacedCandidate, language: OutputLanguage) -> String {
    unplaced(code: u.code.rawValue, evidence: u.evidence, language: language) ?? u.code.rawValue
  }

  /// One way to bring a kept group below `size.min` up to strength.
  public static func refillOption(
    kind: String, group: String?, ids: [String], size: Int, relax: String?,
    language: OutputLanguage
  ) -> String {
    let texts = RuleTexts.of(language)
    if kind == "merge", let group { return texts.merge(group, size) }
    let rule = relax.flatMap(HardRule.init(code:))
    return texts.fill(
      Catalog.of(language).list(ids), size, rule.map { texts.ruleName($0) } ?? relax ?? "")
  }

  /// Why a kept group stays below `size.min`.
  public static func belowMinimum(
    group: String, size: Int, min: Int, hasOptions: Bool, language: OutputLanguage
  ) -> String {
    RuleTexts.of(language).belowMinimum(group, size, min, hasOptions)
  }

  /// How a refill filled the vacancies: every filler set packed exactly, or a greedy fill.
  public static func refillMethod(_ method: String, limit: Int, language: OutputLanguage)
    -> String
  {
    RuleTexts.of(language).method(method == "exact", limit)
  }

  /// The short name of a rule, such as "the level window" or "max_level_gap".
  public static func ruleName(_ rule: HardRule, language: OutputLanguage) -> String {
    RuleTexts.of(language).ruleName(rule)
  }
}

/// What a rule template reads: the rule, the people named, and the evidence.
struct RuleText {
  var rule: HardRule
  var people: [String]
  var evidence: Evidence
  var catalog: Catalog

  var a: String { people.first ?? "?" }
  var b: String { people.dropFirst().first ?? "?" }
  var attribute: String { rule.attribute.map(catalog.attributeName) ?? "" }

  /// A value of the evidence as the reader sees it: formats and slots in words.
  func value(_ key: String) -> String {
    guard let text = evidence.text(key) else { return catalog.text(.notAssigned) }
    return rule == .match("format") ? catalog.format(text) : text
  }

  func int(_ key: String) -> String { evidence.int(key).map(String.init) ?? "?" }
}

/// The rule texts of one language.
struct RuleTexts: Sendable {
  var render: @Sendable (RuleText) -> String
  var ruleName: @Sendable (HardRule) -> String
  var merge: @Sendable (_ group: String, _ size: Int) -> String
  var fill: @Sendable (_ people: String, _ size: Int, _ rule: String) -> String
  var belowMinimum:
    @Sendable (_ group: String, _ size: Int, _ min: Int, _ hasOptions: Bool) -> String
  var method: @Sendable (_ exact: Bool, _ limit: Int) -> String
  /// A person who can never be placed because of a rule their own unit breaks: their
  /// `keep_together` set (when they have one), or their own slots.
  var ownRule: @Sendable (_ keepTogether: [String]?, _ broken: String) -> String

  static func of(_ language: OutputLanguage) -> RuleTexts {
    switch language {
    case .nl: dutch
    case .en: english
    }
  }

  static let english = RuleTexts(
    render: { t in
      switch t.rule {
      case .sizeMin:
        // A move names the group it would leave too small; a group judged whole needs no name.
        if let group = t.evidence.text("group") {
          "\(group) would keep \(t.int("size")) members, fewer than size.min \(t.int("limit"))"
        } else {
          "\(t.int("size")) members is fewer than size.min \(t.int("limit"))"
        }
      case .sizeMax: "\(t.int("size")) members is more than size.max \(t.int("limit"))"
      case .match:
        if let spoken = t.evidence.list("languages") {
          "\(t.catalog.list(t.people)) share no language (between them: \(t.catalog.list(spoken)))"
        } else {
          "\(t.a) has \(t.attribute) \(t.value("value_a")) and \(t.b) \(t.value("value_b"))"
        }
      case .separate:
        "\(t.int("count")) members share \(t.attribute) \(t.value("value")); separate allows \(t.int("limit"))"
      case .levelGap:
        "\(t.a) (\(t.value("level_a"))) and \(t.b) (\(t.value("level_b"))) are \(t.int("gap")) level(s) apart; max_level_gap is \(t.int("limit"))"
      case .reportingLine: "\(t.a) reports to \(t.b), directly or through a chain"
      case .avoid: "\(t.a) asked not to share a group with \(t.b)"
      case .keepApart: "keep_apart lists \(t.a) with \(t.b)"
      case .keepTogether:
        if let kept = t.evidence.list("kept_groups"), kept.count > 1 {
          "keep_together ties \(t.catalog.list(t.people)) to members of \(kept.count) different kept groups (\(t.catalog.list(kept)))"
        } else {
          "keep_together puts \(t.catalog.list(t.people)) together, but they are not in one group"
        }
      case .metBefore: "\(t.a) and \(t.b) met in an earlier plan"
      case .commonSlots:
        t.people.count == 1
          ? "\(t.a) has \(t.int("shared")) weekly slot(s); min_common_slots is \(t.int("limit"))"
          : "the members share \(t.int("shared")) weekly slot(s); min_common_slots is \(t.int("limit"))"
      case .scheduledSlot:
        "\(t.catalog.list(t.people)) cannot meet at the group's slot \(t.catalog.slot(t.value("slot")))"
      }
    },
    ruleName: { rule in
      switch rule {
      case .match(let attribute): "match \(attribute)"
      case .separate(let attribute): "separate \(attribute)"
      case .levelGap: "the level window (max_level_gap)"
      case .commonSlots: "min_common_slots"
      case .metBefore: "met_before"
      default: rule.code
      }
    },
    merge: { group, size in "merge with \(group) into a group of \(size) that keeps every rule" },
    fill: { people, size, rule in "\(people) would fill it to \(size) if \(rule) were relaxed" },
    belowMinimum: { group, size, min, hasOptions in
      "\(group) has \(size) member(s), below size.min \(min), and no set of new or waiting candidates brings it to size.min under every rule"
        + (hasOptions ? "" : "; no merge or single relaxation helps")
    },
    method: { exact, limit in
      exact
        ? "every set of fillers was enumerated and packed across groups with GLPK"
        : "more than \(limit) sets of fillers: greedy fill with swap search"
    },
    ownRule: { set, broken in
      if let set, !set.isEmpty {
        "their keep_together set (\(set.joined(separator: ", "))) breaks a rule by itself: \(broken)"
      } else {
        "no group can ever hold them: \(broken)"
      }
    })

  static let dutch = RuleTexts(
    render: { t in
      switch t.rule {
      case .sizeMin:
        if let group = t.evidence.text("group") {
          "\(group) zou \(t.int("size")) leden houden, minder dan size.min \(t.int("limit"))"
        } else {
          "\(t.int("size")) leden is minder dan size.min \(t.int("limit"))"
        }
      case .sizeMax: "\(t.int("size")) leden is meer dan size.max \(t.int("limit"))"
      case .match:
        if let spoken = t.evidence.list("languages") {
          "\(t.catalog.list(t.people)) hebben geen taal gemeen (samen: \(t.catalog.list(spoken)))"
        } else {
          "\(t.a) heeft \(t.attribute) \(t.value("value_a")) en \(t.b) \(t.value("value_b"))"
        }
      case .separate:
        "\(t.int("count")) leden delen \(t.attribute) \(t.value("value")); separate staat er \(t.int("limit")) toe"
      case .levelGap:
        "\(t.a) (\(t.value("level_a"))) en \(t.b) (\(t.value("level_b"))) verschillen \(t.int("gap")) niveau(s); max_level_gap is \(t.int("limit"))"
      case .reportingLine: "\(t.a) valt direct of via een keten onder \(t.b)"
      case .avoid: "\(t.a) vroeg om niet met \(t.b) in een groep te komen"
      case .keepApart: "keep_apart noemt \(t.a) samen met \(t.b)"
      case .keepTogether:
        if let kept = t.evidence.list("kept_groups"), kept.count > 1 {
          "keep_together bindt \(t.catalog.list(t.people)) aan leden van \(kept.count) verschillende behouden groepen (\(t.catalog.list(kept)))"
        } else {
          "keep_together zet \(t.catalog.list(t.people)) bij elkaar, maar ze zitten niet in één groep"
        }
      case .metBefore: "\(t.a) en \(t.b) zaten al samen in een eerder plan"
      case .commonSlots:
        t.people.count == 1
          ? "\(t.a) heeft \(t.int("shared")) wekelijkse tijdslot(en); min_common_slots is \(t.int("limit"))"
          : "de leden delen \(t.int("shared")) wekelijkse tijdslot(en); min_common_slots is \(t.int("limit"))"
      case .scheduledSlot:
        "\(t.catalog.list(t.people)) kunnen niet op het tijdslot van de groep (\(t.catalog.slot(t.value("slot"))))"
      }
    },
    ruleName: { rule in
      switch rule {
      case .match(let attribute): "match \(attribute)"
      case .separate(let attribute): "separate \(attribute)"
      case .levelGap: "het niveauvenster (max_level_gap)"
      case .commonSlots: "min_common_slots"
      case .metBefore: "met_before"
      default: rule.code
      }
    },
    merge: { group, size in
      "samenvoegen met \(group) tot een groep van \(size) die alle regels houdt"
    },
    fill: { people, size, rule in
      "\(people) vullen de groep aan tot \(size) als \(rule) wordt versoepeld"
    },
    belowMinimum: { group, size, min, hasOptions in
      "\(group) heeft \(size) lid/leden, minder dan size.min \(min), en geen set nieuwe of wachtende kandidaten brengt de groep binnen alle regels op size.min"
        + (hasOptions ? "" : "; samenvoegen of één versoepeling helpt niet")
    },
    method: { exact, limit in
      exact
        ? "elke set aanvullers is opgesomd en met GLPK over de groepen verdeeld"
        : "meer dan \(limit) sets aanvullers: gretig aanvullen met ruilstappen"
    },
    ownRule: { set, broken in
      if let set, !set.isEmpty {
        "de keep_together-set (\(set.joined(separator: ", "))) botst zelf met een regel: \(broken)"
      } else {
        "geen groep kan deze persoon ooit opnemen: \(broken)"
      }
    })
}
