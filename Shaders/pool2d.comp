#version 450
// variants: fp16
// 2-D max or average pooling over NHWC, TFLite semantics: taps outside the input are skipped,
// and the average divides by the number of taps inside it. A 1-D grid (split over x/y) of
// workgroups, each a block of up to 64 channel lanes (vec4s of channels when C % 4 == 0) for
// a run of RUN consecutive output pixels in one output row; every invocation loops over the taps.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int MODE = POOL_MAX;  // POOL_MAX or POOL_AVERAGE
layout(constant_id = 2) const bool VECTORIZED = false;

const uint RUN = 4;
const float LOWEST = -3.402823466e38;

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 1) writeonly buffer Output4 { VEC4 y4[]; };
layout(push_constant) uniform Push {
    uint batches, inHeight, inWidth, lanes; // lanes: C, or C / 4 when VECTORIZED
    uint outHeight, outWidth;
    uint kernelHeight, kernelWidth;
    uint strideHeight, strideWidth;
    int padTop, padLeft;
};

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

    int originY = int(oy * strideHeight) - padTop;
    uint kyBegin = uint(max(-originY, 0));
    uint kyEnd = uint(clamp(int(inHeight) - originY, 0, int(kernelHeight)));
    uint imageBase = n * inHeight * inWidth;
    uint outBase = ((n * outHeight + oy) * outWidth) * lanes + lane;

    for (uint ox = firstX; ox < min(firstX + RUN, outWidth); ox++) {
        int originX = int(ox * strideWidth) - padLeft;
        uint kxBegin = uint(max(-originX, 0));
        uint kxEnd = uint(clamp(int(inWidth) - originX, 0, int(kernelWidth)));
        vec4 acc = vec4(MODE == POOL_MAX ? LOWEST : 0.0);
        for (uint ky = kyBegin; ky < kyEnd; ky++) {
            uint rowBase = (imageBase + uint(originY + int(ky)) * inWidth) * lanes + lane;
            for (uint kx = kxBegin; kx < kxEnd; kx++) {
                uint index = rowBase + uint(originX + int(kx)) * lanes;
                vec4 v = VECTORIZED ? LOAD4(x4[index]) : vec4(LOAD(x[index]));
                acc = MODE == POOL_MAX ? max(acc, v) : acc + v;
            }
        }
        if (MODE == POOL_AVERAGE) acc /= float((kyEnd - kyBegin) * (kxEnd - kxBegin));
        if (VECTORIZED) y4[outBase + ox * lanes] = STORE4(acc);
        else y[outBase + ox * lanes] = STORE(acc.x);
    }
}
