#version 450
// Warp renderer: one invocation per output pixel (workgroup 64, 1-D grid split over x and y). Starts from the
// inpainted background plate, then composites the body layer and the face layer over it; a covered layer samples
// the photo (bilinear) at its surface point's reference coordinate, except the mouth cavity (synthesized from the
// photo's palette: dark cavity, tongue, the teeth rows the photo does not show) and the eyeballs (the gaze shifts them; a blink is geometry: the lids close over them).
// Layer weight = interpolated vertex alpha * matte at the reference point. The face layer is rasterized over a
// window of the output at FACE_SAMPLES^2 samples per pixel (ordered grid): each sample is composited over the
// pixel's plate-and-body colour and the pixel takes their mean, so lip, lid and outline edges are anti-aliased.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint PART_MOUTH_CAVITY = 4;
layout(constant_id = 2) const uint PART_LEFT_EYE = 5;
layout(constant_id = 3) const uint PART_RIGHT_EYE = 6;
layout(constant_id = 4) const int FACE_SAMPLES = 1;   // per axis, odd

layout(push_constant) uniform Push {
    int outWidth, outHeight, photoWidth, photoHeight;
    float photoScale;          // photo pixels per output pixel (the plate is sampled at the output pixel)
    uint faceTriangleBase;     // where the face layer's triangles start in `parts`
    float gazeX, gazeY;
    int teethRows;             // bit 0: draw upper teeth, bit 1: lower teeth (the rows the photo does not show)
    float cavityR, cavityG, cavityB;     // MouthPalette: colours derived from the photo
    float tongueR, tongueG, tongueB;
    float enamelR, enamelG, enamelB;
    int faceX, faceY, faceWidth, faceHeight;   // the face samples' window, output pixels
};

layout(std430, binding = 0) readonly buffer Photo { float photo[]; };         // [photoH][photoW][3]
layout(std430, binding = 1) readonly buffer Plate { float plate[]; };         // [photoH][photoW][3]
layout(std430, binding = 2) readonly buffer Matte { float matte[]; };         // [photoH][photoW]
layout(std430, binding = 3) readonly buffer Attributes { float attributes[]; };
layout(std430, binding = 4) readonly buffer BodyTriangles { uint bodyTriangles[]; };
layout(std430, binding = 5) readonly buffer FaceTriangles { uint faceTriangles[]; };
layout(std430, binding = 6) readonly buffer Parts { uint parts[]; };
layout(std430, binding = 7) readonly buffer BodyIds { uint bodyIds[]; };
layout(std430, binding = 8) readonly buffer BodyBarycentrics { float bodyBarycentrics[]; };
layout(std430, binding = 9) readonly buffer FaceIds { uint faceIds[]; };                      // [faceHeight * S][faceWidth * S]
layout(std430, binding = 10) readonly buffer FaceBarycentrics { float faceBarycentrics[]; };  // [faceHeight * S][faceWidth * S][3]
layout(std430, binding = 11) writeonly buffer Output { float result[]; };   // [outH][outW][3]

#include "warp.glsl"

const float PI = 3.14159265358979;
const float GAZE_TRAVEL = 0.22;   // iris travel at |gaze| = 1, in eye widths

vec3 texel(int which, int x, int y) {
    uint i = 3u * uint(clamp(y, 0, photoHeight - 1) * photoWidth + clamp(x, 0, photoWidth - 1));
    return which == 0 ? vec3(photo[i], photo[i + 1], photo[i + 2]) : vec3(plate[i], plate[i + 1], plate[i + 2]);
}

// Bilinear with pixel centres at +0.5 and clamped edges.
vec3 sampleImage(int which, vec2 p) {
    vec2 q = p - 0.5;
    vec2 f = floor(q);
    vec2 t = q - f;
    int x = int(f.x), y = int(f.y);
    vec3 top = mix(texel(which, x, y), texel(which, x + 1, y), t.x);
    vec3 bottom = mix(texel(which, x, y + 1), texel(which, x + 1, y + 1), t.x);
    return mix(top, bottom, t.y);
}

// The eyeball inside the lids: shifted by the gaze most at its centre and not at all at the corners or
// lids, so the iris moves while the opening keeps its outline.
vec3 eye(Surface s) {
    float u = clamp(s.uv.x, 0.0, 1.0), v = clamp(s.uv.y, 0.0, 1.0);
    float travel = sin(PI * u) * sin(PI * v) * GAZE_TRAVEL * s.scale;
    return sampleImage(0, s.reference - vec2(gazeX, gazeY) * travel);
}

// Inside a mouth opened wider than the photo: u across (0, 1 at the corners), v from the upper split edge (0)
// to the lower (1); aux.x = the opening's height and scale = the mouth's width, both in output pixels.
// No grid of teeth: a row is one soft band, shaded toward the corners, shadowed under the lip, with only the
// gap between the central incisors marked.
vec3 mouthCavity(Surface s) {
    float across = 2.0 * clamp(s.uv.x, 0.0, 1.0) - 1.0;
    float v = clamp(s.uv.y, 0.0, 1.0);
    float opening = max(s.aux.x, 0.0), width = max(s.scale, 0.0);
    float light = 1.0 - across * across;                    // darker toward the corners
    float fromTop = v * opening, fromBottom = (1.0 - v) * opening;
    // Dark cavity, deepest just under the upper teeth (their shadow), a tongue filling the lower part.
    vec3 colour = vec3(cavityR, cavityG, cavityB) * (0.45 + 0.55 * light) * (0.55 + 0.45 * smoothstep(0.0, 0.5, v));
    float tongue = (1.0 - smoothstep(0.4, 0.7, abs(across))) * (1.0 - smoothstep(0.2, 0.4, fromBottom / max(opening, 1e-3)));
    colour = mix(colour, vec3(tongueR, tongueG, tongueB) * (0.45 + 0.55 * light), tongue);
    vec3 enamel = vec3(enamelR, enamelG, enamelB) * (0.35 + 0.65 * light);   // receding into the shadow
    if ((teethRows & TEETH_UPPER) != 0) {
        float height = 0.1 * width * light;                  // tallest at the incisors
        float upper = clamp(height - fromTop + 0.5, 0.0, 1.0);      // 1 px soft edge
        float shadow = 0.7 + 0.3 * smoothstep(0.0, 0.35 * height + 0.5, fromTop);   // under the upper lip
        float midline = 1.0 - 0.18 * (1.0 - smoothstep(0.0, 0.012, abs(across)));  // between the central incisors
        colour = mix(colour, enamel * shadow * midline, upper);
    }
    if ((teethRows & TEETH_LOWER) != 0) {
        float lower = clamp(0.07 * width * light - fromBottom + 0.5, 0.0, 1.0);   // the middle teeth; the lip hides the rest
        colour = mix(colour, enamel * 0.95, lower);
    }
    return colour;
}

vec3 shade(Surface s) {
    if (s.part == PART_MOUTH_CAVITY) return mouthCavity(s);
    if (s.part == PART_LEFT_EYE || s.part == PART_RIGHT_EYE) return eye(s);
    return sampleImage(0, s.reference);
}

// The face layer's triangle `id` (its vertices) and a sample's barycentrics in it.
uvec3 faceCorners(uint id) { return uvec3(faceTriangles[3 * id], faceTriangles[3 * id + 1], faceTriangles[3 * id + 2]); }
vec3 faceWeights(uint sample_) {
    return vec3(faceBarycentrics[3 * sample_], faceBarycentrics[3 * sample_ + 1], faceBarycentrics[3 * sample_ + 2]);
}

// The face layer's surface at one sample, covered by triangle `id`.
Surface faceSurface(uint sample_, uint id) { return interpolate(faceCorners(id), faceWeights(sample_), parts[faceTriangleBase + id]); }

// Only the reference point of that surface (the first two attributes), the same arithmetic as `interpolate`.
vec2 faceReference(uint sample_, uint id) {
    uvec3 v = faceCorners(id);
    vec3 b = faceWeights(sample_);
    return vec2(b.x * vertexAttribute(v.x, 0) + b.y * vertexAttribute(v.y, 0) + b.z * vertexAttribute(v.z, 0),
                b.x * vertexAttribute(v.x, 1) + b.y * vertexAttribute(v.y, 1) + b.z * vertexAttribute(v.z, 1));
}

vec3 composite(vec3 base, Surface s) { return mix(base, shade(s), clamp(s.alpha * matteAt(s.reference), 0.0, 1.0)); }

void main() {
    uint pixel = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (pixel >= uint(outWidth * outHeight)) return;
    ivec2 xy = ivec2(int(pixel) % outWidth, int(pixel) / outWidth);
    vec2 centre = vec2(xy) + 0.5;
    vec3 colour = sampleImage(1, centre * photoScale);

    uint id = bodyIds[pixel];
    if (id != NO_TRIANGLE) {
        uvec3 v = uvec3(bodyTriangles[3 * id], bodyTriangles[3 * id + 1], bodyTriangles[3 * id + 2]);
        vec3 b = vec3(bodyBarycentrics[3 * pixel], bodyBarycentrics[3 * pixel + 1], bodyBarycentrics[3 * pixel + 2]);
        colour = composite(colour, interpolate(v, b, parts[id]));
    }
    ivec2 w = xy - ivec2(faceX, faceY);
    if (w.x >= 0 && w.y >= 0 && w.x < faceWidth && w.y < faceHeight) {
        // The middle sample (FACE_SAMPLES is odd) sits at the pixel centre and is shaded as without anti-aliasing.
        // A sample on the same triangle takes its colour without more work; one on another triangle of the same
        // part showing the photo within two pixels of the centre's point (the surface continues) too. Only samples
        // across an edge are shaded on their own: the photo inside the face is not blurred and an interior pixel
        // costs one shading.
        const int MIDDLE = FACE_SAMPLES / 2;
        int rowSamples = faceWidth * FACE_SAMPLES;
        int first = w.y * FACE_SAMPLES * rowSamples + w.x * FACE_SAMPLES;
        uint centreSample = uint(first + MIDDLE * rowSamples + MIDDLE);
        uint centreId = faceIds[centreSample];
        Surface centre;
        vec3 centreColour = colour;
        if (centreId != NO_TRIANGLE) {
            centre = faceSurface(centreSample, centreId);
            centreColour = composite(colour, centre);
        }
        float continuity = 2.0 * photoScale;
        vec3 sum = vec3(0.0);
        for (int j = 0; j < FACE_SAMPLES; j++) {
            for (int i = 0; i < FACE_SAMPLES; i++) {
                uint sample_ = uint(first + j * rowSamples + i);
                uint id = faceIds[sample_];
                if (id == centreId) {
                    sum += centreColour;
                } else if (id == NO_TRIANGLE) {
                    sum += colour;
                } else {
                    // Cheapest tests first: the part label, then the reference point, the full surface last.
                    bool continues = centreId != NO_TRIANGLE && parts[faceTriangleBase + id] == centre.part;
                    if (continues) {
                        vec2 d = faceReference(sample_, id) - centre.reference;
                        continues = dot(d, d) <= continuity * continuity;
                    }
                    sum += continues ? centreColour : composite(colour, faceSurface(sample_, id));
                }
            }
        }
        colour = sum / float(FACE_SAMPLES * FACE_SAMPLES);
    }
    result[3 * pixel] = colour.r;
    result[3 * pixel + 1] = colour.g;
    result[3 * pixel + 2] = colour.b;
}
