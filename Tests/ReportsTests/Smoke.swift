import Testing

@Suite struct ReportsSmoke {
  @Test func builds() { #expect(Bool(true)) }
}
