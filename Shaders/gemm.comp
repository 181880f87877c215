#version 450
// variants: fp16
// Batched GEMM: C[b] = act(op(A[b]) * op(B[b]) + bias), op = optional transpose, fp32 accumulation.
// A WG_X x WG_Y workgroup computes a BM x BN tile of C (BM = WG_Y*TM, BN = WG_X*4*TN4), marching over K
// in BK-deep slabs staged in shared memory; each invocation keeps a TM x (4*TN4) register tile whose rows
// and vec4 columns are interleaved by WG_Y / WG_X so shared-memory reads of neighbours are contiguous.
#include "common.glsl"

layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(constant_id = 2) const uint TM = 4;
layout(constant_id = 3) const uint TN4 = 1;
layout(constant_id = 4) const uint BK = 16;
layout(constant_id = 5) const bool TRANSPOSE_A = false;
layout(constant_id = 6) const bool TRANSPOSE_B = false;
layout(constant_id = 7) const bool HAS_BIAS = false;
layout(constant_id = 8) const int ACT = ACT_NONE;
// Stage tiles with vec4 loads along the contiguous axis (host sets these when that extent is a multiple of 4).
layout(constant_id = 9) const bool VEC4_A = false;
layout(constant_id = 10) const bool VEC4_B = false;

layout(std430, binding = 0) readonly buffer MatrixA { SCALAR a[]; };
layout(std430, binding = 0) readonly buffer MatrixA4 { VEC4 a4[]; };
layout(std430, binding = 1) readonly buffer MatrixB { SCALAR b[]; };
layout(std430, binding = 1) readonly buffer MatrixB4 { VEC4 b4[]; };
layout(std430, binding = 2) readonly buffer Bias { SCALAR bias[]; };
layout(std430, binding = 3) writeonly buffer MatrixC { SCALAR c[]; };
layout(push_constant) uniform Push {
    uint M, N, K;
    uint batchStrideA, batchStrideB, batchStrideC; // elements; 0 broadcasts one matrix over the batch
};

const uint WG_X = gl_WorkGroupSize.x;
const uint WG_Y = gl_WorkGroupSize.y;
const uint BM = WG_Y * TM;
const uint BN4 = WG_X * TN4;
const uint BN = BN4 * 4;

shared float tileA[BK * BM];   // [k][m]
shared vec4 tileB[BK * BN4];   // [k][n / 4]

void main() {
    const uint threads = WG_X * WG_Y;
    const uint tid = gl_LocalInvocationID.y * WG_X + gl_LocalInvocationID.x;
    const uint tx = gl_LocalInvocationID.x;
    const uint ty = gl_LocalInvocationID.y;
    const uint rowBase = gl_WorkGroupID.y * BM;
    const uint colBase = gl_WorkGroupID.x * BN;
    const uint offsetA = gl_WorkGroupID.z * batchStrideA;
    const uint offsetB = gl_WorkGroupID.z * batchStrideB;
    const uint offsetC = gl_WorkGroupID.z * batchStrideC;

    vec4 acc[TM][TN4];
    [[unroll]] for (uint i = 0; i < TM; i++)
        [[unroll]] for (uint j = 0; j < TN4; j++) acc[i][j] = vec4(0.0);

    for (uint k0 = 0; k0 < K; k0 += BK) {
        // Stage A: BM x BK, reading along whichever axis is contiguous in memory.
        if (VEC4_A) {
            for (uint i = tid; i < BM * BK / 4; i += threads) {
                if (TRANSPOSE_A) { // [K][M]: 4 rows of one depth
                    uint m = (i % (BM / 4)) * 4, k = i / (BM / 4);
                    uint row = rowBase + m, depth = k0 + k;
                    vec4 v = vec4(0.0);
                    if (row < M && depth < K) v = LOAD4(a4[(offsetA + depth * M + row) / 4]);
                    [[unroll]] for (uint e = 0; e < 4; e++) tileA[k * BM + m + e] = v[e];
                } else {           // [M][K]: 4 depths of one row
                    uint k = (i % (BK / 4)) * 4, m = i / (BK / 4);
                    uint row = rowBase + m, depth = k0 + k;
                    vec4 v = vec4(0.0);
                    if (row < M && depth < K) v = LOAD4(a4[(offsetA + row * K + depth) / 4]);
                    [[unroll]] for (uint e = 0; e < 4; e++) tileA[(k + e) * BM + m] = v[e];
                }
            }
        } else {
            for (uint i = tid; i < BM * BK; i += threads) {
                uint m, k;
                if (TRANSPOSE_A) { m = i % BM; k = i / BM; } else { k = i % BK; m = i / BK; }
                uint row = rowBase + m, depth = k0 + k;
                float value = 0.0;
                if (row < M && depth < K)
                    value = LOAD(a[offsetA + (TRANSPOSE_A ? depth * M + row : row * K + depth)]);
                tileA[k * BM + m] = value;
            }
        }
        // Stage B: BK x BN.
        if (VEC4_B) {
            for (uint i = tid; i < BK * BN / 4; i += threads) {
                if (TRANSPOSE_B) { // [N][K]: 4 depths of one column
                    uint k = (i % (BK / 4)) * 4, n = i / (BK / 4);
                    uint col = colBase + n, depth = k0 + k;
                    vec4 v = vec4(0.0);
                    if (col < N && depth < K) v = LOAD4(b4[(offsetB + col * K + depth) / 4]);
                    [[unroll]] for (uint e = 0; e < 4; e++) tileB[(k + e) * BN4 + n / 4][n % 4] = v[e];
                } else {           // [K][N]: 4 columns of one depth
                    uint n4 = i % BN4, k = i / BN4;
                    uint col = colBase + n4 * 4, depth = k0 + k;
                    vec4 v = vec4(0.0);
                    if (col < N && depth < K) v = LOAD4(b4[(offsetB + depth * N + col) / 4]);
                    tileB[k * BN4 + n4] = v;
                }
            }
        } else {
            for (uint i = tid; i < BK * BN; i += threads) {
                uint n, k;
                if (TRANSPOSE_B) { k = i % BK; n = i / BK; } else { n = i % BN; k = i / BN; }
                uint col = colBase + n, depth = k0 + k;
                float value = 0.0;
                if (col < N && depth < K)
                    value = LOAD(b[offsetB + (TRANSPOSE_B ? col * K + depth : depth * N + col)]);
                tileB[k * BN4 + n / 4][n % 4] = value;
            }
        }
        barrier();
        [[unroll]] for (uint k = 0; k < BK; k++) {
            vec4 bv[TN4];
            [[unroll]] for (uint j = 0; j < TN4; j++) bv[j] = tileB[k * BN4 + tx + j * WG_X];
            [[unroll]] for (uint i = 0; i < TM; i++) {
                float av = tileA[k * BM + ty + i * WG_Y];
                [[unroll]] for (uint j = 0; j < TN4; j++) acc[i][j] = fma(vec4(av), bv[j], acc[i][j]);
            }
        }
        barrier();
    }

    [[unroll]] for (uint i = 0; i < TM; i++) {
        uint row = rowBase + ty + i * WG_Y;
        if (row >= M) continue;
        [[unroll]] for (uint j = 0; j < TN4; j++) {
            uint col = colBase + (tx + j * WG_X) * 4;
            [[unroll]] for (uint e = 0; e < 4; e++) {
                if (col + e >= N) break;
                float value = acc[i][j][e];
                if (HAS_BIAS) value += LOAD(bias[col + e]);
                c[offsetC + row * N + col + e] = STORE(activate(value, ACT));
            }
        }
    }
}
