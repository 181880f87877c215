#version 450
// variants: fp16
// Transposed conv2d (TFLite TRANSPOSE_CONV, MediaPipe Convolution2DTransposeBias) as a gather: output pixel
// (oy, ox) sums input (iy, ix) * w[co][ky][kx][ci] over taps with oy + padTop = iy * SY + ky (same for x).
// Output pixels of one stride phase (oy % SY, ox % SX) = workgroup z share their taps, so each phase is a
// stride-1 implicit GEMM over the input. Workgroup: WG invocations sharing one tile of CO_TILE channels and
// one phase; each invocation keeps PX pixels of a phase row x CO_TILE channels in registers, slides a register
// window along the input row, and gets the weights from 8 subgroup lanes by shuffles.
#include "common.glsl"
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle : require

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int PX = 4;          // output pixels (of one phase) per invocation
layout(constant_id = 2) const int CO_TILE = 16;    // output channels per invocation and per workgroup
layout(constant_id = 3) const int KW = 4;          // kernel width and stride x: unrolled
layout(constant_id = 4) const int SX = 2;
layout(constant_id = 5) const bool VECTOR = true;  // vec4 loads along Cin (Cin % 4 == 0), else scalar
layout(constant_id = 6) const bool VECTOR_OUT = true; // vec4 stores (Cout % 4 == 0 and CO_TILE % 4 == 0)
layout(constant_id = 7) const bool HAS_BIAS = false;
layout(constant_id = 8) const int ACT = ACT_NONE;
layout(constant_id = 9) const bool SHARE_WEIGHTS = true; // needs subgroups of >= 8 lanes

const int CH = VECTOR ? 4 : 1;
const int MX_MAX = (KW + SX - 1) / SX;             // most taps per phase along x
const int WIN = PX + MX_MAX - 1;                   // input pixels in the row window
const int LOADERS = 8;
const int WEIGHT_LOADS = (CO_TILE + LOADERS - 1) / LOADERS;

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) readonly buffer Weights { SCALAR w[]; };
layout(std430, binding = 1) readonly buffer Weights4 { VEC4 w4[]; };
layout(std430, binding = 2) readonly buffer Bias { SCALAR bias[]; };
layout(std430, binding = 3) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 3) writeonly buffer Output4 { VEC4 y4[]; };

layout(push_constant) uniform Push {
    int N, H, W, C;           // input batch, height, width, channels
    int OH, OW, K;            // output height, width, channels
    int KH, SY;               // kernel height, stride y
    int padTop, padLeft;      // rows/columns cropped from the top/left of the full output
};

vec4 loadInput(int index, float scale) {
    return (VECTOR ? LOAD4(x4[index >> 2]) : vec4(LOAD(x[index]))) * scale;
}

vec4 loadWeights(int index, float scale) {
    return (VECTOR ? LOAD4(w4[index >> 2]) : vec4(LOAD(w[index]))) * scale;
}

void main() {
    // Phase: output rows ry + SY * qy and columns rx + SX * qx; its taps are ky0 + SY * m (and kx0 + SX * m),
    // reading input row qy + baseY - m (column qx + baseX - m).
    int phase = int(gl_WorkGroupID.z);
    int ry = phase / SX, rx = phase % SX;
    int ky0 = (ry + padTop) % SY, kx0 = (rx + padLeft) % SX;
    int baseY = (ry + padTop) / SY, baseX = (rx + padLeft) / SX;
    int tapsY = (KH - ky0 + SY - 1) / SY, tapsX = (KW - kx0 + SX - 1) / SX;
    int phaseHeight = (OH - ry + SY - 1) / SY, phaseWidth = (OW - rx + SX - 1) / SX;
    if (phaseHeight <= 0 || phaseWidth <= 0) return;  // the whole workgroup leaves together
    int runsPerRow = (phaseWidth + PX - 1) / PX;
    int runs = N * phaseHeight * runsPerRow;
    if (int(gl_WorkGroupID.x * gl_WorkGroupSize.x) >= runs) return;

    // Pixels: one run of PX phase pixels per invocation; the tail runs clamped for the shuffles, without storing.
    int run = int(gl_WorkGroupID.x * gl_WorkGroupSize.x + gl_LocalInvocationID.x);
    bool live = run < runs;
    run = min(run, runs - 1);
    int qx0 = (run % runsPerRow) * PX;
    int rest = run / runsPerRow;
    int qy = rest % phaseHeight;
    int n = rest / phaseHeight;

    int coBase = int(gl_WorkGroupID.y) * CO_TILE;
    int channels = min(CO_TILE, K - coBase);
    int filterSize = KH * KW * C;

    int lane = int(gl_SubgroupInvocationID) % LOADERS;
    int myFilter[WEIGHT_LOADS];
    float myScale[WEIGHT_LOADS];
    [[unroll]] for (int j = 0; j < WEIGHT_LOADS; j++) {
        int c = lane + LOADERS * j;
        myFilter[j] = (coBase + min(c, channels - 1)) * filterSize;
        myScale[j] = c < channels ? 1.0 : 0.0;
    }

    // Window: input column of slot i is ixBase + i; output p with tap m reads slot p - m + MX_MAX - 1.
    int ixBase = qx0 + baseX - (MX_MAX - 1);
    int colOffset[WIN];
    float colScale[WIN];
    [[unroll]] for (int i = 0; i < WIN; i++) {
        int ix = ixBase + i;
        colScale[i] = (ix >= 0 && ix < W) ? 1.0 : 0.0;
        colOffset[i] = clamp(ix, 0, W - 1) * C;
    }

    float acc[PX][CO_TILE];
    [[unroll]] for (int p = 0; p < PX; p++) {
        [[unroll]] for (int c = 0; c < CO_TILE; c++) acc[p][c] = 0.0;
    }

    for (int my = 0; my < tapsY; my++) {
        int ky = ky0 + SY * my;
        int iy = qy + baseY - my;
        float rowScale = (iy >= 0 && iy < H) ? 1.0 : 0.0;
        int rowOffset = (n * H + clamp(iy, 0, H - 1)) * W * C;
        for (int ci = 0; ci < C; ci += CH) {
            vec4 win[WIN];
            [[unroll]] for (int i = 0; i < WIN; i++) {
                win[i] = loadInput(rowOffset + colOffset[i] + ci, rowScale * colScale[i]);
            }
            [[unroll]] for (int mx = 0; mx < MX_MAX; mx++) {
                if (mx < tapsX) {
                    int tap = (ky * KW + kx0 + SX * mx) * C + ci;
                    int slot = MX_MAX - 1 - mx;
                    if (SHARE_WEIGHTS) {
                        [[unroll]] for (int j = 0; j < WEIGHT_LOADS; j++) {
                            vec4 mine = loadWeights(myFilter[j] + tap, myScale[j]);
                            [[unroll]] for (int e = 0; e < CH; e++) {
                                [[unroll]] for (int l = 0; l < LOADERS; l++) {
                                    int c = LOADERS * j + l;
                                    if (c < CO_TILE) {
                                        float weight = subgroupShuffle(mine[e], l);
                                        [[unroll]] for (int p = 0; p < PX; p++) acc[p][c] += win[p + slot][e] * weight;
                                    }
                                }
                            }
                        }
                    } else {
                        [[unroll]] for (int c = 0; c < CO_TILE; c++) {
                            vec4 weight = loadWeights((coBase + min(c, channels - 1)) * filterSize + tap, 1.0);
                            [[unroll]] for (int e = 0; e < CH; e++) {
                                [[unroll]] for (int p = 0; p < PX; p++) acc[p][c] += win[p + slot][e] * weight[e];
                            }
                        }
                    }
                }
            }
        }
    }

    float biases[CO_TILE];
    [[unroll]] for (int c = 0; c < CO_TILE; c++) biases[c] = 0.0;
    if (HAS_BIAS) {
        if (SHARE_WEIGHTS) {
            [[unroll]] for (int j = 0; j < WEIGHT_LOADS; j++) {
                float mine = LOAD(bias[coBase + min(lane + LOADERS * j, channels - 1)]);
                [[unroll]] for (int l = 0; l < LOADERS; l++) {
                    if (LOADERS * j + l < CO_TILE) biases[LOADERS * j + l] = subgroupShuffle(mine, l);
                }
            }
        } else {
            [[unroll]] for (int c = 0; c < CO_TILE; c++) biases[c] = LOAD(bias[coBase + min(c, channels - 1)]);
        }
    }
    if (!live) return;
    int oy = ry + SY * qy;
    [[unroll]] for (int p = 0; p < PX; p++) {
        if (qx0 + p >= phaseWidth) break;
        int base = ((n * OH + oy) * OW + rx + SX * (qx0 + p)) * K + coBase;
        if (VECTOR_OUT && channels == CO_TILE) {
            [[unroll]] for (int c = 0; c < CO_TILE; c += 4) {
                int c1 = min(c + 1, CO_TILE - 1), c2 = min(c + 2, CO_TILE - 1), c3 = min(c + 3, CO_TILE - 1);
                vec4 v = vec4(acc[p][c], acc[p][c1], acc[p][c2], acc[p][c3])
                    + vec4(biases[c], biases[c1], biases[c2], biases[c3]);
                y4[(base + c) >> 2] = STORE4(vec4(activate(v.x, ACT), activate(v.y, ACT), activate(v.z, ACT), activate(v.w, ACT)));
            }
        } else {
            [[unroll]] for (int c = 0; c < CO_TILE; c++) {
                if (c < channels) y[base + c] = STORE(activate(acc[p][c] + biases[c], ACT));
            }
        }
    }
}
