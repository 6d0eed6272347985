import Testing

@Suite struct LinearSolverSmoke {
  @Test func builds() { #expect(Bool(true)) }
}
