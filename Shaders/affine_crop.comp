#version 450
// Resamples a region of an RGB image [H, W, 3] (values 0...255) into a model input [OH, OW, 3]:
// output pixel centre (x + 0.5, y + 0.5) maps through a 2x3 affine matrix to source pixel coordinates,
// is read bilinearly from pixel centres, and is normalized as value * scale + offset.
// Taps outside the image read zero (BORDER_REPLICATE false) or the nearest edge pixel.
// Workgroup: 8 x 8 output pixels, one invocation each.
#include "common.glsl"

layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(constant_id = 2) const bool BORDER_REPLICATE = false;

layout(std430, binding = 0) readonly buffer Image { float image[]; };
layout(std430, binding = 1) writeonly buffer Output { float result[]; };
layout(push_constant) uniform Push {
    int width, height, outputWidth, outputHeight;
    float m00, m01, m02, m10, m11, m12;
    float scale, offset;
};

vec3 tap(int x, int y) {
    if (BORDER_REPLICATE) {
        x = clamp(x, 0, width - 1);
        y = clamp(y, 0, height - 1);
    } else if (x < 0 || y < 0 || x >= width || y >= height) {
        return vec3(0.0);
    }
    int index = (y * width + x) * 3;
    return vec3(image[index], image[index + 1], image[index + 2]);
}

void main() {
    int x = int(gl_GlobalInvocationID.x), y = int(gl_GlobalInvocationID.y);
    if (x >= outputWidth || y >= outputHeight) return;
    float u = float(x) + 0.5, v = float(y) + 0.5;
    float sx = m00 * u + m01 * v + m02 - 0.5;
    float sy = m10 * u + m11 * v + m12 - 0.5;
    int x0 = int(floor(sx)), y0 = int(floor(sy));
    float fx = sx - float(x0), fy = sy - float(y0);
    vec3 top = mix(tap(x0, y0), tap(x0 + 1, y0), fx);
    vec3 bottom = mix(tap(x0, y0 + 1), tap(x0 + 1, y0 + 1), fx);
    vec3 value = mix(top, bottom, fy) * scale + offset;
    int out_index = (y * outputWidth + x) * 3;
    result[out_index] = value.r;
    result[out_index + 1] = value.g;
    result[out_index + 2] = value.b;
}
