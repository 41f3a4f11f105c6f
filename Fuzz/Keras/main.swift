import WeightAtlasFormats
import WeightAtlasTensor

/// libFuzzer entry point for `KerasFile` (Fuzz/README.md). The HDF5 reader process runs
/// outside the fuzzer: its crashes are contained by design, except a Swift trap of our own
/// code there, which is made a finding here.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzInput.run(data, size, ext: "keras", reader: KerasFile.self) { error in
        if error.description.contains(HDF5.Sandbox.ownCheckFailed) { fatalError("\(error)") }
    }
    return 0
}
