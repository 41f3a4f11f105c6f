/// The pieces of the ONNX reader: messages of onnx.proto decoded from the wire (see ONNXFile).
enum ONNX {}
