#version 450
// Control maps: one invocation per output pixel (workgroup 64, 1-D grid split over x and y). For the front
// layer at the pixel (the face layer where it covers, else the body layer) writes 8 floats: depth, the unit
// normal (x, y, z), the photo reference point (x, y), the part label and the layer weight (alpha * matte);
// uncovered pixels are all zero (part 0 = background). What the model "sees", for debugging and for a
// neural refinement stage.
#include "common.glsl"

layout(local_size_x_id = 0) in;

layout(push_constant) uniform Push {
    int outWidth, outHeight, photoWidth, photoHeight;
    uint faceTriangleBase;
};

layout(std430, binding = 0) readonly buffer Matte { float matte[]; };         // [photoH][photoW]
layout(std430, binding = 1) readonly buffer Attributes { float attributes[]; };
layout(std430, binding = 2) readonly buffer Normals { float normals[]; };     // [vertices][3]
layout(std430, binding = 3) readonly buffer BodyTriangles { uint bodyTriangles[]; };
layout(std430, binding = 4) readonly buffer FaceTriangles { uint faceTriangles[]; };
layout(std430, binding = 5) readonly buffer Parts { uint parts[]; };
layout(std430, binding = 6) readonly buffer BodyIds { uint bodyIds[]; };
layout(std430, binding = 7) readonly buffer BodyBarycentrics { float bodyBarycentrics[]; };
layout(std430, binding = 8) readonly buffer BodyDepth { float bodyDepth[]; };
layout(std430, binding = 9) readonly buffer FaceIds { uint faceIds[]; };
layout(std430, binding = 10) readonly buffer FaceBarycentrics { float faceBarycentrics[]; };
layout(std430, binding = 11) readonly buffer FaceDepth { float faceDepth[]; };
layout(std430, binding = 12) writeonly buffer Maps { float maps[]; };        // [outH][outW][8]

#include "warp.glsl"

vec3 normalAt(uvec3 v, vec3 b) {
    vec3 n = vec3(0.0);
    [[unroll]] for (int k = 0; k < 3; ++k) {
        n[k] = b.x * normals[3 * v.x + uint(k)] + b.y * normals[3 * v.y + uint(k)] + b.z * normals[3 * v.z + uint(k)];
    }
    float length2 = dot(n, n);
    return length2 > 0.0 ? n * inversesqrt(length2) : vec3(0.0);
}

void main() {
    uint pixel = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (pixel >= uint(outWidth * outHeight)) return;
    float values[8] = float[8](0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    uint id = faceIds[pixel];
    bool face = id != NO_TRIANGLE;
    if (!face) id = bodyIds[pixel];
    if (id != NO_TRIANGLE) {
        uvec3 v = face ? uvec3(faceTriangles[3 * id], faceTriangles[3 * id + 1], faceTriangles[3 * id + 2])
                       : uvec3(bodyTriangles[3 * id], bodyTriangles[3 * id + 1], bodyTriangles[3 * id + 2]);
        vec3 b = face ? vec3(faceBarycentrics[3 * pixel], faceBarycentrics[3 * pixel + 1], faceBarycentrics[3 * pixel + 2])
                      : vec3(bodyBarycentrics[3 * pixel], bodyBarycentrics[3 * pixel + 1], bodyBarycentrics[3 * pixel + 2]);
        uint part = parts[face ? faceTriangleBase + id : id];
        Surface s = interpolate(v, b, part);
        vec3 n = normalAt(v, b);
        values = float[8](face ? faceDepth[pixel] : bodyDepth[pixel], n.x, n.y, n.z, s.reference.x, s.reference.y,
                          float(part), clamp(s.alpha * matteAt(s.reference), 0.0, 1.0));
    }
    [[unroll]] for (int k = 0; k < 8; ++k) maps[8 * pixel + uint(k)] = values[k];
}
