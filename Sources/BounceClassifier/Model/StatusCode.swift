/// An enhanced mail system status code `class.subject.detail` (RFC 3463), e.g. `5.1.1`.
public struct StatusCode: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The class digit: 2 success, 4 persistent transient failure, 5 permanent failure.
    public let klass: UInt8
    /// The subject: 1 addressing, 2 mailbox, 3 mail system, 4 network, 5 protocol, 6 content, 7 security/policy.
    public let subject: UInt16
    /// The detail within the subject.
    public let detail: UInt16

    /// Creates a code from its three parts. Only classes 2, 4 and 5 exist; subject and detail are at most 3 digits.
    public init?(klass: Int, subject: Int, detail: Int) {
        guard klass == 2 || klass == 4 || klass == 5, (0...999).contains(subject), (0...999).contains(detail)
        else { return nil }
        self.klass = UInt8(klass)
        self.subject = UInt16(subject)
        self.detail = UInt16(detail)
    }

    /// Creates a code from parts known to be valid (class 2, 4 or 5; subject and detail below 1000).
    init(_ klass: UInt8, _ subject: UInt16, _ detail: UInt16) {
        self.klass = klass
        self.subject = subject
        self.detail = detail
    }

    /// Parses `"5.1.1"`; leading and trailing white space and a leading `#` are ignored.
    public init?(_ text: some StringProtocol) {
        guard let code = Array(text.utf8).withUnsafeBufferPointer(StatusCode.init(utf8:)) else { return nil }
        self = code
    }

    /// Parses the UTF-8 text `utf8` as ``init(_:)`` parses a string.
    init?(utf8: UnsafeBufferPointer<UInt8>) {
        var end = utf8.count
        while end > 0, utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 || utf8[end - 1] == 0x0D || utf8[end - 1] == 0x0A
        {
            end -= 1
        }
        var start = 0
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 || utf8[start] == 0x23 { start += 1 }
        guard let (code, stop) = StatusCode.parse(UnsafeBufferPointer(rebasing: utf8[..<end]), at: start), stop == end
        else { return nil }
        self = code
    }

    /// Parses a code that starts at `index` in `bytes`; returns it and the index just past it.
    static func parse(_ bytes: [UInt8], at index: Int) -> (StatusCode, Int)? {
        bytes.withUnsafeBufferPointer { parse($0, at: index) }
    }

    /// Parses a code that starts at `index` in `bytes`; returns it and the index just past it.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (StatusCode, Int)? {
        guard index >= 0, index + 5 <= bytes.count else { return nil }
        let first = bytes[index]
        guard first == 0x32 || first == 0x34 || first == 0x35, index + 1 < bytes.count, bytes[index + 1] == 0x2E
        else { return nil }
        var position = index + 2
        guard let subject = readNumber(bytes, &position), position < bytes.count, bytes[position] == 0x2E else {
            return nil
        }
        position += 1
        guard let detail = readNumber(bytes, &position) else { return nil }
        return (StatusCode(first - 0x30, subject, detail), position)
    }

    private static func readNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> UInt16? {
        var value: UInt16 = 0
        var digits = 0
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            digits += 1
            if digits > 3 { return nil }
            value = value * 10 + UInt16(bytes[position] - 0x30)
            position += 1
        }
        return digits == 0 ? nil : value
    }

    /// `"5.1.1"`.
    public var description: String { "\(klass).\(subject).\(detail)" }

    /// Whether this is a catch-all code (`X.0.0`, or a subject with detail 0 such as `5.5.0`, `5.7.0`)
    /// that says little beyond its class and subject.
    public var isGeneric: Bool { detail == 0 }

    /// How much the code says: 0 for `X.0.0`, 1 for `X.Y.0`, 2 for `X.Y.Z`.
    public var specificity: Int { (subject == 0 ? 0 : 1) + (detail == 0 ? 0 : 1) }

    /// The type the seed table gives this code: class 5 is hard except 5.2.0, 5.2.1, 5.2.2, 5.3.1, 5.4.5 and 5.5.3,
    /// class 4 is soft, class 2 is not a failure (`unknown`).
    public var seedType: BounceType {
        switch klass {
        case 5:
            switch (subject, detail) {
            case (2, 0), (2, 1), (2, 2), (3, 1), (4, 5), (5, 3): return .soft
            default: return .hard
            }
        case 4: return .soft
        default: return .unknown
        }
    }

    /// Orders by class, subject, detail.
    public static func < (lhs: StatusCode, rhs: StatusCode) -> Bool {
        (lhs.klass, lhs.subject, lhs.detail) < (rhs.klass, rhs.subject, rhs.detail)
    }
}
