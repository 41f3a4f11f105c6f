/// The FlatBuffers binary format, read with every offset checked against the buffer.
enum FlatBuffers {}
