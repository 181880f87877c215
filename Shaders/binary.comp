#version 450
// variants: fp16
// Element-wise c = op(a, b) with NumPy broadcasting over up to 4 dimensions, then an optional
// fused activation. Broadcast dimensions have stride 0. Workgroup: 256 invocations, one
// element each (one vec4 each with VECTOR); a 1-D grid split over x/y. INDEXING picks the
// cheapest addressing the shapes allow: same shapes (flat), b repeating over a's leading
// dimensions (one modulo), or the general 4-D decomposition (integer divisions, which CPU
// drivers cannot vectorize). VECTOR (flat or trailing addressing, counts multiples of 4) moves
// a vec4 per invocation: one wide access instead of four is what CPU drivers run fastest.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int OP = OP_ADD;
layout(constant_id = 2) const int ACT = ACT_NONE;
layout(constant_id = 3) const int INDEXING = INDEXING_GENERAL;
layout(constant_id = 4) const bool VECTOR = false;

layout(std430, binding = 0) readonly buffer A { SCALAR a[]; };
layout(std430, binding = 0) readonly buffer A4 { VEC4 a4[]; };
layout(std430, binding = 1) readonly buffer B { SCALAR b[]; };
layout(std430, binding = 1) readonly buffer B4 { VEC4 b4[]; };
layout(std430, binding = 2) writeonly buffer C { SCALAR c[]; };
layout(std430, binding = 2) writeonly buffer C4 { VEC4 c4[]; };
layout(push_constant) uniform Push {
    uint count;
    uint dim1, dim2, dim3;           // output shape (dim0 implied by count)
    uint aStride0, aStride1, aStride2, aStride3;
    uint bStride0, bStride1, bStride2, bStride3;
};

float apply(float x, float y) {
    float r;
    switch (OP) {
    case OP_ADD: r = x + y; break;
    case OP_SUBTRACT: r = x - y; break;
    case OP_MULTIPLY: r = x * y; break;
    case OP_DIVIDE: r = x / y; break;
    case OP_MAXIMUM: r = max(x, y); break;
    case OP_MINIMUM: r = min(x, y); break;
    default: r = x >= 0.0 ? x : x * y; break; // OP_PRELU: b holds the slopes
    }
    return activate(r, ACT);
}

void main() {
    uint index = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (VECTOR) {
        if (index * 4 >= count) return;
        uint bVector = INDEXING == INDEXING_SAME_SHAPE ? index : index % (bStride0 / 4);
        vec4 x = LOAD4(a4[index]), y = LOAD4(b4[bVector]);
        c4[index] = STORE4(vec4(apply(x.x, y.x), apply(x.y, y.y), apply(x.z, y.z), apply(x.w, y.w)));
        return;
    }
    if (index >= count) return;
    uint aIndex, bIndex;
    if (INDEXING == INDEXING_SAME_SHAPE) {
        aIndex = index;
        bIndex = index;
    } else if (INDEXING == INDEXING_TRAILING_B) {
        aIndex = index;
        bIndex = index % bStride0; // bStride0 carries b's element count here
    } else {
        uint i3 = index % dim3;
        uint rest = index / dim3;
        uint i2 = rest % dim2;
        rest /= dim2;
        uint i1 = rest % dim1;
        uint i0 = rest / dim1;
        aIndex = i0 * aStride0 + i1 * aStride1 + i2 * aStride2 + i3 * aStride3;
        bIndex = i0 * bStride0 + i1 * bStride1 + i2 * bStride2 + i3 * bStride3;
    }
    c[index] = STORE(apply(LOAD(a[aIndex]), LOAD(b[bIndex])));
}
