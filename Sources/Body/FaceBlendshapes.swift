import Foundation

/// The face's expressions as displacement fields in the head frame (the canonical axes and units:
/// cm, x to the subject's left, y up, z toward the viewer). Region weights come from the canonical
/// mesh (which vertex is lip, brow, chin); sizes that depend on this face (how far the lips or lids
/// are apart) come from the fitted neutral geometry, so e.g. lip press closes this photo's mouth.
struct FaceBlendshapes: Sendable {
    /// The jaw turns about a horizontal axis through the temporomandibular joints: in front of the
    /// ears (canonical face oval sides at z about -2.4, so a little deeper at -3) at about the level
    /// of the nose base (y -1). Turning alone would swing the chin back over 2 cm; the real condyles
    /// also glide forward as the mouth opens, so the jaw moves `jawGlide` forward with the angle.
    /// At jawOpen 1 (22 degrees) the lips part about 3 cm and the chin drops about 1.7 cm: a wide "aa" short of a
    /// yawn (adults open 4-5 cm between the incisors at most). 14 degrees (1.9 cm) read as a barely open mouth:
    /// speech's jaw values (0.3-0.6 on vowels) parted the lips less than a centimetre.
    static let jawAxisPoint = SIMD3<Float>(0, -1.0, -3.0)
    static let maxJawAngleDegrees: Float = 22
    static let jawGlide: Float = 1.1
    /// A closed upper lid comes past the lower lid's margin (its fraction of the opening beyond it) and in
    /// front of it (cm toward the viewer), so it covers the lower lash line instead of leaving a slit.
    static let blinkOvershoot: Float = 1.25
    static let blinkBulge: Float = 0.12

    /// Jaw rotation weight per vertex: 1 on the lower lip and chin, 0 on the upper lip, 0.5 at the
    /// corners (the lips blend toward it near them) and on the cheeks level with them.
    let jawWeights: [Float]
    // Displacement per vertex at weight 1 (head frame, cm).
    let smile: [SIMD3<Float>]
    let lipsPucker: [SIMD3<Float>]
    let lipsFunnel: [SIMD3<Float>]
    let upperLipRaise: [SIMD3<Float>]
    let lowerLipDown: [SIMD3<Float>]
    let cheekPuff: [SIMD3<Float>]
    let squint: [SIMD3<Float>]
    /// Each upper lid down onto its lower lid (this face's opening), the lid skin above following.
    let blinkRight: [SIMD3<Float>]
    let blinkLeft: [SIMD3<Float>]
    let browRaise: [SIMD3<Float>]
    let browDown: [SIMD3<Float>]
    /// How much each vertex follows the upper / lower lip when the lips press together.
    let upperPressWeights: [Float]
    let lowerPressWeights: [Float]
    /// Canonical x of each vertex, where the lip-press gap is looked up, and of the inner-lip columns.
    let canonicalX: [Float]
    let columnX: [Float]
    /// Inner-lip contour vertices -> their column: they take that column's gap exactly.
    let innerColumn: [Int: Int]

    /// - Parameters:
    ///   - canonical: the canonical vertex positions (region weights and falloffs).
    ///   - headFrame: this face's neutral vertices in the head frame (sizes of this face).
    init(canonical: [SIMD3<Float>], headFrame: [SIMD3<Float>], regions: FaceRegions) {
        typealias W = RegionWeights
        let count = canonical.count
        let upperInner = FaceRegions.upperLipInner
        let lowerInner = FaceRegions.lowerLipInner
        let corners: Set<Int> = [
            upperInner[0], upperInner[upperInner.count - 1],
            FaceRegions.upperLipOuter[0], FaceRegions.upperLipOuter[FaceRegions.upperLipOuter.count - 1],
        ]
        let columnMid = zip(upperInner, lowerInner).map { (canonical[$0] + canonical[$1]) / 2 }
        let columnX = columnMid.map(\.x)
        let cornerX = max(abs(columnX[0]), abs(columnX[columnX.count - 1]))
        /// How far below the line between the lips a vertex is (cm, positive below); beside the mouth
        /// the line continues level from the corners.
        func belowMouthLine(_ p: SIMD3<Float>) -> Float {
            let x = min(max(p.x, columnX[0]), columnX[columnX.count - 1])
            return W.interpolate(x, positions: columnX, values: columnMid).y - p.y
        }
        func side(_ x: Float) -> Float { x < 0 ? -1 : 1 }

        // Lip sides: how much each lip vertex follows the upper or the lower jaw. Away from the corners
        // a lip follows its own side; toward the corners both blend to a half, smoothly over
        // `cornerBlend` cm, so the thin triangles at the corners stretch instead of folding over.
        let outerCornerX = abs(canonical[FaceRegions.upperLipOuter[0]].x)
        let cornerBlend: Float = 1.2
        var upperSeeds: [Int: Float] = [:]
        var lowerSeeds: [Int: Float] = [:]
        for i in regions.upperLip.union(regions.lowerLip) {
            let own =
                corners.contains(i) ? 0.5 : 0.5 + 0.5 * W.smoothstep(0, cornerBlend, outerCornerX - abs(canonical[i].x))
            let isUpper = regions.upperLip.contains(i) && !regions.lowerLip.contains(i)
            // An upper-lip point's share of the jaw also fades with its height above the line between the lips, so
            // the lip's outline never follows the jaw more than the points below it (a wide opening would fold them).
            let height = max(0, -belowMouthLine(canonical[i]))
            let jawShare = isUpper ? (1 - own) * (1 - W.smoothstep(0, 0.4, height)) : own
            upperSeeds[i] = 1 - jawShare
            lowerSeeds[i] = jawShare
        }
        let upperSpread = W.spread(upperSeeds, radius: 1.0, over: canonical)
        let lowerSpread = W.spread(lowerSeeds, radius: 1.0, over: canonical)
        let upperSide = (0..<count).map { i in
            upperSeeds[i] != nil || belowMouthLine(canonical[i]) <= 0.05 ? upperSpread[i] : 0
        }
        let lowerSide = (0..<count).map { i in
            lowerSeeds[i] != nil || belowMouthLine(canonical[i]) >= -0.05 ? lowerSpread[i] : 0
        }

        // Jaw: the lips by side; the skin by how far below the line between the lips it is (half at
        // the level of the corners, as the corners themselves).
        // Above the line, within the mouth's width, skin follows the jaw as much as the lip vertices around it
        // (their weights spread), not by height alone: else a wide opening pulls a lip's outline down past the
        // points just inside it and the thin triangles between them fold.
        jawWeights = (0..<count).map { i in
            if let seed = lowerSeeds[i] { return seed }
            let p = canonical[i]
            let below = belowMouthLine(p)
            let byHeight = W.smoothstep(-1, 1, below)
            guard below < 0 else { return byHeight }
            let beside = W.smoothstep(cornerX - 0.3, cornerX + 0.5, abs(p.x))
            return max(byHeight * beside, lowerSpread[i])
        }

        // Smile: corners up, out and slightly back around the teeth; the cheeks rise a little. The
        // weight is a product of a horizontal and a vertical profile, both wide and smooth: the
        // lifting varies gently across the lips, so their thin triangles do not fold.
        let cornerY = canonical[FaceRegions.upperLipOuter[0]].y
        func cornerWeight(_ p: SIMD3<Float>) -> Float {
            let ax = abs(p.x)
            let across = ax <= cornerX ? W.smoothstep(cornerX - 1.6, cornerX, ax) : W.bump(ax - cornerX, radius: 2.5)
            return across * W.bump(abs(p.y - cornerY), radius: 2.0)
        }
        func cheekBump(_ p: SIMD3<Float>, centre: SIMD2<Float>, radius: Float) -> Float {
            let d = SIMD2(abs(p.x), p.y) - centre
            return W.bump((d * d).sum().squareRoot(), radius: radius)
        }
        smile = canonical.map { p in
            cornerWeight(p) * SIMD3(0.4 * side(p.x), 0.5, -0.15)
                + cheekBump(p, centre: [4.2, -1.5], radius: 2.5) * SIMD3(0, 0.2, 0.1)
        }
        cheekPuff = canonical.map { p in
            cheekBump(p, centre: [4.3, -3.5], radius: 2.8) * SIMD3(0.5 * side(p.x), 0, 0.4)
        }

        // Pucker and funnel: the lips forward and toward the midline; funnel also rounds the opening. A full pucker
        // brings each corner 55% of its way to the midline (a 5 cm mouth about 2.1 cm wide): rounded vowels narrow the
        // lips to roughly half their spread width (lip-position studies of English vowels, e.g. Fromkin 1964). At 30%
        // a pucker of a smiling photo read as the same smile.
        let lipWeights = W.spread(
            Dictionary(uniqueKeysWithValues: regions.lips.map { ($0, Float(1)) }), radius: 1.2, over: canonical)
        lipsPucker = (0..<count).map { i in
            let x = min(max(canonical[i].x, -2.5), 2.5)
            return lipWeights[i] * SIMD3(-0.55 * x, 0, 0.5)
        }
        lipsFunnel = (0..<count).map { i in
            let x = min(max(canonical[i].x, -2.5), 2.5)
            let centre = 1 - W.smoothstep(0, cornerX, abs(canonical[i].x))
            let open = centre * (0.2 * upperSide[i] - 0.25 * lowerSide[i])
            return lipWeights[i] * SIMD3(-0.15 * x, 0, 0.4) + SIMD3(0, open, 0)
        }
        upperLipRaise = upperSide.map { $0 * SIMD3(0, 0.4, 0.05) }
        lowerLipDown = lowerSide.map { $0 * SIMD3(0, -0.4, 0.05) }

        // Brows: the brow fully, the forehead above it less and less toward the hairline.
        let browSeeds = Dictionary(
            uniqueKeysWithValues: (FaceRegions.rightBrow + FaceRegions.leftBrow).map { ($0, Float(1)) })
        let browSpread = W.spread(browSeeds, radius: 1.0, over: canonical)
        let browWeights = (0..<count).map { i in
            let p = canonical[i]
            let forehead = p.y > 5.0 && abs(p.x) < 6 ? W.bump(p.y - 5.0, radius: 3.5) : 0
            return max(browSpread[i], forehead)
        }
        browRaise = browWeights.map { $0 * SIMD3(0, 0.6, 0) }
        browDown = (0..<count).map { i in
            let x = canonical[i].x
            let inner = 1 - W.smoothstep(1, 4.5, abs(x))
            return browWeights[i] * SIMD3(-0.2 * side(x) * inner, -0.5, 0)
        }

        // Squint: each lower-lid point rises a quarter of this face's lid opening at its column; the
        // skin just below follows. The upper lids and the corners stay.
        var lidSeeds: [Int: SIMD3<Float>] = [:]
        var upperLids: Set<Int> = []
        for eye in [FaceRegions.rightEye, FaceRegions.leftEye] {
            for j in eye.lowerLid.indices {
                let (upper, lower) = (eye.upperLid[j], eye.lowerLid[j])
                lidSeeds[lower] = upper == lower ? .zero : 0.25 * (headFrame[upper] - headFrame[lower])
            }
            upperLids.formUnion(eye.upperLid)
        }
        let lowestLid = lidSeeds.keys.map { canonical[$0].y }.max() ?? 0
        squint = W.spreadVectors(lidSeeds, radius: 0.8, over: canonical) { i in
            !upperLids.contains(i) && canonical[i].y < lowestLid
        }

        // Blink: each upper-lid point travels this face's whole opening at its column, so the lash line
        // lands on the lower lid; the lid skin above follows and fades out toward the brow, so the skin
        // stretches there (smooth) rather than at the lash line. Corners and lower lids stay; the eyeball
        // is a separate copy behind the lids (FaceLayerTopology), so the lid covers it, not squashes it.
        func blink(_ eye: EyeContour) -> [SIMD3<Float>] {
            var seeds: [Int: SIMD3<Float>] = [:]
            for j in eye.upperLid.indices where eye.upperLid[j] != eye.lowerLid[j] {
                let travel = headFrame[eye.lowerLid[j]] - headFrame[eye.upperLid[j]]
                seeds[eye.upperLid[j]] = Self.blinkOvershoot * travel + SIMD3(0, 0, Self.blinkBulge)
            }
            let fixed = eye.vertices
            let side = canonical[eye.outerCorner].x < 0 ? Float(-1) : 1
            let lidLine = eye.upperLid.map { canonical[$0].y }.min() ?? 0
            return W.spreadVectors(seeds, radius: 2.0, over: canonical) { i in
                !fixed.contains(i) && canonical[i].x * side > 0 && canonical[i].y > lidLine
            }
        }
        blinkRight = blink(FaceRegions.rightEye)
        blinkLeft = blink(FaceRegions.leftEye)

        // Lip press weights: the inner contours fully (their gap closes exactly), the rest of each lip side less.
        var upperPress = upperSide
        var lowerPress = lowerSide
        for i in upperInner.dropFirst().dropLast() { (upperPress[i], lowerPress[i]) = (1, 0) }
        for i in lowerInner.dropFirst().dropLast() { (upperPress[i], lowerPress[i]) = (0, 1) }
        upperPressWeights = upperPress
        lowerPressWeights = lowerPress
        canonicalX = canonical.map(\.x)
        self.columnX = columnX
        var innerColumn: [Int: Int] = [:]
        for k in upperInner.indices {
            innerColumn[upperInner[k]] = k
            innerColumn[lowerInner[k]] = k
        }
        self.innerColumn = innerColumn
    }

    /// Every vertex's displacement for `controls`, head frame. `headFrame` = the neutral vertices in
    /// the head frame (the jaw turns them about its axis).
    func displacements(_ controls: Controls, headFrame: [SIMD3<Float>]) -> [SIMD3<Float>] {
        var d = [SIMD3<Float>](repeating: .zero, count: headFrame.count)
        func add(_ field: [SIMD3<Float>], _ weight: Float) {
            guard weight != 0 else { return }
            for i in d.indices { d[i] += weight * field[i] }
        }
        add(smile, controls.smile)
        add(lipsPucker, controls.lipsPucker)
        add(lipsFunnel, controls.lipsFunnel)
        add(upperLipRaise, controls.upperLipRaise)
        add(lowerLipDown, controls.lowerLipDown)
        add(cheekPuff, controls.cheekPuff)
        add(squint, controls.squint)
        add(blinkRight, controls.blinkRight)
        add(blinkLeft, controls.blinkLeft)
        add(browRaise, controls.browRaise)
        add(browDown, controls.browDown)

        if controls.jawOpen != 0 {
            let angle = controls.jawOpen * Self.maxJawAngleDegrees * .pi / 180
            // Positive about +x: points in front of the axis swing down (the nod direction).
            let jaw = Rotation3(axis: [1, 0, 0], radians: angle)
            for i in d.indices where jawWeights[i] != 0 {
                let p = headFrame[i] + d[i] - Self.jawAxisPoint
                d[i] += jawWeights[i] * (jaw.apply(p) - p + SIMD3(0, 0, controls.jawOpen * Self.jawGlide))
            }
        }

        // Lip press last: it closes whatever gap the other controls left, to the lips' common midline.
        if controls.lipPress != 0 {
            let gaps = zip(FaceRegions.upperLipInner, FaceRegions.lowerLipInner).map { upper, lower in
                (headFrame[lower] + d[lower]) - (headFrame[upper] + d[upper])
            }
            let press = 0.5 * controls.lipPress
            var pressed = d
            for i in d.indices where upperPressWeights[i] != 0 || lowerPressWeights[i] != 0 {
                let gap =
                    innerColumn[i].map { gaps[$0] }
                    ?? RegionWeights.interpolate(canonicalX[i], positions: columnX, values: gaps)
                pressed[i] += press * (upperPressWeights[i] - lowerPressWeights[i]) * gap
            }
            d = pressed
        }
        return d
    }
}
