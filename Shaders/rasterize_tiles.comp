#version 450
// Tile pass of the binned rasterizer: one workgroup of 64 invocations per 16x16-pixel tile, each invocation
// owning 4 pixels (rows 4 apart). Every invocation walks the tile's triangle list and keeps the nearest
// (depth bits, id) per pixel in registers -- no atomics, so it needs no int64 support, and the order of the
// list (filled by atomics) does not matter: the smallest (depth, id) wins as in the other paths. A tile whose
// list overflowed scans every triangle instead. Writes each pixel's winner as (id, depth bits) for the resolve.
#include "common.glsl"
#include "rasterize.glsl"

layout(local_size_x = 64) in;
layout(constant_id = 0) const uint TILE_CAPACITY = 512;
const int TILE = 16;
const int PIXELS_PER_INVOCATION = 4;

layout(std430, binding = 2) readonly buffer TileCounts { uint tileCounts[]; };
layout(std430, binding = 3) readonly buffer TileLists { uint tileLists[]; };
layout(std430, binding = 4) writeonly buffer Winners { uint winner[]; }; // per pixel: id, depth bits

void main() {
    int tilesX = (width + TILE - 1) / TILE;
    uint tile = linear_group_id();
    if (tile >= uint(tilesX * ((height + TILE - 1) / TILE))) return;
    ivec2 origin = ivec2(int(tile) % tilesX, int(tile) / tilesX) * TILE;
    ivec2 pixels[PIXELS_PER_INVOCATION];
    uint bestId[PIXELS_PER_INVOCATION];
    uint bestDepth[PIXELS_PER_INVOCATION];
    [[unroll]] for (int k = 0; k < PIXELS_PER_INVOCATION; k++) {
        int local = int(gl_LocalInvocationID.x) + 64 * k;
        pixels[k] = origin + ivec2(local % TILE, local / TILE);
        bestId[k] = NO_TRIANGLE;
        bestDepth[k] = 0xFFFFFFFFu;
    }
    uint count = tileCounts[tile];
    bool overflowed = count > TILE_CAPACITY;
    uint total = overflowed ? uint(triangleCount) : count;
    for (uint i = 0; i < total; i++) {
        uint t = overflowed ? i : tileLists[tile * TILE_CAPACITY + i];
        Triangle triangle;
        if (!loadTriangle(t, triangle)) continue;
        [[unroll]] for (int k = 0; k < PIXELS_PER_INVOCATION; k++) {
            if (pixels[k].x >= width || pixels[k].y >= height) continue;
            vec3 l = screenBarycentrics(triangle, pixels[k]);
            if (!covers(l)) continue;
            uint depthBits = floatBitsToUint(depthOf(interpolatedInverseDepth(triangle, l)));
            if (depthBits < bestDepth[k] || (depthBits == bestDepth[k] && t < bestId[k])) {
                bestDepth[k] = depthBits;
                bestId[k] = t;
            }
        }
    }
    [[unroll]] for (int k = 0; k < PIXELS_PER_INVOCATION; k++) {
        if (pixels[k].x >= width || pixels[k].y >= height) continue;
        uint pixel = uint(pixels[k].y * width + pixels[k].x);
        winner[2 * pixel] = bestId[k];
        winner[2 * pixel + 1] = bestDepth[k];
    }
}
