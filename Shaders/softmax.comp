#version 450
// variants: fp16
// Softmax along the last axis of [rows, n]: one workgroup per row (a 1-D grid split over x/y),
// a power-of-two number of invocations each striding over the row (in vec4s when n % 4 == 0).
// Every invocation finds (max, sum of exp) of its elements; one shared-memory reduction merges them.
#include "common.glsl"

layout(local_size_x_id = 0) in;

layout(constant_id = 1) const bool VECTORIZED = false; // n % 4 == 0: whole rows as vec4

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 1) writeonly buffer Output4 { VEC4 y4[]; };
layout(push_constant) uniform Push {
    uint rows;
    uint n;
};

// (max, sum of exp(x - max)) pairs; two halves so each reduction level reads one and writes the other.
shared vec2 partials[2 * gl_WorkGroupSize.x];

// Merges two partial softmax denominators taken relative to different maxima.
vec2 merge(vec2 a, vec2 b) {
    if (a.y == 0.0) return b;
    if (b.y == 0.0) return a;
    float m = max(a.x, b.x);
    return vec2(m, a.y * exp(a.x - m) + b.y * exp(b.x - m));
}

const uint FAN_IN = 8; // partials merged per invocation and level: few levels, few barriers

void main() {
    uint row = linear_group_id();
    if (row >= rows) return; // uniform across the workgroup
    uint tid = gl_LocalInvocationID.x;
    uint size = gl_WorkGroupSize.x;
    uint base = row * n;

    float localMax = -3.402823466e38;
    float localSum = 0.0;
    if (VECTORIZED) {
        uint base4 = base / 4, n4 = n / 4;
        vec4 m4 = vec4(localMax);
        for (uint i = tid; i < n4; i += size) m4 = max(m4, LOAD4(x4[base4 + i]));
        localMax = max(max(m4.x, m4.y), max(m4.z, m4.w));
        vec4 s4 = vec4(0.0);
        for (uint i = tid; i < n4; i += size) s4 += exp(LOAD4(x4[base4 + i]) - localMax);
        localSum = (s4.x + s4.y) + (s4.z + s4.w);
    } else {
        for (uint i = tid; i < n; i += size) localMax = max(localMax, LOAD(x[base + i]));
        for (uint i = tid; i < n; i += size) localSum += exp(LOAD(x[base + i]) - localMax);
    }

    partials[tid] = vec2(localMax, localSum);
    barrier();
    uint source = 0;
    for (uint width = size; width > 1; width = (width + FAN_IN - 1) / FAN_IN) {
        uint next = (width + FAN_IN - 1) / FAN_IN;
        if (tid < next) {
            vec2 merged = partials[source + tid * FAN_IN];
            for (uint k = 1; k < FAN_IN; k++) {
                uint j = tid * FAN_IN + k;
                if (j < width) merged = merge(merged, partials[source + j]);
            }
            partials[(source ^ size) + tid] = merged;
        }
        source ^= size;
        barrier();
    }
    vec2 total = partials[source];
    float scale = 1.0 / total.y;
    if (VECTORIZED) {
        uint base4 = base / 4, n4 = n / 4;
        for (uint i = tid; i < n4; i += size) y4[base4 + i] = STORE4(exp(LOAD4(x4[base4 + i]) - total.x) * scale);
    } else {
        for (uint i = tid; i < n; i += size) y[base + i] = STORE(exp(LOAD(x[base + i]) - total.x) * scale);
    }
}
