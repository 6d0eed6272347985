import Foundation
import Intake
import Scheduling
import Testing

/// The typed ids of facilitators and rooms: natural order, plain-string JSON, printed as
/// written.
@Suite struct IdentifierTests {
  @Test func ordersRunsOfDigitsByValue() {
    let ids = ["r10", "r2", "r1", "a", "r2a"].map(RoomID.init)
    #expect(ids.sorted().map(\.rawValue) == ["a", "r1", "r2", "r2a", "r10"])
    #expect(FacilitatorID("f9") < FacilitatorID("f10"))
    #expect(!(FacilitatorID("f10") < FacilitatorID("f10")))
  }

  @Test func encodesAsAPlainString() throws {
    let ids = [FacilitatorID("f1"), FacilitatorID("Anna \"A\"")]
    let data = try JSONEncoder().encode(ids)
    #expect(String(decoding: data, as: UTF8.self) == #"["f1","Anna \"A\""]"#)
    #expect(try JSONDecoder().decode([FacilitatorID].self, from: data) == ids)
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode([RoomID].self, from: Data("[7]".utf8))
    }
  }

  @Test func printsAsWritten() {
    let id = RoomID("Zaal 1")
    #expect(id.description == "Zaal 1")
    #expect("\(id)" == "Zaal 1")
    #expect(Set([RoomID("r1"), RoomID("r1"), RoomID("r2")]).count == 2)
  }
}
