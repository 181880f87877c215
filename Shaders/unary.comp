#version 450
// variants: fp16
// Element-wise activation y = f(x) over a flat tensor (in place allowed).
// Workgroup: 256 invocations, each one vec4 (4 consecutive elements; one wide load and store, which
// CPU drivers execute far faster than 4 scalar ones); a 1-D grid split over x/y. The last count % 4
// elements are done by scalar accesses.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int OP = ACT_RELU;

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 1) writeonly buffer Output4 { VEC4 y4[]; };
layout(push_constant) uniform Push { uint count; };

void main() {
    uint vector = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    uint base = vector * 4;
    if (base + 4 <= count) {
        vec4 v = LOAD4(x4[vector]);
        y4[vector] = STORE4(vec4(activate(v.x, OP), activate(v.y, OP), activate(v.z, OP), activate(v.w, OP)));
    } else {
        for (uint index = base; index < count; index++) y[index] = STORE(activate(LOAD(x[index]), OP));
    }
}
