/// TFLite builtin operator codes (schema.fbs `BuiltinOperator`) this project names.
enum BuiltinOperator {
    static let add = 0, averagePool2D = 1, concatenation = 2, conv2D = 3, depthwiseConv2D = 4
    static let depthToSpace = 5, dequantize = 6, fullyConnected = 9, logistic = 14, maxPool2D = 17
    static let mul = 18, relu = 19, relu6 = 21, reshape = 22, resizeBilinear = 23, softmax = 25
    static let tanh = 28, custom = 32, pad = 34, sub = 41, prelu = 54, hardSwish = 117, densify = 124

    private static let names: [Int: String] = [
        0: "ADD", 1: "AVERAGE_POOL_2D", 2: "CONCATENATION", 3: "CONV_2D", 4: "DEPTHWISE_CONV_2D",
        5: "DEPTH_TO_SPACE", 6: "DEQUANTIZE", 7: "EMBEDDING_LOOKUP", 8: "FLOOR", 9: "FULLY_CONNECTED",
        11: "L2_NORMALIZATION", 12: "L2_POOL_2D", 14: "LOGISTIC", 17: "MAX_POOL_2D", 18: "MUL", 19: "RELU",
        20: "RELU_N1_TO_1", 21: "RELU6", 22: "RESHAPE", 23: "RESIZE_BILINEAR", 25: "SOFTMAX",
        26: "SPACE_TO_DEPTH", 28: "TANH", 32: "CUSTOM", 34: "PAD", 36: "GATHER", 39: "TRANSPOSE", 40: "MEAN",
        41: "SUB", 42: "DIV", 43: "SQUEEZE", 45: "STRIDED_SLICE", 47: "EXP", 49: "SPLIT", 53: "CAST",
        54: "PRELU", 55: "MAXIMUM", 57: "MINIMUM", 60: "PADV2", 65: "SLICE", 67: "TRANSPOSE_CONV",
        70: "EXPAND_DIMS", 74: "SUM", 83: "PACK", 97: "RESIZE_NEAREST_NEIGHBOR", 98: "LEAKY_RELU",
        100: "MIRROR_PAD", 114: "QUANTIZE", 117: "HARD_SWISH", 124: "DENSIFY",
    ]

    static func name(_ code: Int) -> String { names[code] ?? "BUILTIN_OPERATOR_\(code)" }
}
