import Reports

/// The workbench's own words (buttons, headings, hints) in Dutch and English. Messages about
/// rules, reasons and diagnoses come from Kring's one catalogue (`Messages`), not from here.
enum UIText: String, CaseIterable {
  case appTitle, cohorts, newCohort, cohortName, create, noCohorts, versions, latest
  case intake, rules, planning, board, upload, uploadIntake, uploadConfig, uploadResource
  case problems, noProblems, readiness, forecast, candidates, ready, followUp, notNow
  case plan, planNow, resolveRest, solving, queued, running, done, failed, cancelled, cancel
  case groups, unplaced, diagnosis, applyDiagnosis, moveTo, move, lock, unlock, pin, unpin
  case locked, pinned, diversity, sectors, experience, levelGap, slot, facilitator, room
  case sessions, download, downloadAll, downloadCoordinator, downloadFacilitators
  case downloadGroups, compare, compareWith, moved, gained, lost, kept, objective, placed
  case version, madeBy, from, refused, applied, yamlEditor, save, rulesForm, preset
  case language, sizeMin, sizeMax, sizeTarget, maxLevelGap, reportingLines, minCommonSlots
  case scheduleStart, scheduleSessions, scheduleCadence, scheduleDuration, quorum
  case notUploaded, uploaded, fileNamed, log, audit, auditBug, unscheduled, newerVersion
  case open, yourName, nothingYet, back, years, organization, reason, none, dropHint
  case resourceHint, intakeHint, rulesHint, status, overrides, hand, solve, resolve
  case moveHint, compareHint, rows, warnings, forecastComponents, unplaceable, scheduled, year

  /// The text in `language`.
  func callAsFunction(_ language: OutputLanguage) -> String { text(language) }

  /// The text in `language`.
  func text(_ language: OutputLanguage) -> String {
    let (nl, en) = Self.table[self] ?? (rawValue, rawValue)
    return language == .nl ? nl : en
  }

  static let table: [UIText: (String, String)] = [
    .appTitle: ("Kring – werkbank", "Kring – workbench"),
    .cohorts: ("Cohorten", "Cohorts"),
    .newCohort: ("Nieuw cohort", "New cohort"),
    .cohortName: ("Naam van het cohort", "Name of the cohort"),
    .create: ("Aanmaken", "Create"),
    .noCohorts: (
      "Nog geen cohorten. Maak er een aan om te beginnen.", "No cohorts yet. Create one to begin."
    ),
    .versions: ("Versies", "Versions"),
    .latest: ("Laatste versie", "Latest version"),
    .intake: ("Intake", "Intake"),
    .rules: ("Regels", "Rules"),
    .planning: ("Plannen", "Planning"),
    .board: ("Bord", "Board"),
    .upload: ("Uploaden", "Upload"),
    .uploadIntake: ("Intakebestand (CSV, JSON of xlsx)", "Intake file (CSV, JSON or xlsx)"),
    .uploadConfig: ("kring.yaml uploaden", "Upload kring.yaml"),
    .uploadResource: ("Bestand uploaden", "Upload file"),
    .problems: ("Problemen", "Problems"),
    .noProblems: ("Geen problemen gevonden.", "No problems found."),
    .readiness: ("Gereedheid", "Readiness"),
    .forecast: ("Verwachting", "Forecast"),
    .candidates: ("kandidaten", "candidates"),
    .ready: ("klaar", "ready"),
    .followUp: ("vervolggesprek", "follow-up"),
    .notNow: ("nu niet", "not now"),
    .plan: ("Plan", "Plan"),
    .planNow: ("Groepen maken en plannen", "Form groups and schedule"),
    .resolveRest: ("De rest opnieuw oplossen", "Re-solve the rest"),
    .solving: ("Bezig met oplossen…", "Solving…"),
    .queued: ("in de wachtrij", "queued"),
    .running: ("bezig", "running"),
    .done: ("klaar", "done"),
    .failed: ("mislukt", "failed"),
    .cancelled: ("geannuleerd", "cancelled"),
    .cancel: ("Annuleren", "Cancel"),
    .groups: ("Groepen", "Groups"),
    .unplaced: ("Niet geplaatst", "Not placed"),
    .diagnosis: ("Wat een regel kost", "What each rule costs"),
    .applyDiagnosis: ("Opnieuw oplossen hiermee", "Re-solve with this"),
    .moveTo: ("Verplaatsen naar…", "Move to…"),
    .move: ("Verplaatsen", "Move"),
    .lock: ("Vastzetten", "Lock"),
    .unlock: ("Losmaken", "Unlock"),
    .pin: ("Vastpinnen", "Pin"),
    .unpin: ("Pin weghalen", "Unpin"),
    .locked: ("vastgezet", "locked"),
    .pinned: ("vastgepind", "pinned"),
    .diversity: ("diversiteit", "diversity"),
    .sectors: ("sectoren", "sectors"),
    .experience: ("ervaring", "experience"),
    .levelGap: ("niveauverschil", "level gap"),
    .slot: ("tijdslot", "slot"),
    .facilitator: ("begeleider", "facilitator"),
    .room: ("ruimte", "room"),
    .sessions: ("bijeenkomsten", "sessions"),
    .download: ("Downloaden", "Download"),
    .downloadAll: ("Alles (zip)", "Everything (zip)"),
    .downloadCoordinator: ("Coördinator (zip)", "Coordinator (zip)"),
    .downloadFacilitators: ("Begeleiders (zip)", "Facilitators (zip)"),
    .downloadGroups: ("Groepen (zip)", "Groups (zip)"),
    .compare: ("Vergelijken", "Compare"),
    .compareWith: ("Vergelijk met versie", "Compare with version"),
    .moved: ("verplaatst", "moved"),
    .gained: ("nieuwe groepen", "groups gained"),
    .lost: ("verdwenen groepen", "groups lost"),
    .kept: ("groepen gelijk gebleven", "groups kept"),
    .objective: ("doelwaarde", "objective"),
    .placed: ("geplaatst", "placed"),
    .version: ("Versie", "Version"),
    .madeBy: ("gemaakt door", "made by"),
    .from: ("uit", "from"),
    .refused: ("Niet verplaatst", "Move refused"),
    .applied: ("Verplaatst", "Moved"),
    .yamlEditor: ("kring.yaml bewerken", "Edit kring.yaml"),
    .save: ("Opslaan", "Save"),
    .rulesForm: ("De belangrijkste regels", "The main rules"),
    .preset: ("Programma (voorinstelling)", "Programme (preset)"),
    .language: ("Taal", "Language"),
    .sizeMin: ("Kleinste groep", "Smallest group"),
    .sizeMax: ("Grootste groep", "Largest group"),
    .sizeTarget: ("Gewenste grootte", "Preferred size"),
    .maxLevelGap: ("Grootste niveauverschil", "Largest level gap"),
    .reportingLines: ("Niemand bij de eigen leidinggevende", "Nobody with their own manager"),
    .minCommonSlots: ("Gedeelde tijdsloten", "Shared weekly slots"),
    .scheduleStart: ("Eerste datum", "First date"),
    .scheduleSessions: ("Aantal bijeenkomsten", "Number of sessions"),
    .scheduleCadence: ("Elke … weken", "Every … weeks"),
    .scheduleDuration: ("Duur van een bijeenkomst", "Length of a session"),
    .quorum: ("Quorum", "Quorum"),
    .notUploaded: ("nog niet geüpload", "not uploaded yet"),
    .uploaded: ("geüpload", "uploaded"),
    .fileNamed: ("bestand", "file"),
    .log: ("Logboek", "Log"),
    .audit: ("Controle", "Audit"),
    .auditBug: (
      "Kring's eigen controle vond een gebroken regel. Dit is een fout in Kring: gebruik deze groepen niet.",
      "Kring's own audit found a broken rule. This is a bug in Kring: do not use these groups."
    ),
    .unscheduled: ("Niet ingeroosterd", "Not scheduled"),
    .newerVersion: ("Er is een nieuwere versie:", "There is a newer version:"),
    .open: ("openen", "open"),
    .yourName: ("Uw naam (voor het logboek)", "Your name (for the log)"),
    .nothingYet: ("Nog niets.", "Nothing yet."),
    .back: ("Terug", "Back"),
    .years: ("jaar", "years"),
    .year: ("jaar", "year"),
    .scheduled: ("ingeroosterd", "scheduled"),
    .organization: ("organisatie", "organisation"),
    .reason: ("reden", "reason"),
    .none: ("geen", "none"),
    .dropHint: (
      "Sleep een persoon naar een andere groep, of kies ‘Verplaatsen naar…’. Kring controleert elke verplaatsing met dezelfde regels als de oplosser.",
      "Drag a person onto another group, or pick ‘Move to…’. Kring checks every move with the same rules as the solver."
    ),
    .resourceHint: (
      "kring.yaml noemt deze bestanden; upload ze hier onder dezelfde naam.",
      "kring.yaml names these files; upload them here under the same name."
    ),
    .intakeHint: (
      "Het bestand wordt gelezen zoals ‘kring intake check’ het leest: elk probleem met regel en kolom.",
      "The file is read as ‘kring intake check’ reads it: every problem with its line and column."
    ),
    .rulesHint: (
      "Elke regel wordt gecontroleerd zoals de command line dat doet. Het formulier schrijft een volledige kring.yaml.",
      "Every rule is checked as the command line checks it. The form writes a complete kring.yaml."
    ),
    .status: ("status", "status"),
    .overrides: ("met", "with"),
    .hand: ("handmatig", "by hand"),
    .solve: ("oplossing", "solve"),
    .resolve: ("heroplossing", "re-solve"),
    .moveHint: ("Kies een groep", "Choose a group"),
    .compareHint: ("Kies een versie om mee te vergelijken.", "Choose a version to compare with."),
    .rows: ("rijen", "rows"),
    .warnings: ("Waarschuwingen", "Warnings"),
    .forecastComponents: (
      "delen die samen groepen kunnen vormen", "parts that can form groups together"
    ),
    .unplaceable: ("zeker niet plaatsbaar", "certainly not placeable"),
  ]
}
