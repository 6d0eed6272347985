import Testing

@Suite struct IntakeSmoke {
  @Test func builds() { #expect(Bool(true)) }
}
