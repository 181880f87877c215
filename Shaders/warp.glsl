// Shared by warp_composite.comp and control_maps.comp: the two rasterized layers (body, then face on top),
// the matte, and the per-vertex attributes they interpolate (layout: Sources/Body/ScreenMesh.swift, VertexAttributes).
#ifndef VLOGGER_WARP_GLSL
#define VLOGGER_WARP_GLSL


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

// The matte at a photo point: bilinear, pixel centres at +0.5, clamped edges. Needs `matte`, `photoWidth`
// and `photoHeight` declared by the including shader.
float matteAt(vec2 p) {
    vec2 q = p - 0.5;
    vec2 f = floor(q);
    vec2 t = q - f;
    int x0 = clamp(int(f.x), 0, photoWidth - 1), x1 = clamp(int(f.x) + 1, 0, photoWidth - 1);
    int y0 = clamp(int(f.y), 0, photoHeight - 1), y1 = clamp(int(f.y) + 1, 0, photoHeight - 1);
    float top = mix(matte[y0 * photoWidth + x0], matte[y0 * photoWidth + x1], t.x);
    float bottom = mix(matte[y1 * photoWidth + x0], matte[y1 * photoWidth + x1], t.x);
    return mix(top, bottom, t.y);
}

#endif
