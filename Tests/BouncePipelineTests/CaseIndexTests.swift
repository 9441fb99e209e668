import BounceClassifier
import Testing

@testable import BouncePipeline

/// The metrics key their counters by ``caseIndex(of:)``: it must be each case's position in `allCases`.
struct CaseIndexTests {
    private func positionsMatch<Value: CaseIterable & Equatable>(_: Value.Type) -> Bool {
        Value.allCases.enumerated().allSatisfy { position, value in caseIndex(of: value) == position }
    }

    @Test func isThePositionInAllCasesForEveryKeyedEnum() {
        #expect(positionsMatch(BounceKind.self))
        #expect(positionsMatch(BounceType.self))
        #expect(positionsMatch(BounceReason.self))
        #expect(positionsMatch(BounceAction.self))
        #expect(positionsMatch(InputFormat.self))
        #expect(positionsMatch(SubscriberStatus.self))
        #expect(positionsMatch(BlacklistChange.Action.self))
    }
}
