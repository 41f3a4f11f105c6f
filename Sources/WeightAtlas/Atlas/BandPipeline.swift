import Dispatch
import Synchronization
import WeightAtlasEncode

/// Renders a mosaic band by band into a PNG, compressing band k on a second thread while
/// the backend renders band k + 1. Two band buffers bound the memory.
struct BandPipeline {
    let writer: any ImageSink
    let rowsPerBand: Int

    /// Calls `render(rows, buffer)` for consecutive bands and streams each to the writer.
    func run(height: Int, render: (Range<Int>, UnsafeMutableRawBufferPointer) throws(AtlasError) -> Void) throws(AtlasError) {
        let slots = [BandBuffer(byteCount: rowsPerBand * writer.rowBytes), BandBuffer(byteCount: rowsPerBand * writer.rowBytes)]
        let encoder = DispatchQueue(label: "weightatlas.png-encoder")
        let state = EncoderState(writer: writer)
        var band = 0
        var y = 0
        defer { encoder.sync {} }
        while y < height {
            let rows = y..<min(height, y + rowsPerBand)
            let slot = slots[band % 2]
            slot.free.wait()
            if let error = state.failure {
                slot.free.signal()
                throw .output(error)
            }
            do throws(AtlasError) {
                try render(rows, UnsafeMutableRawBufferPointer(rebasing: slot.bytes[0..<(rows.count * writer.rowBytes)]))
            } catch {
                slot.free.signal()
                throw error
            }
            let count = rows.count * writer.rowBytes
            encoder.async {
                state.write(UnsafeRawBufferPointer(rebasing: slot.bytes[0..<count]))
                slot.free.signal()
            }
            y = rows.upperBound
            band += 1
        }
        encoder.sync {}
        if let error = state.failure { throw .output(error) }
    }
}

/// One band's pixels and the semaphore saying the encoder is done with them.
final class BandBuffer: @unchecked Sendable {
    let bytes: UnsafeMutableRawBufferPointer
    let free = DispatchSemaphore(value: 1)

    init(byteCount: Int) { bytes = .allocate(byteCount: max(1, byteCount), alignment: 64) }
    deinit { bytes.deallocate() }
}

/// The writer as the encoder thread uses it; the first failure stops further writes.
final class EncoderState: @unchecked Sendable {
    private let writer: any ImageSink
    private let error = Mutex<OutputError?>(nil)

    init(writer: any ImageSink) { self.writer = writer }

    var failure: OutputError? { error.withLock { $0 } }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        do { try writer.write(rows: bytes) } catch { self.error.withLock { $0 = error } }
    }
}
