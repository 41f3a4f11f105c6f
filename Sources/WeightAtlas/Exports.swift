// The library's users import `WeightAtlas` alone: the layers' public APIs come with it.
@_exported import WeightAtlasEncode
@_exported import WeightAtlasFormats
@_exported import WeightAtlasRender
@_exported import WeightAtlasTensor
