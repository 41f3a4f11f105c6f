import WeightAtlasFormats
import WeightAtlasTensor

/// libFuzzer entry point for `ShardedFile` (Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzInput.run(data, size, ext: "index.json", reader: ShardedFile.self)
    return 0
}
