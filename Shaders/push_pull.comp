#version 450
// Push-pull hole filling (Gortler et al. 1996), one dispatch per pyramid level; MODE picks the pass.
// A 1-D grid of workgroups of local_size_x invocations, one invocation per coarse pixel: push
// averages its 2x2 fine children into it, pull fills those children from its 3x3 neighbourhood.
// The formulas (and the CPU reference that defines them) are in Sources/Kernels/PushPullInpaint.swift.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int MODE = PUSH_PULL_PUSH_FROM_IMAGE;  // which pass: interface.glsl
// Level 0 passes only, when W % 4 == 0: an invocation takes two coarse pixels side by side, so
// its four fine columns are three aligned vec4s of colour and one of weights per row.
layout(constant_id = 2) const bool VECTORIZED = false;

// Pyramid levels above 0 are vec4s: rgb premultiplied by the weight, and the weight in w. After
// their pull pass, rgb holds the filled colour instead.
layout(std430, binding = 0) readonly buffer Image { float image[]; };   // [H, W, 3]
layout(std430, binding = 0) readonly buffer Image4 { vec4 image4[]; };
layout(std430, binding = 1) readonly buffer Weights { float weights[]; }; // [H, W]
layout(std430, binding = 1) readonly buffer Weights4 { vec4 weights4[]; };
layout(std430, binding = 2) buffer Fine { vec4 fine[]; };                // level k (unused at level 0)
layout(std430, binding = 3) buffer Coarse { vec4 coarse[]; };            // level k + 1
layout(std430, binding = 4) writeonly buffer Output { float outputs[]; }; // [H, W, 3]
layout(std430, binding = 4) writeonly buffer Output4 { vec4 outputs4[]; };
layout(push_constant) uniform Push {
    uint fineHeight, fineWidth, coarseHeight, coarseWidth;
    uint coarseIsTop; // push: the level written is the 1x1 top, which counts as fully known
};

// Level 0 as premultiplied colour and weight; colours under weight 0 are ignored (even NaN).
vec4 premultiplied(vec3 colour, float weight) {
    float w = clamp(weight, 0.0, 1.0);
    return vec4(w > 0.0 ? colour * w : vec3(0.0), w);
}

vec4 image_sample(uint index) {
    return premultiplied(vec3(image[3 * index], image[3 * index + 1], image[3 * index + 2]), weights[index]);
}

// Four level-0 pixels from `first` (a multiple of 4) on, premultiplied (VECTORIZED).
void image_quad(uint first, out vec4 s[4]) {
    uint v = 3u * (first / 4u);
    vec4 a = image4[v], b = image4[v + 1u], c = image4[v + 2u];
    vec4 w = weights4[first / 4u];
    s[0] = premultiplied(a.xyz, w.x);
    s[1] = premultiplied(vec3(a.w, b.xy), w.y);
    s[2] = premultiplied(vec3(b.zw, c.x), w.z);
    s[3] = premultiplied(c.yzw, w.w);
}

// Push for the coarse pixels (m, 2q) and (m, 2q + 1) from the 2x4 fine pixels under them.
void push_pair(uint pair) {
    uint pairsPerRow = coarseWidth / 2u;
    uint m = pair / pairsPerRow, q = pair % pairsPerRow;
    vec3 sum[2] = vec3[2](vec3(0.0), vec3(0.0));
    float weight[2] = float[2](0.0, 0.0);
    for (uint dy = 0u; dy < 2u; dy++) {
        uint fy = 2u * m + dy;
        if (fy >= fineHeight) break;
        vec4 s[4];
        image_quad(fy * fineWidth + 4u * q, s);
        [[unroll]] for (uint half_ = 0u; half_ < 2u; half_++) {
            [[unroll]] for (uint dx = 0u; dx < 2u; dx++) {
                sum[half_] += s[2u * half_ + dx].rgb;
                weight[half_] += s[2u * half_ + dx].w;
            }
        }
    }
    [[unroll]] for (uint half_ = 0u; half_ < 2u; half_++) {
        vec3 colour = weight[half_] > 0.0 ? sum[half_] / weight[half_] : vec3(0.0);
        float w = coarseIsTop != 0u ? 1.0 : min(weight[half_], 1.0);
        coarse[m * coarseWidth + 2u * q + half_] = vec4(colour * w, w);
    }
}

// Pull to the image for the 2x4 fine pixels under coarse (m, 2q) and (m, 2q + 1); coarse
// columns 2q - 1 ... 2q + 2 (clamped) serve them: fine column j of the four takes columns
// (j + 1) / 2 and (j + 1) / 2 + 1 of those, weighted as in `pull`.
void pull_pair(uint pair) {
    uint pairsPerRow = coarseWidth / 2u;
    uint m = pair / pairsPerRow, q = pair % pairsPerRow;
    uint rows[3] = uint[3](m == 0u ? 0u : m - 1u, m, min(m + 1u, coarseHeight - 1u));
    uint columns[4] = uint[4](q == 0u ? 0u : 2u * q - 1u, 2u * q, 2u * q + 1u, min(2u * q + 2u, coarseWidth - 1u));
    vec3 c[3][4];
    [[unroll]] for (uint i = 0u; i < 3u; i++) {
        [[unroll]] for (uint j = 0u; j < 4u; j++) c[i][j] = coarse[rows[i] * coarseWidth + columns[j]].rgb;
    }
    const vec2 weights2[2] = vec2[2](vec2(0.25, 0.75), vec2(0.75, 0.25));
    for (uint dy = 0u; dy < 2u; dy++) {
        uint fy = 2u * m + dy;
        if (fy >= fineHeight) break;
        vec2 wy = weights2[dy];
        uint first = fy * fineWidth + 4u * q;
        vec4 s[4];
        image_quad(first, s);
        vec3 filled[4];
        [[unroll]] for (uint j = 0u; j < 4u; j++) {
            uint a = (j + 1u) / 2u;
            vec2 wx = weights2[j % 2u];
            vec3 up = wy.x * (wx.x * c[dy][a] + wx.y * c[dy][a + 1u])
                    + wy.y * (wx.x * c[dy + 1u][a] + wx.y * c[dy + 1u][a + 1u]);
            filled[j] = s[j].rgb + (1.0 - s[j].w) * up;
        }
        uint v = 3u * (first / 4u);
        outputs4[v] = vec4(filled[0], filled[1].x);
        outputs4[v + 1u] = vec4(filled[1].yz, filled[2].xy);
        outputs4[v + 2u] = vec4(filled[2].z, filled[3]);
    }
}

// Pull for the up to 2x2 fine children of coarse pixel (m, n): they share the 3x3 coarse
// neighbourhood. Along an axis, fine 2m takes coarse (m - 1, m) with weights (0.25, 0.75) and
// 2m + 1 takes (m, m + 1) with (0.75, 0.25): the coarse pixel i is centred at fine 2i + 0.5, and
// the edges clamp.
void pull(uint index) {
    uint m = index / coarseWidth, n = index % coarseWidth;
    uint rows[3] = uint[3](m == 0u ? 0u : m - 1u, m, min(m + 1u, coarseHeight - 1u));
    uint columns[3] = uint[3](n == 0u ? 0u : n - 1u, n, min(n + 1u, coarseWidth - 1u));
    vec3 c[3][3];
    [[unroll]] for (uint i = 0u; i < 3u; i++) {
        [[unroll]] for (uint j = 0u; j < 3u; j++) c[i][j] = coarse[rows[i] * coarseWidth + columns[j]].rgb;
    }
    const vec2 weights2[2] = vec2[2](vec2(0.25, 0.75), vec2(0.75, 0.25));
    [[unroll]] for (uint dy = 0u; dy < 2u; dy++) {
        uint fy = 2u * m + dy;
        if (fy >= fineHeight) break;
        vec2 wy = weights2[dy];
        [[unroll]] for (uint dx = 0u; dx < 2u; dx++) {
            uint fx = 2u * n + dx;
            if (fx >= fineWidth) break;
            vec2 wx = weights2[dx];
            // Taps dy, dy + 1 of the rows and dx, dx + 1 of the columns.
            vec3 up = wy.x * (wx.x * c[dy][dx] + wx.y * c[dy][dx + 1u])
                    + wy.y * (wx.x * c[dy + 1u][dx] + wx.y * c[dy + 1u][dx + 1u]);
            uint f = fy * fineWidth + fx;
            if (MODE == PUSH_PULL_PULL) {
                vec4 s = fine[f];
                fine[f] = vec4(s.rgb + (1.0 - s.w) * up, s.w);
            } else {
                vec4 s = image_sample(f);
                vec3 filled = s.rgb + (1.0 - s.w) * up;
                outputs[3 * f] = filled.r;
                outputs[3 * f + 1] = filled.g;
                outputs[3 * f + 2] = filled.b;
            }
        }
    }
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
            vec4 s = MODE == PUSH_PULL_PUSH_FROM_IMAGE ? image_sample(child) : fine[child];
            sum += s.rgb;
            weight += s.w;
        }
    }
    vec3 colour = weight > 0.0 ? sum / weight : vec3(0.0);
    float w = coarseIsTop != 0u ? 1.0 : min(weight, 1.0);
    coarse[index] = vec4(colour * w, w);
}

void main() {
    // Both passes run one invocation per pixel of the coarse level, or per pair when VECTORIZED.
    uint index = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (index >= coarseHeight * (VECTORIZED ? coarseWidth / 2u : coarseWidth)) return;
    if (VECTORIZED) {
        if (MODE == PUSH_PULL_PUSH_FROM_IMAGE) push_pair(index);
        else pull_pair(index);
        return;
    }
    if (MODE == PUSH_PULL_PUSH_FROM_IMAGE || MODE == PUSH_PULL_PUSH) push(index);
    else pull(index);
}
