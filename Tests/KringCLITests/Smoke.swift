import Testing

@Suite struct KringCLISmoke {
  @Test func builds() { #expect(Bool(true)) }
}
