import WeightAtlasFormats
import WeightAtlasTensor

/// libFuzzer entry point for `GGUFFile` (Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzInput.run(data, size, ext: "gguf", reader: GGUFFile.self)
    return 0
}
