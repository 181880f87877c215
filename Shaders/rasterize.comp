#version 450
// Two-pass depth test (for devices without 64-bit atomics). One invocation per triangle walks its clipped
// bounding box; workgroup = 64 triangles, 1-D grid split over x and y. PASS 1: atomicMin of the depth's
// bits (positive floats order like their bits) into winner[2p + 1]. PASS 2: a triangle whose depth equals
// that minimum writes atomicMin of its id into winner[2p], so equal depths go to the smaller id.
#include "common.glsl"
#include "rasterize.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int PASS = 1;

layout(std430, binding = 2) buffer Winners { uint winner[]; }; // per pixel: id, depth bits

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
            uint pixel = uint(y * width + x);
            if (PASS == 1) {
                atomicMin(winner[2 * pixel + 1], depthBits);
            } else if (winner[2 * pixel + 1] == depthBits) {
                atomicMin(winner[2 * pixel], t);
            }
        }
    }
}
