#version 450
// variants: fp16
// Layer normalization of each row of [rows, n]: y = (x - mean) / sqrt(var + epsilon) * gamma + beta.
// One workgroup per row (a 1-D grid split over x/y), a power-of-two number of invocations striding
// over the row (in vec4s when n % 4 == 0). Each invocation takes exact two-pass moments of its
// elements relative to the row's first element (so a large mean cancels exactly); one
// shared-memory reduction combines them (moments.glsl).
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const bool VECTORIZED = false;
layout(constant_id = 2) const bool HAS_GAMMA = false;
layout(constant_id = 3) const bool HAS_BETA = false;

#include "moments.glsl"

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) readonly buffer Gamma { SCALAR gamma[]; };
layout(std430, binding = 1) readonly buffer Gamma4 { VEC4 gamma4[]; };
layout(std430, binding = 2) readonly buffer Beta { SCALAR beta[]; };
layout(std430, binding = 2) readonly buffer Beta4 { VEC4 beta4[]; };
layout(std430, binding = 3) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 3) writeonly buffer Output4 { VEC4 y4[]; };
layout(push_constant) uniform Push {
    uint rows;
    uint n;
    float epsilon;
};

void main() {
    uint row = linear_group_id();
    if (row >= rows) return; // uniform across the workgroup
    uint tid = gl_LocalInvocationID.x;
    uint size = gl_WorkGroupSize.x;
    uint base = row * n;
    float shift = LOAD(x[base]);

    vec3 local = vec3(0.0);
    if (VECTORIZED) {
        uint base4 = base / 4, n4 = n / 4;
        vec4 sum = vec4(0.0);
        uint loads = 0;
        for (uint i = tid; i < n4; i += size, loads++) sum += LOAD4(x4[base4 + i]) - shift;
        if (loads > 0) {
            float count = float(loads * 4);
            float mean = ((sum.x + sum.y) + (sum.z + sum.w)) / count;
            vec4 m2 = vec4(0.0);
            for (uint i = tid; i < n4; i += size) {
                vec4 d = LOAD4(x4[base4 + i]) - shift - mean;
                m2 += d * d;
            }
            local = vec3(count, mean, (m2.x + m2.y) + (m2.z + m2.w));
        }
    } else {
        float sum = 0.0;
        uint loads = 0;
        for (uint i = tid; i < n; i += size, loads++) sum += LOAD(x[base + i]) - shift;
        if (loads > 0) {
            float mean = sum / float(loads);
            float m2 = 0.0;
            for (uint i = tid; i < n; i += size) {
                float d = LOAD(x[base + i]) - shift - mean;
                m2 += d * d;
            }
            local = vec3(float(loads), mean, m2);
        }
    }

    vec3 moments = workgroup_moments(local);
    float mean = moments.y; // relative to shift
    float rstd = inversesqrt(moments.z / float(n) + epsilon);

    if (VECTORIZED) {
        uint base4 = base / 4, n4 = n / 4;
        for (uint i = tid; i < n4; i += size) {
            vec4 v = (LOAD4(x4[base4 + i]) - shift - mean) * rstd;
            if (HAS_GAMMA) v *= LOAD4(gamma4[i]);
            if (HAS_BETA) v += LOAD4(beta4[i]);
            y4[base4 + i] = STORE4(v);
        }
    } else {
        for (uint i = tid; i < n; i += size) {
            float v = (LOAD(x[base + i]) - shift - mean) * rstd;
            if (HAS_GAMMA) v *= LOAD(gamma[i]);
            if (HAS_BETA) v += LOAD(beta[i]);
            y[base + i] = STORE(v);
        }
    }
}
