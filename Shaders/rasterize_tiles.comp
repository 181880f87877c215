#version 450
// Tile pass of the binned rasterizer: one workgroup of 64 invocations per 16x16-pixel tile, each invocation
// owning 4 pixels (rows 4 apart). The workgroup sets up 64 listed triangles at a time in shared memory (one
// per invocation), then every invocation tests its pixels against the batch, keeping the nearest
// (depth bits, id) per pixel in registers -- no atomics, so it needs no int64 support, and the order of the
// list (filled by atomics) does not matter: the smallest (depth, id) wins as in the other paths. A tile whose
// list overflowed scans every triangle instead. Writes each pixel's winner as (id, depth bits) for the resolve.
#include "common.glsl"
#include "rasterize.glsl"

layout(local_size_x = 64) in;
layout(constant_id = 0) const uint TILE_CAPACITY = 512;
const int PIXELS_PER_INVOCATION = 4;

layout(std430, binding = 2) readonly buffer TileCounts { uint tileCounts[]; };
layout(std430, binding = 3) readonly buffer TileLists { uint tileLists[]; };
layout(std430, binding = 4) writeonly buffer Winners { uint winner[]; }; // per pixel: id, depth bits

shared vec4 batchCorners[64];      // p0, p1
shared vec4 batchRest[64];         // p2, area
shared vec3 batchInverseDepth[64];
shared uint batchIds[64];          // NO_TRIANGLE: nothing to draw

void main() {
    int tilesX = (width + RASTER_TILE - 1) / RASTER_TILE;
    uint tile = linear_group_id();
    if (tile >= uint(tilesX * ((height + RASTER_TILE - 1) / RASTER_TILE))) return;
    ivec2 origin = ivec2(int(tile) % tilesX, int(tile) / tilesX) * RASTER_TILE;
    ivec2 pixels[PIXELS_PER_INVOCATION];
    uint bestId[PIXELS_PER_INVOCATION];
    uint bestDepth[PIXELS_PER_INVOCATION];
    [[unroll]] for (int k = 0; k < PIXELS_PER_INVOCATION; k++) {
        int local = int(gl_LocalInvocationID.x) + 64 * k;
        pixels[k] = origin + ivec2(local % RASTER_TILE, local / RASTER_TILE);
        bestId[k] = NO_TRIANGLE;
        bestDepth[k] = 0xFFFFFFFFu;
    }
    uint count = tileCounts[tile];
    bool overflowed = count > TILE_CAPACITY;
    uint total = overflowed ? uint(triangleCount) : count;
    for (uint base = 0; base < total; base += 64) {
        uint i = base + gl_LocalInvocationID.x;
        Triangle triangle;
        bool valid = false;
        uint t = NO_TRIANGLE;
        if (i < total) {
            t = overflowed ? i : tileLists[tile * TILE_CAPACITY + i];
            valid = loadTriangle(t, triangle);
        }
        batchCorners[gl_LocalInvocationID.x] = valid ? vec4(triangle.p0, triangle.p1) : vec4(0.0);
        batchRest[gl_LocalInvocationID.x] = valid ? vec4(triangle.p2, triangle.area, 0.0) : vec4(0.0);
        batchInverseDepth[gl_LocalInvocationID.x] = valid ? triangle.inverseDepth : vec3(0.0);
        batchIds[gl_LocalInvocationID.x] = valid ? t : NO_TRIANGLE;
        barrier();
        uint batch = min(64u, total - base);
        for (uint j = 0; j < batch; j++) {
            uint id = batchIds[j];
            if (id == NO_TRIANGLE) continue;
            Triangle shared_;
            shared_.p0 = batchCorners[j].xy;
            shared_.p1 = batchCorners[j].zw;
            shared_.p2 = batchRest[j].xy;
            shared_.area = batchRest[j].z;
            shared_.inverseDepth = batchInverseDepth[j];
            [[unroll]] for (int k = 0; k < PIXELS_PER_INVOCATION; k++) {
                vec3 l = screenBarycentrics(shared_, pixels[k]);
                if (!covers(l)) continue;
                uint depthBits = floatBitsToUint(depthOf(interpolatedInverseDepth(shared_, l)));
                if (depthBits < bestDepth[k] || (depthBits == bestDepth[k] && id < bestId[k])) {
                    bestDepth[k] = depthBits;
                    bestId[k] = id;
                }
            }
        }
        barrier();
    }
    [[unroll]] for (int k = 0; k < PIXELS_PER_INVOCATION; k++) {
        if (pixels[k].x >= width || pixels[k].y >= height) continue;
        uint pixel = uint(pixels[k].y * width + pixels[k].x);
        winner[2 * pixel] = bestId[k];
        winner[2 * pixel + 1] = bestDepth[k];
    }
}
