#version 450
// variants: fp16
// Depthwise conv2d (TFLite DEPTHWISE_CONV_2D): NHWC input, weights [kH, kW, C * multiplier], output channel
// o reads input channel o / multiplier. Workgroup: WG invocations sharing one quad of 4 output channels; each
// invocation computes a PY x PX block of output pixels x 4 channels (vec4). Every input row the block needs is
// loaded once into a register window that serves all its kernel taps and output rows; the kernel taps are
// loaded once per subgroup (lane l holds tap l + 8j) and shuffled to every lane.
#include "common.glsl"
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle : require

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int PX = 4;          // output pixels per invocation along a row
layout(constant_id = 2) const int PY = 8;          // output rows per invocation
layout(constant_id = 3) const int KH = 3;          // kernel size, strides and dilations: unrolled
layout(constant_id = 4) const int KW = 3;
layout(constant_id = 5) const int SY = 1;
layout(constant_id = 6) const int SX = 1;
layout(constant_id = 7) const int DY = 1;
layout(constant_id = 8) const int DX = 1;
layout(constant_id = 9) const bool VECTOR = true;  // multiplier 1 and C % 4 == 0: vec4 input loads
layout(constant_id = 10) const bool VECTOR_OUT = true; // C * multiplier % 4 == 0: vec4 weight, bias, output access
layout(constant_id = 11) const bool HAS_BIAS = false;
layout(constant_id = 12) const int ACT = ACT_NONE;
layout(constant_id = 13) const bool SHARE_WEIGHTS = true; // needs subgroups of >= 8 lanes

const int WIN = (PX - 1) * SX + (KW - 1) * DX + 1; // input pixels in the row window
const int ROWS = (PY - 1) * SY + (KH - 1) * DY + 1; // input rows the block spans
const int TAPS = KH * KW;
const int LOADERS = 8;
const int TAP_LOADS = SHARE_WEIGHTS ? (TAPS + LOADERS - 1) / LOADERS : TAPS;

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) readonly buffer Weights { SCALAR w[]; };
layout(std430, binding = 1) readonly buffer Weights4 { VEC4 w4[]; };
layout(std430, binding = 2) readonly buffer Bias { SCALAR bias[]; };
layout(std430, binding = 2) readonly buffer Bias4 { VEC4 bias4[]; };
layout(std430, binding = 3) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 3) writeonly buffer Output4 { VEC4 y4[]; };

layout(push_constant) uniform Push {
    int H, W, C;              // input height, width, channels
    int OH, OW, K;            // output height, width, channels (C * multiplier)
    int multiplier;
    int padTop, padLeft;
    int runsPerRow;           // ceil(OW / PX)
    int blockRows;            // ceil(OH / PY)
    int runs;                 // N * blockRows * runsPerRow
};

// Four consecutive entries of a [.., K] row starting at channel o (clamped at the end of the row).
vec4 loadWeights(int tap, int o) {
    if (VECTOR_OUT) return LOAD4(w4[(tap * K + o) >> 2]);
    vec4 v;
    [[unroll]] for (int e = 0; e < 4; e++) v[e] = LOAD(w[tap * K + min(o + e, K - 1)]);
    return v;
}

void main() {
    int run = int(gl_WorkGroupID.x * gl_WorkGroupSize.x + gl_LocalInvocationID.x);
    bool live = run < runs;                           // the rest run clamped for the shuffles, without storing
    run = min(run, runs - 1);
    int ox0 = (run % runsPerRow) * PX;
    int rest = run / runsPerRow;
    int oy0 = (rest % blockRows) * PY;
    int n = rest / blockRows;
    int o = int(gl_WorkGroupID.y) * 4;               // first of this workgroup's 4 output channels

    // Kernel taps for the 4 channels: lane l loads taps l, l + 8, ... (or each lane loads all of them).
    int lane = int(gl_SubgroupInvocationID) % LOADERS;
    vec4 taps[TAP_LOADS];
    [[unroll]] for (int j = 0; j < TAP_LOADS; j++) {
        taps[j] = SHARE_WEIGHTS ? loadWeights(min(lane + LOADERS * j, TAPS - 1), o) : loadWeights(j, o);
    }

    // Input channel of each of the 4 outputs, clamped; and window columns (padding reads zero).
    ivec4 inputChannel = min(ivec4(o) + ivec4(0, 1, 2, 3), ivec4(K - 1)) / multiplier;
    int ixBase = ox0 * SX - padLeft;
    int colOffset[WIN];
    float colScale[WIN];
    [[unroll]] for (int i = 0; i < WIN; i++) {
        int ix = ixBase + i;
        colScale[i] = (ix >= 0 && ix < W) ? 1.0 : 0.0;
        colOffset[i] = clamp(ix, 0, W - 1) * C;
    }

    vec4 acc[PY][PX];
    [[unroll]] for (int r = 0; r < PY; r++) {
        [[unroll]] for (int p = 0; p < PX; p++) acc[r][p] = vec4(0.0);
    }

    // Input row `row` of the block serves output row r through kernel row ky when r * SY + ky * DY == row.
    [[unroll]] for (int row = 0; row < ROWS; row++) {
        bool used = false;
        [[unroll]] for (int r = 0; r < PY; r++) {
            int span = row - r * SY;
            used = used || (span >= 0 && span % DY == 0 && span / DY < KH);
        }
        if (!used) continue;
        int iy = oy0 * SY - padTop + row;
        float rowScale = (iy >= 0 && iy < H) ? 1.0 : 0.0;
        int rowOffset = (n * H + clamp(iy, 0, H - 1)) * W * C;
        vec4 win[WIN];
        [[unroll]] for (int i = 0; i < WIN; i++) {
            int base = rowOffset + colOffset[i];
            vec4 v;
            if (VECTOR) {
                v = LOAD4(x4[(base + o) >> 2]);
            } else {
                [[unroll]] for (int e = 0; e < 4; e++) v[e] = LOAD(x[base + inputChannel[e]]);
            }
            win[i] = v * (rowScale * colScale[i]);
        }
        [[unroll]] for (int r = 0; r < PY; r++) {
            int span = row - r * SY;
            if (span < 0 || span % DY != 0 || span / DY >= KH) continue;
            int ky = span / DY;
            [[unroll]] for (int kx = 0; kx < KW; kx++) {
                int tap = ky * KW + kx;
                vec4 weight;
                if (SHARE_WEIGHTS) {
                    [[unroll]] for (int e = 0; e < 4; e++) weight[e] = subgroupShuffle(taps[tap / LOADERS][e], tap % LOADERS);
                } else {
                    weight = taps[tap];
                }
                [[unroll]] for (int p = 0; p < PX; p++) acc[r][p] += win[p * SX + kx * DX] * weight;
            }
        }
    }

    vec4 b = vec4(0.0);
    if (HAS_BIAS) {
        if (VECTOR_OUT) {
            b = LOAD4(bias4[o >> 2]);
        } else {
            [[unroll]] for (int e = 0; e < 4; e++) b[e] = LOAD(bias[min(o + e, K - 1)]);
        }
    }
    if (!live) return;
    [[unroll]] for (int r = 0; r < PY; r++) {
        if (oy0 + r >= OH) break;
        int pixel0 = (n * OH + oy0 + r) * OW + ox0;
        [[unroll]] for (int p = 0; p < PX; p++) {
            if (ox0 + p >= OW) break;
            vec4 v = acc[r][p] + b;
            v = vec4(activate(v.x, ACT), activate(v.y, ACT), activate(v.z, ACT), activate(v.w, ACT));
            int index = (pixel0 + p) * K + o;
            if (VECTOR_OUT) {
                y4[index >> 2] = STORE4(v);
            } else {
                [[unroll]] for (int e = 0; e < 4; e++) {
                    if (o + e < K) y[index + e] = STORE(v[e]);
                }
            }
        }
    }
}
