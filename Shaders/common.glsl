// Shared definitions for every kernel.
//
// Storage type: tensors are fp32, or fp16 when the shader is compiled with FP16_STORAGE
// (the build's "fp16" variant). Arithmetic is always fp32: LOAD widens, STORE narrows.
#ifndef VLOGGER_COMMON_GLSL
#define VLOGGER_COMMON_GLSL

#extension GL_EXT_control_flow_attributes : enable

#ifdef FP16_STORAGE
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define SCALAR float16_t
#define VEC4 f16vec4
#else
#define SCALAR float
#define VEC4 vec4
#endif

#define LOAD(x) float(x)
#define LOAD4(x) vec4(x)
#define STORE(x) SCALAR(x)
#define STORE4(x) VEC4(x)

// Linear workgroup index for 1-D grids split over x and y (see linearGroups in Swift).
uint linear_group_id() { return gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x; }

#include "interface.glsl"

// erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7); GLSL has no erf.
float erf_approx(float x) {
    float s = sign(x);
    float a = abs(x);
    float t = 1.0 / (1.0 + 0.3275911 * a);
    float y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a);
    return s * y;
}

float sigmoid(float x) { return 1.0 / (1.0 + exp(-x)); }

float activate(float x, int act) {
    switch (act) {
    case ACT_RELU: return max(x, 0.0);
    case ACT_RELU6: return clamp(x, 0.0, 6.0);
    case ACT_SIGMOID: return sigmoid(x);
    case ACT_SILU: return x * sigmoid(x);
    case ACT_GELU: return 0.5 * x * (1.0 + erf_approx(x * 0.70710678118654752));
    case ACT_HARD_SWISH: return x * clamp(x + 3.0, 0.0, 6.0) / 6.0;
    case ACT_TANH: return tanh(clamp(x, -15.0, 15.0)); // avoids inf/inf in exp-based tanh
    default: return x;
    }
}

#endif
