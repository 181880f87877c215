// Codes and sizes that the kernels and their Swift encoders share, written once.
//
// The build (SPIRVCompilerPlugin on the Kernels target: spirv-embed --constants) generates the Swift side from this
// file, so the two languages cannot disagree: a case or constant the Swift code uses and this file lacks is a build
// error, not a wrong image.
//   `// swift enum TYPE PREFIX [internal]` makes the #defines below it (up to the next blank line) an `Int32` enum
//   TYPE (`Outer.Inner` nests it in an extension of Outer) whose cases are the names without PREFIX, camel-cased,
//   with the values written here.
//   `// swift constants` makes each #define below it a static constant of the internal enum `ShaderConstants`
//   (UInt32 for a `u` suffix, Int otherwise).
#ifndef VLOGGER_INTERFACE_GLSL
#define VLOGGER_INTERFACE_GLSL

// Activations of the element-wise kernels and the fused epilogues (conv, GEMM, group norm).
// swift enum Activation ACT_
#define ACT_NONE 0
#define ACT_RELU 1
#define ACT_RELU6 2
#define ACT_SIGMOID 3
#define ACT_SILU 4
#define ACT_GELU 5
#define ACT_HARD_SWISH 6
#define ACT_TANH 7

// binary.comp's operation.
// swift enum Binary.Operation OP_
#define OP_ADD 0
#define OP_SUBTRACT 1
#define OP_MULTIPLY 2
#define OP_DIVIDE 3
#define OP_MAXIMUM 4
#define OP_MINIMUM 5
#define OP_PRELU 6

// How binary.comp addresses its operands: NumPy broadcasting in general, or the two fast cases.
// swift enum Binary.Indexing INDEXING_ internal
#define INDEXING_GENERAL 0
#define INDEXING_SAME_SHAPE 1
#define INDEXING_TRAILING_B 2

// Max or average pooling.
// swift enum Pool2D.Mode POOL_
#define POOL_MAX 0
#define POOL_AVERAGE 1

// Bilinear or nearest-neighbour sampling.
// swift enum Resize.Mode RESIZE_
#define RESIZE_BILINEAR 0
#define RESIZE_NEAREST 1

// The three passes of group_norm.comp.
// swift enum GroupNorm.Pass GROUP_NORM_ internal
#define GROUP_NORM_PARTIALS 0
#define GROUP_NORM_STATS 1
#define GROUP_NORM_APPLY 2

// The passes of push_pull.comp: image + weights -> level 1, level k -> k + 1, level k <- k + 1 in place,
// output <- image * w + (1 - w) * up(level 1).
// swift enum PushPullInpaint.Pass PUSH_PULL_ internal
#define PUSH_PULL_PUSH_FROM_IMAGE 0
#define PUSH_PULL_PUSH 1
#define PUSH_PULL_PULL 2
#define PUSH_PULL_PULL_TO_IMAGE 3

// swift constants
// Bits of warp_composite.comp's teethRows: the synthesized rows under the upper lip and above the lower one.
#define TEETH_UPPER 1
#define TEETH_LOWER 2
// Floats per vertex in the warp and control-map attribute buffers.
#define ATTRIBUTE_STRIDE 8
// Side of the square screen tiles the rasterizer bins triangles into.
#define RASTER_TILE 16
// A pixel that no triangle covers, in the rasterizer's id buffers.
#define NO_TRIANGLE 0xFFFFFFFFu

#endif
