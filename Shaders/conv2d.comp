#version 450
// variants: fp16
// Conv2D as an implicit GEMM (M = N*OH*OW pixels, N = Cout, K = kH*kW*Cin/groups); NHWC input, OHWI weights.
// Workgroup: WG invocations sharing one tile of CO_TILE output channels. Each invocation keeps a PX x CO_TILE
// register tile (PX adjacent pixels of one output row), slides a register window of input pixels along the
// row so each load serves every kx tap, and gets the weights from 8 subgroup lanes by shuffles.
// No shared memory: on lavapipe every lane-varying load, global or shared, is a loop over the lanes (a shared one
// measured ~2/3 the cost of a global one), so staging a tile would add about as many loads as it makes cheaper;
// shuffles share the weights and the CPU caches share the input.
#include "common.glsl"
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle : require

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int PX = 4;          // output pixels per invocation, along the row
layout(constant_id = 2) const int CO_TILE = 16;    // output channels per invocation and per workgroup
layout(constant_id = 3) const int KW = 3;          // kernel width, stride x and dilation x: unrolled
layout(constant_id = 4) const int SX = 1;
layout(constant_id = 5) const int DX = 1;
layout(constant_id = 6) const bool VECTOR = true;  // vec4 loads along K (Cin/groups % 4 == 0), else scalar
layout(constant_id = 7) const bool VECTOR_OUT = true; // vec4 stores (Cout % 4 == 0 and CO_TILE % 4 == 0)
layout(constant_id = 8) const bool HAS_BIAS = false;
layout(constant_id = 9) const int ACT = ACT_NONE;
layout(constant_id = 10) const bool SHARE_WEIGHTS = true; // needs subgroups of >= 8 lanes

const int CH = VECTOR ? 4 : 1;                     // input channels per load
const int WIN = (PX - 1) * SX + (KW - 1) * DX + 1; // input pixels in the row window
const int LOADERS = 8;                             // lanes that load weights; lane l holds channel l + 8j
const int WEIGHT_LOADS = (CO_TILE + LOADERS - 1) / LOADERS;

layout(std430, binding = 0) readonly buffer Input { SCALAR x[]; };
layout(std430, binding = 0) readonly buffer Input4 { VEC4 x4[]; };
layout(std430, binding = 1) readonly buffer Weights { SCALAR w[]; };
layout(std430, binding = 1) readonly buffer Weights4 { VEC4 w4[]; };
layout(std430, binding = 2) readonly buffer Bias { SCALAR bias[]; };
layout(std430, binding = 3) writeonly buffer Output { SCALAR y[]; };
layout(std430, binding = 3) writeonly buffer Output4 { VEC4 y4[]; };

layout(push_constant) uniform Push {
    int H, W, C;              // input height, width, channels
    int OH, OW, K;            // output height, width, channels
    int KH, SY, DY;           // kernel height, stride y, dilation y
    int padTop, padLeft;
    int groupInputs;          // Cin / groups
    int groupOutputs;         // Cout / groups
    int tilesPerGroup;        // ceil(groupOutputs / CO_TILE)
    int runsPerRow;           // ceil(OW / PX)
    int runs;                 // N * OH * runsPerRow
};

// CH consecutive values from `index` (a multiple of CH), times `scale` (0 for padding).
vec4 loadInput(int index, float scale) {
    return (VECTOR ? LOAD4(x4[index >> 2]) : vec4(LOAD(x[index]))) * scale;
}

vec4 loadWeights(int index, float scale) {
    return (VECTOR ? LOAD4(w4[index >> 2]) : vec4(LOAD(w[index]))) * scale;
}

void main() {
    // Pixels: one run of PX output pixels per invocation. Invocations past the end still run (clamped)
    // so that every lane takes part in the shuffles; they just do not store.
    int run = int(gl_WorkGroupID.x * gl_WorkGroupSize.x + gl_LocalInvocationID.x);
    bool live = run < runs;
    run = min(run, runs - 1);
    int ox0 = (run % runsPerRow) * PX;
    int rest = run / runsPerRow;
    int oy = rest % OH;
    int n = rest / OH;

    // Channels: tile t of group g; `channels` of its CO_TILE exist.
    int tile = int(gl_WorkGroupID.y);
    int g = tile / tilesPerGroup;
    int firstInGroup = (tile % tilesPerGroup) * CO_TILE;
    int coBase = g * groupOutputs + firstInGroup;
    int channels = min(CO_TILE, groupOutputs - firstInGroup);
    int filterSize = KH * KW * groupInputs;

    // The weight rows this lane loads for the whole subgroup (clamped; zeroed past the tile).
    int lane = int(gl_SubgroupInvocationID) % LOADERS;
    int myFilter[WEIGHT_LOADS];
    float myScale[WEIGHT_LOADS];
    [[unroll]] for (int j = 0; j < WEIGHT_LOADS; j++) {
        int c = lane + LOADERS * j;
        myFilter[j] = (coBase + min(c, channels - 1)) * filterSize;
        myScale[j] = c < channels ? 1.0 : 0.0;
    }

    // Window columns: clamped offsets and 0/1 validity (padding reads zero), fixed for the whole loop.
    int ixBase = ox0 * SX - padLeft;
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

    for (int ky = 0; ky < KH; ky++) {
        int iy = oy * SY - padTop + ky * DY;
        float rowScale = (iy >= 0 && iy < H) ? 1.0 : 0.0;
        int rowOffset = (n * H + clamp(iy, 0, H - 1)) * W * C + g * groupInputs;
        int tapBase = ky * KW * groupInputs;
        for (int ci = 0; ci < groupInputs; ci += CH) {
            vec4 win[WIN];
            [[unroll]] for (int i = 0; i < WIN; i++) {
                win[i] = loadInput(rowOffset + colOffset[i] + ci, rowScale * colScale[i]);
            }
            [[unroll]] for (int kx = 0; kx < KW; kx++) {
                int tap = tapBase + kx * groupInputs + ci;
                if (SHARE_WEIGHTS) {
                    [[unroll]] for (int j = 0; j < WEIGHT_LOADS; j++) {
                        vec4 mine = loadWeights(myFilter[j] + tap, myScale[j]);
                        [[unroll]] for (int e = 0; e < CH; e++) {
                            [[unroll]] for (int l = 0; l < LOADERS; l++) {
                                int c = LOADERS * j + l;
                                if (c < CO_TILE) {
                                    float weight = subgroupShuffle(mine[e], l);
                                    [[unroll]] for (int p = 0; p < PX; p++) {
                                        acc[p][c] += win[p * SX + kx * DX][e] * weight;
                                    }
                                }
                            }
                        }
                    }
                } else {
                    [[unroll]] for (int c = 0; c < CO_TILE; c++) {
                        vec4 weight = loadWeights((coBase + min(c, channels - 1)) * filterSize + tap, 1.0);
                        [[unroll]] for (int e = 0; e < CH; e++) {
                            [[unroll]] for (int p = 0; p < PX; p++) {
                                acc[p][c] += win[p * SX + kx * DX][e] * weight[e];
                            }
                        }
                    }
                }
            }
        }
    }

    // Epilogue: bias, activation, store the live part of the tile.
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
    int pixel0 = (n * OH + oy) * OW + ox0;
    [[unroll]] for (int p = 0; p < PX; p++) {
        if (ox0 + p >= OW) break;
        int base = (pixel0 + p) * K + coBase;
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
