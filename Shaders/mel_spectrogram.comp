#version 450
// Log-mel spectrogram, one workgroup per frame: the frame is windowed (periodic Hann), zero-padded to
// FFT_SIZE, transformed by an in-place radix-2 decimation-in-time FFT in shared memory (FFT_SIZE/2
// butterflies per stage, log2(FFT_SIZE) stages, strided over the workgroup), squared to power, summed
// by each mel filter over only its nonzero bin range, and stored as ln(max(mel, 1e-10)).
// Workgroup: min(FFT_SIZE/2, 256) invocations; shared memory FFT_SIZE complex + FFT_SIZE/2+1 floats
// (512-point: 6 KiB). Cost per frame: (FFT_SIZE/2) log2(FFT_SIZE) butterflies + sum of band widths.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint FFT_SIZE = 512;
layout(constant_id = 2) const uint LOG2_FFT_SIZE = 9;

layout(std430, binding = 0) readonly buffer Signal { float signal[]; };
layout(std430, binding = 1) readonly buffer Window { float window[]; };       // [windowLength]
layout(std430, binding = 2) readonly buffer Twiddles { vec2 twiddles[]; };    // exp(-2 pi i k / FFT_SIZE), k < FFT_SIZE/2
layout(std430, binding = 3) readonly buffer Filterbank { float weights[]; };  // [melCount][FFT_SIZE/2 + 1]
layout(std430, binding = 4) readonly buffer Bands { uvec2 bands[]; };         // [melCount]: first bin, end bin
layout(std430, binding = 5) writeonly buffer Output { float mel[]; };         // [frameCount][melCount]
layout(push_constant) uniform Push {
    uint sampleCount;
    uint frameCount;
    uint hop;
    uint windowLength;
    int frameOffset; // first sample of frame 0's window (negative: starts before the signal)
    uint melCount;
};

shared vec2 spectrum[FFT_SIZE];
shared float power[FFT_SIZE / 2 + 1];

void main() {
    uint frame = linear_group_id();
    if (frame >= frameCount) return; // uniform over the workgroup
    uint lane = gl_LocalInvocationID.x;
    uint lanes = gl_WorkGroupSize.x;

    // Windowed samples (zero outside the signal), stored in bit-reversed order for the in-place FFT.
    int start = int(frame * hop) + frameOffset;
    for (uint n = lane; n < FFT_SIZE; n += lanes) {
        int s = start + int(n);
        float value = (n < windowLength && s >= 0 && s < int(sampleCount)) ? signal[s] * window[n] : 0.0;
        spectrum[bitfieldReverse(n) >> (32 - LOG2_FFT_SIZE)] = vec2(value, 0.0);
    }
    barrier();

    // Butterflies: span 2*half, twiddle exp(-2 pi i k / (2*half)) = twiddles[k * FFT_SIZE / (2*half)].
    uint twiddleStride = FFT_SIZE / 2;
    for (uint half_ = 1; half_ < FFT_SIZE; half_ *= 2) {
        for (uint b = lane; b < FFT_SIZE / 2; b += lanes) {
            uint k = b & (half_ - 1);
            uint i = ((b - k) << 1) + k; // (b / half) * 2 * half + k
            uint j = i + half_;
            vec2 w = twiddles[k * twiddleStride];
            vec2 odd = spectrum[j];
            vec2 t = vec2(w.x * odd.x - w.y * odd.y, w.x * odd.y + w.y * odd.x);
            vec2 even = spectrum[i];
            spectrum[i] = even + t;
            spectrum[j] = even - t;
        }
        twiddleStride /= 2;
        barrier();
    }

    for (uint k = lane; k <= FFT_SIZE / 2; k += lanes) power[k] = dot(spectrum[k], spectrum[k]);
    barrier();

    uint bins = FFT_SIZE / 2 + 1;
    for (uint m = lane; m < melCount; m += lanes) {
        uvec2 band = bands[m];
        float sum = 0.0;
        for (uint k = band.x; k < band.y; k++) sum += weights[m * bins + k] * power[k];
        mel[frame * melCount + m] = log(max(sum, 1e-10));
    }
}
