// Shared by rasterize.comp, rasterize_int64.comp and rasterize_resolve.comp: triangle setup, the coverage
// rule and perspective-correct depth, written once so every pass computes bit-identical values (`precise`
// forbids fused multiply-adds that could differ between pipelines; the two-pass path relies on it).
//
// Screen space: vertex (x, y) in pixels with pixel centres at +0.5, z = view depth > 0.
// Coverage: a pixel centre is inside when all three edge functions have the sign of the triangle's area
// (zero included), so both windings draw and pixels exactly on a shared edge belong to both triangles
// (the depth test then picks one). Zero-area triangles, depths <= 0, non-finite positions and
// indices out of range draw nothing.
#ifndef VLOGGER_RASTERIZE_GLSL
#define VLOGGER_RASTERIZE_GLSL


layout(std430, binding = 0) readonly buffer Vertices { float vertices[]; };  // [N][3]
layout(std430, binding = 1) readonly buffer Triangles { uint triangles[]; }; // [T][3]
layout(push_constant) uniform Push { int width, height, vertexCount, triangleCount; };

struct Triangle {
    vec2 p0, p1, p2;
    vec3 inverseDepth; // 1 / z per vertex: linear in screen space
    float area;        // edge function of p2 against p0 -> p1: twice the signed area
};

float edgeFunction(vec2 a, vec2 b, vec2 p) {
    precise float e = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    return e;
}

vec3 loadVertex(uint index) {
    return vec3(vertices[3 * index], vertices[3 * index + 1], vertices[3 * index + 2]);
}

// False when triangle t draws nothing.
bool loadTriangle(uint t, out Triangle triangle) {
    uint i0 = triangles[3 * t], i1 = triangles[3 * t + 1], i2 = triangles[3 * t + 2];
    if (max(i0, max(i1, i2)) >= uint(vertexCount)) return false;
    vec3 v0 = loadVertex(i0), v1 = loadVertex(i1), v2 = loadVertex(i2);
    if (any(isnan(vec3(v0.x, v1.x, v2.x))) || any(isinf(vec3(v0.x, v1.x, v2.x)))
        || any(isnan(vec3(v0.y, v1.y, v2.y))) || any(isinf(vec3(v0.y, v1.y, v2.y)))) return false;
    if (!(v0.z > 0.0 && v1.z > 0.0 && v2.z > 0.0)) return false;
    triangle.p0 = v0.xy;
    triangle.p1 = v1.xy;
    triangle.p2 = v2.xy;
    triangle.area = edgeFunction(v0.xy, v1.xy, v2.xy);
    precise vec3 inverseDepth = vec3(1.0) / vec3(v0.z, v1.z, v2.z);
    triangle.inverseDepth = inverseDepth;
    return triangle.area != 0.0 && !isinf(triangle.area);
}

// The pixels whose centres lie in the triangle's bounding box, clipped to the image; empty when lo > hi.
void pixelBounds(Triangle triangle, out ivec2 lo, out ivec2 hi) {
    vec2 low = min(triangle.p0, min(triangle.p1, triangle.p2));
    vec2 high = max(triangle.p0, max(triangle.p1, triangle.p2));
    vec2 size = vec2(width, height);
    lo = ivec2(clamp(ceil(low - 0.5), vec2(0.0), size));
    hi = ivec2(clamp(floor(high - 0.5), vec2(-1.0), size - 1.0));
}

// Screen-space barycentrics of pixel (x, y): all >= 0 when covered.
vec3 screenBarycentrics(Triangle triangle, ivec2 pixel) {
    vec2 p = vec2(pixel) + 0.5;
    precise vec3 l = vec3(edgeFunction(triangle.p1, triangle.p2, p), edgeFunction(triangle.p2, triangle.p0, p),
                          edgeFunction(triangle.p0, triangle.p1, p)) / triangle.area;
    return l;
}

bool covers(vec3 l) { return l.x >= 0.0 && l.y >= 0.0 && l.z >= 0.0; }

// Interpolated 1/z at the pixel (its reciprocal is the view depth).
float interpolatedInverseDepth(Triangle triangle, vec3 l) {
    precise vec3 w = l * triangle.inverseDepth;
    precise float sum = (w.x + w.y) + w.z;
    return sum;
}

float depthOf(float inverseDepth) {
    precise float z = 1.0 / inverseDepth;
    return z;
}

#endif
