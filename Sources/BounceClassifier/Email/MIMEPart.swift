/// One leaf of a parsed email: a MIME part that is not itself a multipart container.
struct MIMEPart: Sendable {
    /// Where the part is, for error messages: `"1.2"` is the second part of the first part; the top is `"0"`.
    let path: String
    /// The part's headers (and the bytes its body range points into).
    let headers: HeaderFields
    /// The raw (still transfer-encoded) body.
    let body: Range<Int>
    /// The parsed `Content-Type`.
    let contentType: ContentType
    /// Whether the part lies inside an attached message (the returned original), which readers must not
    /// mistake for the bounce's own text.
    let insideAttachedMessage: Bool
    /// For `message/rfc822`, `message/global` and `text/rfc822-headers` parts: the attached message's headers.
    let attachedHeaders: HeaderFields?

    /// The body with its transfer encoding removed.
    func decodedBody() -> [UInt8] {
        TransferEncoding.decode(headers.bytes, body, encoding: headers.value("Content-Transfer-Encoding"))
    }

    /// The body as text: transfer encoding removed and charset decoded.
    func text() -> String {
        Charset.decode(decodedBody()[...], charset: contentType.parameter("charset"))
    }

    /// The UTF-8 bytes of ``text()``, without making a `String` when the body already is UTF-8.
    func textUTF8() -> [UInt8] {
        Charset.utf8(of: decodedBody(), charset: contentType.parameter("charset"))
    }
}
