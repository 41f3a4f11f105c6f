/// What a Keras 3 `config.json` says about the layers that own the weights: each layer's
/// class (which names its variables) and its position in the model (which orders them).
struct KerasConfig: Sendable {
    /// One layer of the config.
    struct Layer: Sendable {
        /// Class name (`Conv2D`, `BatchNormalization`, ...).
        var className: String
        /// The layer's `scale` and `center` flags (BatchNormalization, LayerNormalization).
        var scale = true, center = true
        /// Position in a depth-first walk of the config (layer order).
        var order: Int
    }

    /// Layers by name (nested models' layers included).
    private(set) var layers: [String: Layer] = [:]

    /// An empty config: variables keep their indices.
    init() {}

    /// Reads `text`, a Keras `config.json`, starting at `base` in the file (for errors).
    /// - Throws: `.malformedHeader` when it is not JSON.
    init(text: UnsafeRawBufferPointer, base: Int) throws(FormatError) {
        let root: JSONNode
        do {
            root = try JSONParser.parse(text)
        } catch {
            throw FormatError(format: KerasFile.formatName, kind: .malformedHeader("config.json: \(error.message)"),
                              offset: base + error.offset)
        }
        collect(root, depth: 0)
    }

    /// Records every object with a `class_name` and a `config.name`, depth first.
    private mutating func collect(_ node: JSONNode, depth: Int) {
        guard depth < 64 else { return }
        switch node {
        case .array(let items):
            for item in items { collect(item, depth: depth + 1) }
        case .object(let members):
            if case .string(let className)? = Self.member("class_name", of: members),
               case .object(let config)? = Self.member("config", of: members),
               case .string(let name)? = Self.member("name", of: config), layers[name] == nil {
                var layer = Layer(className: className, order: layers.count)
                if case .bool(let scale)? = Self.member("scale", of: config) { layer.scale = scale }
                if case .bool(let center)? = Self.member("center", of: config) { layer.center = center }
                layers[name] = layer
            }
            for member in members { collect(member.value, depth: depth + 1) }
        default:
            break
        }
    }

    private static func member(_ key: String, of members: [(key: String, offset: Int, value: JSONNode)]) -> JSONNode? {
        members.first { $0.key == key }?.value
    }
}
