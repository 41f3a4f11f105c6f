/// The protocol buffers wire format, as far as reading ONNX needs it (see Protobuf.Reader).
enum Protobuf {}
