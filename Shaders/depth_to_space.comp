#version 450
// variants: fp16
// NHWC depth-to-space with TFLite's DCR order: [N, H, W, C*b*b] -> [N, H*b, W*b, C] with
// y[n, h*b + i, w*b + j, c] = x[n, h, w, (i*b + j)*C + c]. For a fixed (n, h, i) the output row
// is the input segments [i*b*C, (i+1)*b*C) of pixels w = 0..W-1 laid end to end, so the kernel is
// a copy of rows. 256 invocations per workgroup, a 1-D grid split over x/y; each invocation
// copies RUN consecutive elements (vec4s when C % 4 == 0) of one output row.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const bool VECTORIZED = false;

const uint RUN = 4;

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 1) writeonly buffer Output4 { VEC4 y4[]; };
layout(push_constant) uniform Push {
    uint rows;        // N * H * b output rows
    uint block;       // b
    uint width;       // W (input)
    uint segment;     // b * C, in lanes (elements, or vec4s)
};

void main() {
    uint rowLength = width * segment;
    uint runsPerRow = (rowLength + RUN - 1) / RUN;
    uint index = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    uint row = index / runsPerRow;
    if (row >= rows) return;
    uint first = (index % runsPerRow) * RUN;
    uint inputRow = row / block;          // n * H + h
    uint i = row % block;
    uint w = first / segment;
    uint t = first % segment;
    uint source = (inputRow * width + w) * segment * block + i * segment + t;
    uint destination = row * rowLength + first;
    for (uint k = 0; k < RUN && first + k < rowLength; k++) {
        if (VECTORIZED) y4[destination + k] = x4[source];
        else y[destination + k] = x[source];
        source++;
        if (++t == segment) { // next input pixel: skip the other b - 1 segments of its depth
            t = 0;
            source += segment * (block - 1);
        }
    }
}
