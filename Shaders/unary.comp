#version 450
// variants: fp16
// Element-wise activation y = f(x) over a flat tensor (in place allowed).
// Workgroup: 256 invocations x 4 consecutive elements each; a 1-D grid split over x/y.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int OP = ACT_RELU;

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 1) writeonly buffer Output { SCALAR y[]; };
layout(push_constant) uniform Push { uint count; };

const uint PER_INVOCATION = 4;

void main() {
    uint base = (linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x) * PER_INVOCATION;
    [[unroll]] for (uint i = 0; i < PER_INVOCATION; i++) {
        uint index = base + i;
        if (index < count) y[index] = STORE(activate(LOAD(x[index]), OP));
    }
}
