// Mean and variance by Chan et al.'s parallel combination of (count, mean, M2) triples, where
// M2 is the sum of squared deviations from the mean. Exact partial moments combine without the
// cancellation of sum-of-squares formulas. Include after the workgroup size layout.
#ifndef VLOGGER_MOMENTS_GLSL
#define VLOGGER_MOMENTS_GLSL

// (count, mean, M2) of the union of two disjoint sets.
vec3 moments_combine(vec3 a, vec3 b) {
    if (b.x == 0.0) return a;
    if (a.x == 0.0) return b;
    float count = a.x + b.x;
    float delta = b.y - a.y;
    float weight = b.x / count;
    return vec3(count, a.y + delta * weight, a.z + b.z + delta * delta * a.x * weight);
}

// Two halves, so each reduction level reads one and writes the other with a single barrier.
shared vec3 moments_partials[2 * gl_WorkGroupSize.x];

const uint MOMENTS_FAN_IN = 8; // triples combined per invocation and level: few levels, few barriers

// Combines every invocation's triple; all invocations of the workgroup must call it, and each
// gets the total. The workgroup size must be a power of two.
vec3 workgroup_moments(vec3 local) {
    uint tid = gl_LocalInvocationID.x;
    uint size = gl_WorkGroupSize.x;
    moments_partials[tid] = local;
    barrier();
    uint source = 0;
    for (uint width = size; width > 1; width = (width + MOMENTS_FAN_IN - 1) / MOMENTS_FAN_IN) {
        uint next = (width + MOMENTS_FAN_IN - 1) / MOMENTS_FAN_IN;
        if (tid < next) {
            vec3 total = moments_partials[source + tid * MOMENTS_FAN_IN];
            for (uint k = 1; k < MOMENTS_FAN_IN; k++) {
                uint j = tid * MOMENTS_FAN_IN + k;
                if (j < width) total = moments_combine(total, moments_partials[source + j]);
            }
            moments_partials[(source ^ size) + tid] = total;
        }
        source ^= size;
        barrier();
    }
    return moments_partials[source];
}

#endif
