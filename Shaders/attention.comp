#version 450
// variants: fp16
// Workgroup: local_size_x invocations x ROWS consecutive query rows each, of one (batch, head); grid (query blocks, heads, batch); K/V tiles of KEY_TILE keys stream through shared memory.
//
// Flash attention: O = softmax(Q K^T * scale + causal mask) V for Q [B, H, Sq, D], K and V
// [B, H, Sk, D], O [B, H, Sq, D], row-major. The Sq x Sk score matrix never exists: each
// invocation keeps its ROWS query rows (pre-scaled), their running max, running sum and output
// accumulators in registers, and folds in one key tile at a time (online softmax, rescaled
// once per tile). Tiles are stored in shared memory as fp32 whatever the storage type.
// Causal: query i sees keys j <= i + (Sk - Sq); a workgroup stops after the last key its last
// row can see, and a row that sees no key at all gets zeros.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint HEAD_DIM = 64;  // D: a multiple of 4, at most 128
layout(constant_id = 2) const uint KEY_TILE = 32;  // keys per shared-memory tile (host fits it to the device)
layout(constant_id = 3) const bool CAUSAL = false;
layout(constant_id = 4) const uint ROWS = 4;       // query rows per invocation: each K/V load feeds ROWS rows

const uint D4 = HEAD_DIM / 4;
const uint TILE_VEC4S = KEY_TILE * D4;
const uint LOADS_PER_INVOCATION = (TILE_VEC4S + gl_WorkGroupSize.x - 1) / gl_WorkGroupSize.x;

// Far below any real score, yet finite: exp2 of it minus a score is exactly 0, and
// (NEG - NEG) is 0 rather than inf - inf = NaN.
const float NEG = -1.0e30;

layout(std430, binding = 0) readonly buffer Query { VEC4 q[]; };
layout(std430, binding = 1) readonly buffer Key { VEC4 k[]; };
layout(std430, binding = 2) readonly buffer Value { VEC4 v[]; };
layout(std430, binding = 3) writeonly buffer Output { VEC4 o[]; };
layout(push_constant) uniform Push {
    uint queryLength;
    uint keyLength;
    float scaleLog2e;  // scale * log2(e): the softmax runs on exp2
};

shared vec4 keyTile[TILE_VEC4S];
shared vec4 valueTile[TILE_VEC4S];

void main() {
    uint invocation = gl_LocalInvocationID.x;
    uint blockRows = gl_WorkGroupSize.x * ROWS;
    // Causal work grows with the block index. Interleave light and heavy blocks (0, n-1, 1, n-2, ...)
    // so any contiguous run of workgroups (lavapipe gives each thread one) carries an even share.
    uint x = gl_WorkGroupID.x;
    uint block = CAUSAL ? ((x & 1) == 0 ? x / 2 : gl_NumWorkGroups.x - 1 - x / 2) : x;
    uint blockStart = block * blockRows;
    uint firstRow = blockStart + invocation * ROWS;
    uint head = gl_WorkGroupID.z * gl_NumWorkGroups.y + gl_WorkGroupID.y;  // b * H + h
    uint queryBase = (head * queryLength + firstRow) * D4;
    uint keyBase = head * keyLength * D4;

    // Keys [0, rowEnd[r]) are visible to row r (none if it is past the end); keys [0, blockEnd)
    // to some row of the workgroup, keys [0, invocationEnd) to some row of this invocation.
    int shift = int(keyLength) - int(queryLength);
    uint rowEnd[ROWS];
    uint invocationEnd = 0;
    [[unroll]] for (uint r = 0; r < ROWS; r++) {
        uint row = firstRow + r;
        rowEnd[r] = row >= queryLength ? 0 : CAUSAL ? uint(clamp(int(row) + 1 + shift, 0, int(keyLength))) : keyLength;
        invocationEnd = max(invocationEnd, rowEnd[r]);
    }
    uint blockLastRow = min(blockStart + blockRows, queryLength) - 1;
    uint blockEnd = CAUSAL ? uint(clamp(int(blockLastRow) + 1 + shift, 0, int(keyLength))) : keyLength;

    vec4 query[ROWS * D4];
    vec4 accumulator[ROWS * D4];
    float runningMax[ROWS];
    float runningSum[ROWS];
    [[unroll]] for (uint r = 0; r < ROWS; r++) {
        runningMax[r] = NEG;
        runningSum[r] = 0.0;
        [[unroll]] for (uint d = 0; d < D4; d++) {
            query[r * D4 + d] = vec4(0.0);
            accumulator[r * D4 + d] = vec4(0.0);
            if (firstRow + r < queryLength) query[r * D4 + d] = LOAD4(q[queryBase + r * D4 + d]) * scaleLog2e;
        }
    }
    float score[ROWS * KEY_TILE];

    for (uint tileStart = 0; tileStart < blockEnd; tileStart += KEY_TILE) {
        uint tileKeys = min(KEY_TILE, keyLength - tileStart);
        uint tileBase = keyBase + tileStart * D4;
        [[unroll]] for (uint l = 0; l < LOADS_PER_INVOCATION; l++) {
            uint i = l * gl_WorkGroupSize.x + invocation;
            if (i < TILE_VEC4S) {
                vec4 keyPart = vec4(0.0), valuePart = vec4(0.0);  // zeros past Sk: no 0 * garbage in the sums
                if (i / D4 < tileKeys) {
                    keyPart = LOAD4(k[tileBase + i]);
                    valuePart = LOAD4(v[tileBase + i]);
                }
                keyTile[i] = keyPart;
                valueTile[i] = valuePart;
            }
        }
        barrier();

        // Key loops stay rolled: unrolling KEY_TILE x D4 makes lavapipe's JIT take minutes.
        uint span = invocationEnd > tileStart ? min(invocationEnd - tileStart, KEY_TILE) : 0;
        if (span > 0) {
            float tileMax[ROWS];
            [[unroll]] for (uint r = 0; r < ROWS; r++) tileMax[r] = NEG;
            [[dont_unroll]] for (uint j = 0; j < span; j++) {
                float s[ROWS];
                [[unroll]] for (uint r = 0; r < ROWS; r++) s[r] = 0.0;
                [[unroll]] for (uint d = 0; d < D4; d++) {
                    vec4 keyPart = keyTile[j * D4 + d];
                    [[unroll]] for (uint r = 0; r < ROWS; r++) s[r] += dot(query[r * D4 + d], keyPart);
                }
                [[unroll]] for (uint r = 0; r < ROWS; r++) {
                    s[r] = tileStart + j < rowEnd[r] ? s[r] : NEG;
                    score[r * KEY_TILE + j] = s[r];
                    tileMax[r] = max(tileMax[r], s[r]);
                }
            }
            float newMax[ROWS];
            [[unroll]] for (uint r = 0; r < ROWS; r++) {
                newMax[r] = max(runningMax[r], tileMax[r]);
                float correction = exp2(runningMax[r] - newMax[r]);
                runningMax[r] = newMax[r];
                runningSum[r] *= correction;
                [[unroll]] for (uint d = 0; d < D4; d++) accumulator[r * D4 + d] *= correction;
            }
            [[dont_unroll]] for (uint j = 0; j < span; j++) {
                float p[ROWS];
                [[unroll]] for (uint r = 0; r < ROWS; r++) {
                    // Masked keys weigh exactly 0, also for a row that has seen no key yet.
                    p[r] = tileStart + j < rowEnd[r] ? exp2(score[r * KEY_TILE + j] - newMax[r]) : 0.0;
                    runningSum[r] += p[r];
                }
                [[unroll]] for (uint d = 0; d < D4; d++) {
                    vec4 valuePart = valueTile[j * D4 + d];
                    [[unroll]] for (uint r = 0; r < ROWS; r++) accumulator[r * D4 + d] += p[r] * valuePart;
                }
            }
        }
        barrier();
    }

    [[unroll]] for (uint r = 0; r < ROWS; r++) {
        if (firstRow + r < queryLength) {
            float normalizer = runningSum[r] > 0.0 ? 1.0 / runningSum[r] : 0.0;
            [[unroll]] for (uint d = 0; d < D4; d++) o[queryBase + r * D4 + d] = STORE4(accumulator[r * D4 + d] * normalizer);
        }
    }
}
