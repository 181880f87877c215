#version 450
// variants: fp16
// Batched GEMM: C[b] = act(op(A[b]) * op(B[b]) + bias), op = optional transpose, fp32 accumulation.
// Register-tiled like conv2d.comp: each invocation accumulates ROWS consecutive rows x the 16 columns its
// workgroup owns. Per step of CH depths (4 with vec4 loads, else 1) an invocation loads its ROWS x CH values
// of A, and 8 lanes of each subgroup load the CH x 16 values of B, which subgroupShuffle (constant lanes)
// hands to every lane. No shared memory and no barriers: on lavapipe every lane-varying load, shared or
// global, is a loop over the lanes, so the fewest loads per FMA wins; on GPUs the shuffles are register moves.
// Workgroup: 64 invocations along rows; grid = (row runs / 64, column tiles of 16, batch).
#include "common.glsl"
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle : require

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int ROWS = 4;
layout(constant_id = 2) const bool TRANSPOSE_A = false;
layout(constant_id = 3) const bool TRANSPOSE_B = false;
// vec4 loads: K % 4 == 0, and M % 4 == 0 when A is transposed ([K][M]), N % 4 == 0 when B is not ([K][N]).
layout(constant_id = 4) const bool VECTOR = true;
layout(constant_id = 5) const bool HAS_BIAS = false;
layout(constant_id = 6) const int ACT = ACT_NONE;
layout(constant_id = 7) const bool SHARE_B = true; // needs subgroups of >= 8 lanes

const int COLS = 16;
const int LOADERS = 8;
const int CH = VECTOR ? 4 : 1;

layout(std430, binding = 0) readonly buffer MatrixA { SCALAR a[]; };
layout(std430, binding = 0) readonly buffer MatrixA4 { VEC4 a4[]; };
layout(std430, binding = 1) readonly buffer MatrixB { SCALAR b[]; };
layout(std430, binding = 1) readonly buffer MatrixB4 { VEC4 b4[]; };
layout(std430, binding = 2) readonly buffer Bias { SCALAR bias[]; };
layout(std430, binding = 3) writeonly buffer MatrixC { SCALAR c[]; };
layout(std430, binding = 3) writeonly buffer MatrixC4 { VEC4 c4[]; };
layout(push_constant) uniform Push {
    int M, N, K;
    int batchStrideA, batchStrideB, batchStrideC; // elements; 0 broadcasts one matrix over the batch
    int rowRuns;                                  // ceil(M / ROWS)
};

// B[depth][col] (or B^T[col][depth]) for one invocation's own load (the SHARE_B = false path).
float loadB(int offsetB, int depth, int col) {
    return LOAD(b[offsetB + (TRANSPOSE_B ? col * K + depth : depth * N + col)]);
}

void main() {
    // Invocations past the last row run (clamped) so every lane takes part in the shuffles; they do not store.
    int run = int(gl_WorkGroupID.x * gl_WorkGroupSize.x + gl_LocalInvocationID.x);
    bool live = run < rowRuns;
    run = min(run, rowRuns - 1);
    int row0 = run * ROWS;
    int col0 = int(gl_WorkGroupID.y) * COLS;
    int batch = int(gl_WorkGroupID.z);
    int offsetA = batch * batchStrideA, offsetB = batch * batchStrideB, offsetC = batch * batchStrideC;

    int rows[ROWS];
    [[unroll]] for (int p = 0; p < ROWS; p++) rows[p] = min(row0 + p, M - 1);

    // What this lane loads of B for its subgroup: two vectors (or scalars), clamped and zeroed past N.
    //  - B^T, or scalar steps: vector j is column col0 + lane + 8j, CH depths.
    //  - B with vec4 steps:    vector j holds depth (lane >> 1), columns col0 + 8 (lane & 1) + 4j .. +3.
    int lane = int(gl_SubgroupInvocationID) % LOADERS;
    bool columnVectors = !TRANSPOSE_B && VECTOR;
    int loadCol[2];
    float loadScale[2];
    [[unroll]] for (int j = 0; j < 2; j++) {
        int col = columnVectors ? col0 + 8 * (lane & 1) + 4 * j : col0 + lane + 8 * j;
        loadScale[j] = col < N ? 1.0 : 0.0;
        loadCol[j] = min(col, columnVectors ? N - 4 : N - 1);
    }

    float acc[ROWS][COLS];
    [[unroll]] for (int p = 0; p < ROWS; p++)
        [[unroll]] for (int q = 0; q < COLS; q++) acc[p][q] = 0.0;

    for (int k = 0; k < K; k += CH) {
        vec4 av[ROWS]; // av[p][e] = op(A)[row0 + p][k + e]
        if (!TRANSPOSE_A) {
            [[unroll]] for (int p = 0; p < ROWS; p++) {
                int index = offsetA + rows[p] * K + k;
                av[p] = VECTOR ? LOAD4(a4[index >> 2]) : vec4(LOAD(a[index]));
            }
        } else if (VECTOR) { // [K][M]: one vec4 holds 4 rows of one depth
            [[unroll]] for (int e = 0; e < 4; e++) {
                [[unroll]] for (int p4 = 0; p4 < ROWS; p4 += 4) {
                    vec4 v = LOAD4(a4[(offsetA + (k + e) * M + min(row0 + p4, M - 4)) >> 2]);
                    [[unroll]] for (int q = 0; q < 4; q++) if (p4 + q < ROWS) av[p4 + q][e] = v[q];
                }
            }
        } else {
            [[unroll]] for (int p = 0; p < ROWS; p++) av[p] = vec4(LOAD(a[offsetA + k * M + rows[p]]));
        }

        vec4 mine[2];
        if (SHARE_B) {
            [[unroll]] for (int j = 0; j < 2; j++) {
                if (TRANSPOSE_B) {
                    int index = offsetB + loadCol[j] * K + k;
                    mine[j] = (VECTOR ? LOAD4(b4[index >> 2]) : vec4(LOAD(b[index]))) * loadScale[j];
                } else if (VECTOR) {
                    mine[j] = LOAD4(b4[(offsetB + (k + (lane >> 1)) * N + loadCol[j]) >> 2]) * loadScale[j];
                } else {
                    mine[j] = vec4(LOAD(b[offsetB + k * N + loadCol[j]])) * loadScale[j];
                }
            }
        }

        [[unroll]] for (int e = 0; e < CH; e++) {
            [[unroll]] for (int q = 0; q < COLS; q++) {
                float weight;
                if (SHARE_B) {
                    weight = columnVectors ? subgroupShuffle(mine[(q % 8) / 4][q % 4], 2 * e + q / 8)
                                           : subgroupShuffle(mine[q / 8][e], q % 8);
                } else {
                    weight = col0 + q < N ? loadB(offsetB, k + e, col0 + q) : 0.0;
                }
                [[unroll]] for (int p = 0; p < ROWS; p++) acc[p][q] = fma(av[p][e], weight, acc[p][q]);
            }
        }
    }

    if (!live) return;
    float biases[COLS];
    [[unroll]] for (int q = 0; q < COLS; q++) biases[q] = HAS_BIAS ? LOAD(bias[min(col0 + q, N - 1)]) : 0.0;
    bool vectorOut = N % 4 == 0;
    [[unroll]] for (int p = 0; p < ROWS; p++) {
        int row = row0 + p;
        if (row >= M) break;
        int base = offsetC + row * N + col0;
        [[unroll]] for (int q = 0; q < COLS; q += 4) {
            if (col0 + q >= N) break;
            vec4 v = vec4(acc[p][q], acc[p][q + 1], acc[p][q + 2], acc[p][q + 3])
                + vec4(biases[q], biases[q + 1], biases[q + 2], biases[q + 3]);
            v = vec4(activate(v.x, ACT), activate(v.y, ACT), activate(v.z, ACT), activate(v.w, ACT));
            if (vectorOut) {
                c4[(base + q) >> 2] = STORE4(v);
            } else {
                [[unroll]] for (int e = 0; e < 4; e++) if (col0 + q + e < N) c[base + q + e] = STORE(v[e]);
            }
        }
    }
}
