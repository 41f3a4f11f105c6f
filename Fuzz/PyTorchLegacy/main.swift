import WeightAtlasFormats
import WeightAtlasTensor

/// libFuzzer entry point for `PyTorchLegacyFile` (Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzInput.run(data, size, ext: "pt", reader: PyTorchLegacyFile.self)
    return 0
}
