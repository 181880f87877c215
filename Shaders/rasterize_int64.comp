#version 450
// Single-pass depth test with 64-bit atomics: one invocation per triangle walks its clipped bounding box and
// does atomicMin of (depth bits << 32 | triangle id) per covered pixel, so the nearest depth wins and equal
// depths go to the smaller id. Workgroup = 64 triangles, 1-D grid split over x and y. Only for devices with
// shaderBufferInt64Atomics (a separate file so the capability stays out of rasterize.comp).
#include "common.glsl"
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#extension GL_EXT_shader_atomic_int64 : require
#include "rasterize.glsl"

layout(local_size_x_id = 0) in;

layout(std430, binding = 2) buffer Winners { uint64_t winner[]; }; // low word id, high word depth bits

void main() {
    uint t = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (t >= uint(triangleCount)) return;
    Triangle triangle;
    if (!loadTriangle(t, triangle)) return;
    ivec2 lo, hi;
    pixelBounds(triangle, lo, hi);
    for (int y = lo.y; y <= hi.y; y++) {
        for (int x = lo.x; x <= hi.x; x++) {
            vec3 l = screenBarycentrics(triangle, ivec2(x, y));
            if (!covers(l)) continue;
            uint depthBits = floatBitsToUint(depthOf(interpolatedInverseDepth(triangle, l)));
            atomicMin(winner[y * width + x], (uint64_t(depthBits) << 32) | uint64_t(t));
        }
    }
}
