import WeightAtlas

/// libFuzzer entry point for `KerasFile` (Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzInput.run(data, size, ext: "keras", reader: KerasFile.self)
    return 0
}
