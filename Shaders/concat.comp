#version 450
// variants: fp16
// One input of a concatenation: copies x, viewed as [outer, inner], into y, viewed as
// [outer, outputInner], at column `offset` (the host dispatches once per input). 256 invocations
// per workgroup, a 1-D grid split over x/y; each invocation copies RUN consecutive elements
// (vec4s when inner, outputInner and offset are multiples of 4) of one row.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const bool VECTORIZED = false;

const uint RUN = 4;

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 1) writeonly buffer Output4 { VEC4 y4[]; };
layout(push_constant) uniform Push {
    uint outer;
    uint inner;        // in lanes (elements, or vec4s)
    uint outputInner;
    uint offset;
};

void main() {
    uint runsPerRow = (inner + RUN - 1) / RUN;
    uint index = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    uint row = index / runsPerRow;
    if (row >= outer) return;
    uint first = (index % runsPerRow) * RUN;
    uint source = row * inner;
    uint destination = row * outputInner + offset;
    for (uint column = first; column < min(first + RUN, inner); column++) {
        if (VECTORIZED) y4[destination + column] = x4[source + column];
        else y[destination + column] = x[source + column];
    }
}
