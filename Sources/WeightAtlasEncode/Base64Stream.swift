/// Base64 (RFC 4648, padded) of a byte stream given in pieces of any size, written out as it goes.
package struct Base64Stream {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private let write: (UnsafeRawBufferPointer) -> Void
    private var carry: [UInt8] = []
    private var output: [UInt8] = []

    /// An encoder handing its text to `write`.
    package init(write: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.write = write
        output.reserveCapacity(1 << 16 + 8)
    }

    /// Encodes `bytes`: whole groups of three now, up to two left for the next piece.
    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        while !carry.isEmpty && carry.count < 3 && i < bytes.count {
            carry.append(bytes[i])
            i += 1
        }
        if carry.count == 3 {
            emit(carry[0], carry[1], carry[2])
            carry = []
        }
        while i + 3 <= bytes.count {
            emit(bytes[i], bytes[i + 1], bytes[i + 2])
            i += 3
        }
        carry += bytes[i...]
    }

    /// Encodes the last bytes with padding and flushes.
    package mutating func finish() {
        if !carry.isEmpty {
            let n = carry.count
            carry += [UInt8](repeating: 0, count: 3 - n)
            emit(carry[0], carry[1], carry[2])
            output.replaceSubrange((output.count - (3 - n))..., with: [UInt8](repeating: UInt8(ascii: "="), count: 3 - n))
            carry = []
        }
        flush()
    }

    @inline(__always)
    private mutating func emit(_ a: UInt8, _ b: UInt8, _ c: UInt8) {
        let v = Int(a) << 16 | Int(b) << 8 | Int(c)
        output.append(Self.alphabet[v >> 18])
        output.append(Self.alphabet[v >> 12 & 63])
        output.append(Self.alphabet[v >> 6 & 63])
        output.append(Self.alphabet[v & 63])
        if output.count >= 1 << 16 { flush() }
    }

    private mutating func flush() {
        output.withUnsafeBytes { write($0) }
        output.removeAll(keepingCapacity: true)
    }
}
