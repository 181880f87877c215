/// What a compiled compute shader asks of its pipeline layout, read from its SPIR-V: the storage buffers it binds
/// (set 0, bindings 0..<count) and the size of its push-constant block. The generated `Shader` enum carries these,
/// so a kernel's Swift side cannot disagree with its GLSL (a hand-typed count used to be kept in step by comment).
struct ShaderInterface: Equatable {
    var bindings: Int
    var pushConstantBytes: Int

    /// Reflects `words` (a SPIR-V module). Throws when the bindings are not 0..<n in set 0 or a push-constant
    /// member has a type this reader cannot size.
    init(spirv words: [UInt32], name: String) throws {
        guard words.count > 5, words[0] == 0x0723_0203 else {
            throw Failure(description: "error: \(name) is not SPIR-V")
        }
        var bindingOf: [UInt32: UInt32] = [:]
        var setOf: [UInt32: UInt32] = [:]
        var memberOffsets: [UInt32: [UInt32: UInt32]] = [:]
        var variables: [(id: UInt32, pointer: UInt32, storage: UInt32)] = []
        var pointers: [UInt32: (storage: UInt32, pointee: UInt32)] = [:]
        var types: [UInt32: SPIRVType] = [:]
        var constants: [UInt32: UInt32] = [:]
        var index = 5
        while index < words.count {
            let count = Int(words[index] >> 16)
            let opcode = words[index] & 0xFFFF
            guard count > 0, index + count <= words.count else {
                throw Failure(description: "error: \(name): malformed SPIR-V")
            }
            let operands = Array(words[(index + 1)..<(index + count)])
            switch opcode {
            case 71 where operands.count >= 3 && operands[1] == 33: // OpDecorate Binding
                bindingOf[operands[0]] = operands[2]
            case 71 where operands.count >= 3 && operands[1] == 34: // OpDecorate DescriptorSet
                setOf[operands[0]] = operands[2]
            case 72 where operands.count >= 4 && operands[2] == 35: // OpMemberDecorate Offset
                memberOffsets[operands[0], default: [:]][operands[1]] = operands[3]
            case 59 where operands.count >= 3: variables.append((operands[1], operands[0], operands[2])) // OpVariable
            case 32 where operands.count >= 3: pointers[operands[0]] = (operands[1], operands[2]) // OpTypePointer
            case 20 where operands.count >= 1: types[operands[0]] = .scalar(bytes: 4) // OpTypeBool
            case 21 where operands.count >= 2, 22 where operands.count >= 2: // OpTypeInt, OpTypeFloat
                types[operands[0]] = .scalar(bytes: Int(operands[1]) / 8)
            case 23 where operands.count >= 3:
                types[operands[0]] = .vector(component: operands[1], count: Int(operands[2]))
            case 28 where operands.count >= 3: types[operands[0]] = .array(element: operands[1], lengthID: operands[2])
            case 30: types[operands[0]] = .structure(members: Array(operands.dropFirst()))
            case 43 where operands.count >= 3: constants[operands[1]] = operands[2] // OpConstant
            default: break
            }
            index += count
        }

        // Descriptor bindings: every variable with a Binding decoration, all in set 0, numbered 0..<n (several
        // variables may alias one binding: a buffer read as scalars and as vectors).
        let bound = Set(variables.compactMap { bindingOf[$0.id] })
        if let other = variables.first(where: { bindingOf[$0.id] != nil && (setOf[$0.id] ?? 0) != 0 }) {
            throw Failure(
                description:
                    "error: \(name): variable \(other.id) is in descriptor set \(setOf[other.id] ?? 0); kernels use set 0 only"
            )
        }
        guard bound == Set(0..<UInt32(bound.count)) else {
            throw Failure(description: "error: \(name): bindings \(bound.sorted()) are not 0..<\(bound.count)")
        }
        bindings = bound.count

        // The push-constant block: its struct's last member end.
        func size(of type: UInt32) throws -> Int {
            switch types[type] {
            case .scalar(let bytes): return bytes
            case .vector(let component, let count): return try size(of: component) * count
            case .array(let element, let lengthID):
                guard let length = constants[lengthID] else { break }
                return try size(of: element) * Int(length)
            case .structure(let members):
                let offsets = memberOffsets[type] ?? [:]
                return try members.enumerated().map {
                    Int(offsets[UInt32($0.offset)] ?? 0) + (try size(of: $0.element))
                }.max() ?? 0
            case nil: break
            }
            throw Failure(description: "error: \(name): a push-constant member's type \(type) cannot be sized")
        }
        let blocks = variables.filter { $0.storage == 9 } // PushConstant
        guard blocks.count <= 1 else {
            throw Failure(description: "error: \(name) declares \(blocks.count) push-constant blocks")
        }
        if let block = blocks.first, let pointer = pointers[block.pointer] {
            pushConstantBytes = try size(of: pointer.pointee)
        } else {
            pushConstantBytes = 0
        }
    }
}

/// The SPIR-V types a push-constant block is made of.
enum SPIRVType {
    case scalar(bytes: Int)
    case vector(component: UInt32, count: Int)
    case array(element: UInt32, lengthID: UInt32)
    case structure(members: [UInt32])
}
