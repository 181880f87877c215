// Shared by warp_composite.comp and control_maps.comp: the two rasterized layers (body, then face on top)
// and the per-vertex attributes they interpolate (layout: Sources/Body/ScreenMesh.swift, VertexAttributes).
#ifndef VLOGGER_WARP_GLSL
#define VLOGGER_WARP_GLSL

#define NO_TRIANGLE 0xFFFFFFFFu
#define ATTRIBUTE_STRIDE 8

struct Surface {
    uint part;
    vec2 reference;   // photo pixels
    float alpha;
    vec2 uv;          // the part's own coordinates
    vec2 aux;
    float scale;
};

// Barycentric interpolation of one vertex attribute record.
float vertexAttribute(uint vertex, int k) { return attributes[vertex * ATTRIBUTE_STRIDE + uint(k)]; }

Surface interpolate(uvec3 v, vec3 b, uint part) {
    float a[ATTRIBUTE_STRIDE];
    [[unroll]] for (int k = 0; k < ATTRIBUTE_STRIDE; ++k) {
        a[k] = b.x * vertexAttribute(v.x, k) + b.y * vertexAttribute(v.y, k) + b.z * vertexAttribute(v.z, k);
    }
    return Surface(part, vec2(a[0], a[1]), a[2], vec2(a[3], a[4]), vec2(a[5], a[6]), a[7]);
}

#endif
