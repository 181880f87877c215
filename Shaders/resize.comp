#version 450
// variants: fp16
// NHWC bilinear or nearest-neighbour resize with TFLite's RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR
// semantics (align_corners, half_pixel_centers; the formulas are in Sources/Kernels/Resize.swift).
// A 1-D grid (split over x/y) of workgroups, each a block of up to 64 channel lanes (vec4s of
// channels when C % 4 == 0) for a run of RUN consecutive output pixels in one output row.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int MODE = RESIZE_BILINEAR;  // RESIZE_BILINEAR or RESIZE_NEAREST
layout(constant_id = 2) const bool VECTORIZED = false;
layout(constant_id = 3) const bool ALIGN_CORNERS = false;
layout(constant_id = 4) const bool HALF_PIXEL_CENTERS = false;

const uint RUN = 4;

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 1) writeonly buffer Output4 { VEC4 y4[]; };
layout(push_constant) uniform Push {
    uint batches, inHeight, inWidth, lanes; // lanes: C, or C / 4 when VECTORIZED
    uint outHeight, outWidth;
    float scaleY, scaleX; // computed on the host exactly as TFLite does
};

vec4 load(uint index) { return VECTORIZED ? LOAD4(x4[index]) : vec4(LOAD(x[index])); }

// Source coordinate and its clamped lower/upper neighbours (TFLite ComputeInterpolationValues).
// `precise` keeps the multiply and subtract unfused, so the neighbours match the host bit for bit.
void bilinear_source(uint o, float scale, uint size, out float coordinate, out uint lower, out uint upper) {
    precise float scaled = HALF_PIXEL_CENTERS ? (float(o) + 0.5) * scale - 0.5 : float(o) * scale;
    coordinate = scaled;
    lower = uint(clamp(int(floor(scaled)), 0, int(size) - 1)); // upper clamp only guards memory
    upper = uint(min(int(ceil(scaled)), int(size) - 1));
}

// TFLite GetNearestNeighbor: floor, or round half away from zero with align_corners.
uint nearest_source(uint o, float scale, uint size) {
    precise float scaled = (float(o) + (HALF_PIXEL_CENTERS ? 0.5 : 0.0)) * scale;
    float whole = floor(scaled);
    if (ALIGN_CORNERS && scaled - whole >= 0.5) whole += 1.0;
    return uint(clamp(int(whole), 0, int(size) - 1));
}

void main() {
    uint blocks = (lanes + gl_WorkGroupSize.x - 1) / gl_WorkGroupSize.x;
    uint runs = (outWidth + RUN - 1) / RUN;
    uint id = linear_group_id();
    if (id >= batches * outHeight * runs * blocks) return;
    uint lane = (id % blocks) * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (lane >= lanes) return;
    uint rest = id / blocks;
    uint firstX = (rest % runs) * RUN;
    rest /= runs;
    uint oy = rest % outHeight;
    uint n = rest / outHeight;
    uint imageBase = n * inHeight;
    uint outBase = ((n * outHeight + oy) * outWidth) * lanes + lane;

    if (MODE == RESIZE_NEAREST) {
        uint rowBase = (imageBase + nearest_source(oy, scaleY, inHeight)) * inWidth;
        for (uint ox = firstX; ox < min(firstX + RUN, outWidth); ox++) {
            uint index = (rowBase + nearest_source(ox, scaleX, inWidth)) * lanes + lane;
            if (VECTORIZED) y4[outBase + ox * lanes] = x4[index];
            else y[outBase + ox * lanes] = x[index];
        }
        return;
    }

    float inY;
    uint y0, y1;
    bilinear_source(oy, scaleY, inHeight, inY, y0, y1);
    float dy = inY - float(y0);
    uint row0 = (imageBase + y0) * inWidth, row1 = (imageBase + y1) * inWidth;
    for (uint ox = firstX; ox < min(firstX + RUN, outWidth); ox++) {
        float inX;
        uint x0, x1;
        bilinear_source(ox, scaleX, inWidth, inX, x0, x1);
        float dx = inX - float(x0);
        vec4 value = load((row0 + x0) * lanes + lane) * (1.0 - dy) * (1.0 - dx)
                   + load((row1 + x0) * lanes + lane) * dy * (1.0 - dx)
                   + load((row0 + x1) * lanes + lane) * (1.0 - dy) * dx
                   + load((row1 + x1) * lanes + lane) * dy * dx;
        if (VECTORIZED) y4[outBase + ox * lanes] = STORE4(value);
        else y[outBase + ox * lanes] = STORE(value.x);
    }
}
