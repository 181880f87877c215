#version 450
// variants: fp16
// Group normalization of NHWC [N, H, W, C] with C = groups * Cg: statistics over H*W*Cg per
// (n, group), then y = act((x - mean) / sqrt(var + epsilon) * gamma[c] + beta[c]).
// Three dispatches of this shader (PASS), each a 1-D grid split over x/y:
//   GROUP_NORM_PARTIALS: a workgroup per (n, chunk of pixels, block of channels); each invocation takes
//                        exact two-pass moments of one channel (or a vec4 of channels) over the chunk.
//   GROUP_NORM_STATS:    a workgroup per (n, group) combines the chunk moments of the group's channels
//                        (moments.glsl, Chan's formula) into (shift, mean, 1/std).
//   GROUP_NORM_APPLY:    a workgroup per (n, chunk of pixels, block of channels) again; each invocation
//                        applies one channel's (or vec4's) statistics to a run of pixels.
// Moments are taken relative to each group's first element so a large mean cancels exactly.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int PASS = GROUP_NORM_PARTIALS;
layout(constant_id = 2) const bool VECTORIZED = false; // C % 4 == 0
layout(constant_id = 3) const bool HAS_GAMMA = false;
layout(constant_id = 4) const bool HAS_BETA = false;
layout(constant_id = 5) const int ACT = ACT_NONE;

#include "moments.glsl"

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) readonly buffer Gamma { SCALAR gamma[]; };
layout(std430, binding = 1) readonly buffer Gamma4 { VEC4 gamma4[]; };
layout(std430, binding = 2) readonly buffer Beta { SCALAR beta[]; };
layout(std430, binding = 2) readonly buffer Beta4 { VEC4 beta4[]; };
// (mean relative to the group's shift, M2) per (n, chunk, channel); fp32 whatever the tensors are.
layout(std430, binding = 3) buffer Partials { vec2 partials[]; };
layout(std430, binding = 3) buffer Partials4 { vec4 partials4[]; }; // two channels per element
// (shift, mean relative to shift, 1/std, unused) per (n, group).
layout(std430, binding = 4) buffer Stats { vec4 stats[]; };
layout(std430, binding = 5) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 5) writeonly buffer Output4 { VEC4 y4[]; };
layout(push_constant) uniform Push {
    uint batches;
    uint hw;              // H * W
    uint channels;        // C
    uint groupCount;
    uint chunks;          // ceil(hw / pixelsPerChunk)
    uint pixelsPerChunk;  // of the partial moments
    uint applyPixelsPerChunk;
    float epsilon;
};

// The first element of group g in image n; every moment of that group is taken relative to it.
float group_shift(uint n, uint g) { return LOAD(x[n * hw * channels + g * (channels / groupCount)]); }

void partials_pass() {
    uint lanes = VECTORIZED ? channels / 4 : channels;
    uint blocks = (lanes + gl_WorkGroupSize.x - 1) / gl_WorkGroupSize.x;
    uint id = linear_group_id();
    if (id >= batches * chunks * blocks) return;
    uint lane = (id % blocks) * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (lane >= lanes) return;
    uint chunk = (id / blocks) % chunks;
    uint n = id / (blocks * chunks);
    uint first = chunk * pixelsPerChunk;
    uint last = min(first + pixelsPerChunk, hw);
    float count = float(last - first);
    uint channelsPerGroup = channels / groupCount;
    uint partialBase = (n * chunks + chunk) * channels;

    if (VECTORIZED) {
        uint c = lane * 4;
        vec4 shift = vec4(group_shift(n, c / channelsPerGroup), group_shift(n, (c + 1) / channelsPerGroup),
                          group_shift(n, (c + 2) / channelsPerGroup), group_shift(n, (c + 3) / channelsPerGroup));
        uint stride = channels / 4;
        uint base = (n * hw + first) * stride + lane;
        vec4 sum = vec4(0.0);
        for (uint p = 0, i = base; p < last - first; p++, i += stride) sum += LOAD4(x4[i]) - shift;
        vec4 mean = sum / count;
        vec4 m2 = vec4(0.0);
        for (uint p = 0, i = base; p < last - first; p++, i += stride) {
            vec4 d = LOAD4(x4[i]) - shift - mean;
            m2 += d * d;
        }
        partials4[(partialBase + c) / 2] = vec4(mean.x, m2.x, mean.y, m2.y);
        partials4[(partialBase + c) / 2 + 1] = vec4(mean.z, m2.z, mean.w, m2.w);
    } else {
        uint c = lane;
        float shift = group_shift(n, c / channelsPerGroup);
        uint base = (n * hw + first) * channels + c;
        float sum = 0.0;
        for (uint p = 0, i = base; p < last - first; p++, i += channels) sum += LOAD(x[i]) - shift;
        float mean = sum / count;
        float m2 = 0.0;
        for (uint p = 0, i = base; p < last - first; p++, i += channels) {
            float d = LOAD(x[i]) - shift - mean;
            m2 += d * d;
        }
        partials[partialBase + c] = vec2(mean, m2);
    }
}

void stats_pass() {
    uint id = linear_group_id();
    if (id >= batches * groupCount) return; // uniform across the workgroup
    uint n = id / groupCount;
    uint g = id % groupCount;
    uint channelsPerGroup = channels / groupCount;
    vec3 local = vec3(0.0);
    for (uint j = gl_LocalInvocationID.x; j < chunks * channelsPerGroup; j += gl_WorkGroupSize.x) {
        uint chunk = j / channelsPerGroup;
        uint c = g * channelsPerGroup + j % channelsPerGroup;
        float count = float(min(pixelsPerChunk, hw - chunk * pixelsPerChunk));
        vec2 partial = partials[(n * chunks + chunk) * channels + c];
        local = moments_combine(local, vec3(count, partial));
    }
    vec3 total = workgroup_moments(local);
    if (gl_LocalInvocationID.x == 0) {
        stats[id] = vec4(group_shift(n, g), total.y, inversesqrt(total.z / total.x + epsilon), 0.0);
    }
}

void apply_pass() {
    uint lanes = VECTORIZED ? channels / 4 : channels;
    uint blocks = (lanes + gl_WorkGroupSize.x - 1) / gl_WorkGroupSize.x;
    uint applyChunks = (hw + applyPixelsPerChunk - 1) / applyPixelsPerChunk;
    uint id = linear_group_id();
    if (id >= batches * applyChunks * blocks) return;
    uint lane = (id % blocks) * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (lane >= lanes) return;
    uint chunk = (id / blocks) % applyChunks;
    uint n = id / (blocks * applyChunks);
    uint first = chunk * applyPixelsPerChunk;
    uint pixels = min(first + applyPixelsPerChunk, hw) - first;
    uint channelsPerGroup = channels / groupCount;
    uint statBase = n * groupCount;

    if (VECTORIZED) {
        uint c = lane * 4;
        vec4 s0 = stats[statBase + c / channelsPerGroup], s1 = stats[statBase + (c + 1) / channelsPerGroup];
        vec4 s2 = stats[statBase + (c + 2) / channelsPerGroup], s3 = stats[statBase + (c + 3) / channelsPerGroup];
        vec4 shift = vec4(s0.x, s1.x, s2.x, s3.x);
        vec4 mean = vec4(s0.y, s1.y, s2.y, s3.y);
        vec4 scale = vec4(s0.z, s1.z, s2.z, s3.z);
        vec4 offset = vec4(0.0);
        if (HAS_GAMMA) scale *= LOAD4(gamma4[lane]);
        if (HAS_BETA) offset = LOAD4(beta4[lane]);
        uint stride = channels / 4;
        for (uint p = 0, i = (n * hw + first) * stride + lane; p < pixels; p++, i += stride) {
            vec4 v = (LOAD4(x4[i]) - shift - mean) * scale + offset;
            y4[i] = STORE4(vec4(activate(v.x, ACT), activate(v.y, ACT), activate(v.z, ACT), activate(v.w, ACT)));
        }
    } else {
        uint c = lane;
        vec4 s = stats[statBase + c / channelsPerGroup];
        float scale = HAS_GAMMA ? s.z * LOAD(gamma[c]) : s.z;
        float offset = HAS_BETA ? LOAD(beta[c]) : 0.0;
        for (uint p = 0, i = (n * hw + first) * channels + c; p < pixels; p++, i += channels) {
            y[i] = STORE(activate((LOAD(x[i]) - s.x - s.y) * scale + offset, ACT));
        }
    }
}

void main() {
    switch (PASS) {
    case GROUP_NORM_PARTIALS: partials_pass(); break;
    case GROUP_NORM_STATS: stats_pass(); break;
    default: apply_pass(); break;
    }
}
