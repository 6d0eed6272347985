import Testing

@Suite struct GroupingSmoke {
  @Test func builds() { #expect(Bool(true)) }
}
