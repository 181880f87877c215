#version 450
// variants: fp16
// Constant padding of a rank-4 tensor (lower ranks are padded with leading 1s by the host):
// y[o] = x[o - before] inside the input, else `value`. 256 invocations per workgroup, a 1-D grid
// split over x/y; each invocation writes RUN consecutive elements (vec4s when the last axis and
// its padding are multiples of 4) of one row of the last axis.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const bool VECTORIZED = false;

const uint RUN = 4;

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 1) writeonly buffer Output4 { VEC4 y4[]; };
layout(push_constant) uniform Push {
    uint inDim0, inDim1, inDim2, inDim3;     // the last axis in lanes (elements, or vec4s)
    uint outDim0, outDim1, outDim2, outDim3;
    uint before0, before1, before2, before3;
    float value;
};

void main() {
    uint runsPerRow = (outDim3 + RUN - 1) / RUN;
    uint index = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    uint row = index / runsPerRow;
    if (row >= outDim0 * outDim1 * outDim2) return;
    uint first = (index % runsPerRow) * RUN;
    uint o2 = row % outDim2;
    uint o1 = (row / outDim2) % outDim1;
    uint o0 = row / (outDim2 * outDim1);
    // Unsigned wrap-around turns "before the input" into "past its end": one comparison per axis.
    uint i0 = o0 - before0, i1 = o1 - before1, i2 = o2 - before2;
    bool rowInside = i0 < inDim0 && i1 < inDim1 && i2 < inDim2;
    uint inRow = ((i0 * inDim1 + i1) * inDim2 + i2) * inDim3;
    uint outRow = row * outDim3;
    for (uint o3 = first; o3 < min(first + RUN, outDim3); o3++) {
        uint i3 = o3 - before3;
        bool inside = rowInside && i3 < inDim3;
        if (VECTORIZED) {
            VEC4 v = VEC4(value);
            if (inside) v = x4[inRow + i3];
            y4[outRow + o3] = v;
        } else {
            SCALAR v = SCALAR(value);
            if (inside) v = x[inRow + i3];
            y[outRow + o3] = v;
        }
    }
}
