#version 450
// Resolve: one invocation per pixel (workgroup 64, 1-D grid split over x and y) turns the winning triangle id
// into the id map, view depth and perspective-correct barycentrics, recomputed from the triangle's vertices.
// Pixels no triangle covers get id 0xFFFFFFFF, depth 0 and barycentrics 0.
#include "common.glsl"
#include "rasterize.glsl"

layout(local_size_x_id = 0) in;

layout(std430, binding = 2) readonly buffer Winners { uint winner[]; }; // per pixel: id, depth bits
layout(std430, binding = 3) writeonly buffer Ids { uint ids[]; };
layout(std430, binding = 4) writeonly buffer Depth { float depth[]; };
layout(std430, binding = 5) writeonly buffer Barycentrics { float barycentrics[]; };

void main() {
    uint pixel = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (pixel >= uint(width * height)) return;
    uint t = winner[2 * pixel];
    Triangle triangle;
    float z = 0.0;
    vec3 b = vec3(0.0);
    if (t != NO_TRIANGLE && loadTriangle(t, triangle)) {
        vec3 l = screenBarycentrics(triangle, ivec2(int(pixel) % width, int(pixel) / width));
        float inverseDepth = interpolatedInverseDepth(triangle, l);
        z = depthOf(inverseDepth);
        b = l * triangle.inverseDepth / inverseDepth;
    } else {
        t = NO_TRIANGLE;
    }
    ids[pixel] = t;
    depth[pixel] = z;
    barycentrics[3 * pixel] = b.x;
    barycentrics[3 * pixel + 1] = b.y;
    barycentrics[3 * pixel + 2] = b.z;
}
