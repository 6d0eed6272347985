import Testing

@Suite struct SchedulingSmoke {
  @Test func builds() { #expect(Bool(true)) }
}
