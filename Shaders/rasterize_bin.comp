#version 450
// Tile binning: one invocation per triangle (workgroup 64, 1-D grid split over x and y) appends its id to the
// list of every 16x16-pixel tile its clipped bounding box touches. A tile's list holds TILE_CAPACITY ids; the
// count keeps growing past it, which tells the tile pass to fall back to scanning every triangle there.
#include "common.glsl"
#include "rasterize.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint TILE_CAPACITY = 512;

layout(std430, binding = 2) buffer TileCounts { uint tileCounts[]; };
layout(std430, binding = 3) writeonly buffer TileLists { uint tileLists[]; };

void main() {
    uint t = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (t >= uint(triangleCount)) return;
    Triangle triangle;
    if (!loadTriangle(t, triangle)) return;
    ivec2 lo, hi;
    pixelBounds(triangle, lo, hi);
    if (lo.x > hi.x || lo.y > hi.y) return;
    int tilesX = (width + RASTER_TILE - 1) / RASTER_TILE;
    for (int ty = lo.y / RASTER_TILE; ty <= hi.y / RASTER_TILE; ty++) {
        for (int tx = lo.x / RASTER_TILE; tx <= hi.x / RASTER_TILE; tx++) {
            uint tile = uint(ty * tilesX + tx);
            uint slot = atomicAdd(tileCounts[tile], 1u);
            if (slot < TILE_CAPACITY) tileLists[tile * TILE_CAPACITY + slot] = t;
        }
    }
}
