import WeightAtlasFormats
import WeightAtlasTensor

/// libFuzzer entry point for `PyTorchZipFile` (Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzInput.run(data, size, ext: "pt", reader: PyTorchZipFile.self)
    return 0
}
