#version 450
// Push-pull hole filling (Gortler et al. 1996), one dispatch per pyramid level; MODE picks the pass.
// A 1-D grid of workgroups of local_size_x invocations, one invocation per pixel of the level written.
// The formulas (and the CPU reference that defines them) are in Sources/Kernels/PushPullInpaint.swift.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int MODE = 0;

#define MODE_PUSH_FROM_IMAGE 0 // image + weights (level 0) -> level 1
#define MODE_PUSH 1            // level k -> level k + 1
#define MODE_PULL 2            // level k <- its colour + (1 - w) * up(level k + 1), in place
#define MODE_PULL_TO_IMAGE 3   // output <- image * w + (1 - w) * up(level 1)

// Pyramid levels above 0 are vec4s: rgb premultiplied by the weight, and the weight in w. After
// their pull pass, rgb holds the filled colour instead.
layout(std430, binding = 0) readonly buffer Image { float image[]; };   // [H, W, 3]
layout(std430, binding = 1) readonly buffer Weights { float weights[]; }; // [H, W]
layout(std430, binding = 2) buffer Fine { vec4 fine[]; };                // level k (unused at level 0)
layout(std430, binding = 3) buffer Coarse { vec4 coarse[]; };            // level k + 1
layout(std430, binding = 4) writeonly buffer Output { float outputs[]; }; // [H, W, 3]
layout(push_constant) uniform Push {
    uint fineHeight, fineWidth, coarseHeight, coarseWidth;
    uint coarseIsTop; // push: the level written is the 1x1 top, which counts as fully known
};

// Level 0 as premultiplied colour and weight; colours under weight 0 are ignored (even NaN).
vec4 image_sample(uint index) {
    float w = clamp(weights[index], 0.0, 1.0);
    vec3 colour = vec3(image[3 * index], image[3 * index + 1], image[3 * index + 2]);
    return vec4(w > 0.0 ? colour * w : vec3(0.0), w);
}

// The two coarse taps of fine index f and their weights: the coarse pixel centred at
// 2 * i + 0.5 in fine coordinates, bilinear with edge clamping.
void taps(uint f, uint size, out uint a, out uint b, out float wa, out float wb) {
    uint m = f >> 1;
    if ((f & 1u) == 0u) { a = m == 0u ? 0u : m - 1u; b = m; wa = 0.25; wb = 0.75; }
    else { a = m; b = min(m + 1u, size - 1u); wa = 0.75; wb = 0.25; }
}

vec3 upsampled(uint fy, uint fx) {
    uint y0, y1, x0, x1;
    float wy0, wy1, wx0, wx1;
    taps(fy, coarseHeight, y0, y1, wy0, wy1);
    taps(fx, coarseWidth, x0, x1, wx0, wx1);
    vec3 top = wx0 * coarse[y0 * coarseWidth + x0].rgb + wx1 * coarse[y0 * coarseWidth + x1].rgb;
    vec3 bottom = wx0 * coarse[y1 * coarseWidth + x0].rgb + wx1 * coarse[y1 * coarseWidth + x1].rgb;
    return wy0 * top + wy1 * bottom;
}

void push(uint index) {
    uint cy = index / coarseWidth, cx = index % coarseWidth;
    vec3 sum = vec3(0.0);
    float weight = 0.0;
    for (uint dy = 0u; dy < 2u; dy++) {
        uint fy = 2u * cy + dy;
        if (fy >= fineHeight) break;
        for (uint dx = 0u; dx < 2u; dx++) {
            uint fx = 2u * cx + dx;
            if (fx >= fineWidth) break;
            uint child = fy * fineWidth + fx;
            vec4 s = MODE == MODE_PUSH_FROM_IMAGE ? image_sample(child) : fine[child];
            sum += s.rgb;
            weight += s.w;
        }
    }
    vec3 colour = weight > 0.0 ? sum / weight : vec3(0.0);
    float w = coarseIsTop != 0u ? 1.0 : min(weight, 1.0);
    coarse[index] = vec4(colour * w, w);
}

void main() {
    uint index = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    bool pushing = MODE == MODE_PUSH_FROM_IMAGE || MODE == MODE_PUSH;
    if (index >= (pushing ? coarseHeight * coarseWidth : fineHeight * fineWidth)) return;
    if (pushing) {
        push(index);
        return;
    }
    vec3 up = upsampled(index / fineWidth, index % fineWidth);
    if (MODE == MODE_PULL) {
        vec4 s = fine[index];
        fine[index] = vec4(s.rgb + (1.0 - s.w) * up, s.w);
    } else {
        vec4 s = image_sample(index);
        vec3 filled = s.rgb + (1.0 - s.w) * up;
        outputs[3 * index] = filled.r;
        outputs[3 * index + 1] = filled.g;
        outputs[3 * index + 2] = filled.b;
    }
}
