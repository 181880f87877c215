import XCTest

@testable import Body

final class FaceExpressionTests: XCTestCase {
    func testJawOpenDropsChinAndLowerLipButNotTheUpperLipOrForehead() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let neutral = model.pose(.neutral)
        var controls = Controls.neutral
        controls.jawOpen = 0.6
        let open = model.pose(controls)
        let pixelsPerCm = model.similarity.scale
        func drop(_ v: Int) -> Float { open.screen(v).y - neutral.screen(v).y }
        XCTAssertGreaterThan(drop(FaceRegions.chin), 0.5 * pixelsPerCm)
        XCTAssertGreaterThan(drop(14), 0.5 * pixelsPerCm)
        XCTAssertLessThan(length(open.screen(13) - neutral.screen(13)), 0.05)
        XCTAssertLessThan(length(open.screen(FaceRegions.forehead) - neutral.screen(FaceRegions.forehead)), 0.05)
        // Full opening, a wide "aa" short of a yawn (adults open 4-5 cm between the incisors at most): the lips
        // part 2.4 to 3.4 cm, the chin drops 1.5 to 3.5 cm (measured in pixels per cm at the head centre; the
        // mouth is about 10% closer, so it looks that much larger).
        controls.jawOpen = 1
        let wide = model.pose(controls)
        let parting = (wide.screen(14).y - wide.screen(13).y) - (neutral.screen(14).y - neutral.screen(13).y)
        XCTAssertGreaterThan(parting, 2.4 * pixelsPerCm, "\(parting / pixelsPerCm) cm")
        XCTAssertLessThan(parting, 3.4 * pixelsPerCm, "\(parting / pixelsPerCm) cm")
        let chinDrop = wide.screen(FaceRegions.chin).y - neutral.screen(FaceRegions.chin).y
        XCTAssertGreaterThan(chinDrop, 1.5 * pixelsPerCm, "\(chinDrop / pixelsPerCm) cm")
        XCTAssertLessThan(chinDrop, 3.5 * pixelsPerCm, "\(chinDrop / pixelsPerCm) cm")
    }

    func testTheCavityStripOpensOnlyWithTheJaw() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let neutral = model.pose(.neutral)
        XCTAssertLessThan(neutral.area(of: .mouthCavity), 1e-3)
        XCTAssertGreaterThan(neutral.area(of: .mouthInterior), 10) // the canonical mouth is slightly open
        var controls = Controls.neutral
        controls.jawOpen = 0.5
        let open = model.pose(controls)
        XCTAssertGreaterThan(open.area(of: .mouthCavity), 100)
        // Cavity vertices report this frame's opening and mouth width.
        let (a, b) = (468 + 4, 468 + 9 + 4) // the middle column (13 / 14)
        XCTAssertEqual(open.attribute(a, 5), length(open.screen(a) - open.screen(b)), accuracy: 1e-3)
        XCTAssertGreaterThan(open.attribute(a, 5), 5)
        XCTAssertEqual(neutral.attribute(a, 5), 0, accuracy: 1e-3)
        XCTAssertEqual(open.attribute(b, 7), length(open.screen(308) - open.screen(78)), accuracy: 1e-3)
        XCTAssertEqual(open.attribute(a, 4), 0)
        XCTAssertEqual(open.attribute(b, 4), 1)
        XCTAssertEqual(open.attribute(a, 3), 0.5, accuracy: 0.05)
    }

    func testUpperTeethGivenToTheUpperJawStayUnderTheUpperLipAsTheJawOpens() throws {
        let canonical = try CanonicalFace.shipped()
        let lowerLip = FaceRegions(canonical: canonical).lowerLip.subtracting([61, 291, 78, 308])
        var synthetic = SyntheticFace(canonical: canonical)
        synthetic.edit = { i, p in lowerLip.contains(i) ? p - SIMD3(0, 0.6, 0) : p } // a smile's open lips
        let upperJaw = MouthInteriorSplit(
            upperShares: Array(repeating: 1, count: MouthInteriorSplit.columnCount),
            showsUpperTeeth: true, showsLowerTeeth: false)
        let model = try FaceModel.fit(
            landmarks: synthetic.landmarks, imageWidth: SyntheticFace.width,
            imageHeight: SyntheticFace.height, mouthSplit: upperJaw)
        let neutral = model.pose(.neutral)
        let (a, b) = (468 + 4, 468 + 9 + 4) // the middle column's interior vertices (under 13, over 14)
        // At neutral the split sits on the lower lip: the whole photo opening is the upper strip, nothing changed.
        XCTAssertEqual(neutral.screen(a).x, neutral.screen(14).x, accuracy: 0.05)
        XCTAssertEqual(neutral.screen(a).y, neutral.screen(14).y, accuracy: 0.05)
        XCTAssertLessThan(neutral.area(of: .mouthCavity), 1e-3)
        var controls = Controls.neutral
        controls.jawOpen = 0.8
        let open = model.pose(controls)
        // The upper strip keeps its height under the upper lip; the cavity opens between it and the lower lip.
        let teethHeight = neutral.screen(14).y - neutral.screen(13).y
        XCTAssertEqual(open.screen(a).y - open.screen(13).y, teethHeight, accuracy: 0.1 * teethHeight)
        XCTAssertEqual(open.screen(b).y, open.screen(14).y, accuracy: 0.5)
        XCTAssertGreaterThan(
            open.screen(b).y - open.screen(a).y, 0.8 * model.similarity.scale, "the cavity opens below the teeth")
    }

    func testLipPressClosesAnOpenMouth() throws {
        let canonical = try CanonicalFace.shipped()
        let lowerLip = FaceRegions(canonical: canonical).lowerLip.subtracting([61, 291, 78, 308])
        var synthetic = SyntheticFace(canonical: canonical)
        synthetic.edit = { i, p in lowerLip.contains(i) ? p - SIMD3(0, 0.8, 0) : p } // an open mouth
        let model = try synthetic.fitted()
        let neutral = model.pose(.neutral)
        XCTAssertGreaterThan(length(neutral.screen(14) - neutral.screen(13)), 0.9 * model.similarity.scale)
        var controls = Controls.neutral
        controls.lipPress = 1
        let pressed = model.pose(controls)
        for (upper, lower) in zip(FaceRegions.upperLipInner, FaceRegions.lowerLipInner) {
            XCTAssertLessThan(length(pressed.screen(upper) - pressed.screen(lower)), 0.1, "\(upper)/\(lower)")
        }
        XCTAssertLessThan(pressed.area(of: .mouthInterior), 0.01 * neutral.area(of: .mouthInterior))
        // They meet in the middle: the upper lip came down by about half the gap.
        let upperMove = pressed.screen(13).y - neutral.screen(13).y
        let gap = neutral.screen(14).y - neutral.screen(13).y
        XCTAssertEqual(upperMove, gap / 2, accuracy: 0.1 * gap)
    }

    func testSmileLiftsTheCornersUpAndOut() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let neutral = model.pose(.neutral)
        var controls = Controls.neutral
        controls.smile = 1
        let smiling = model.pose(controls)
        let right = smiling.screen(61) - neutral.screen(61)
        let left = smiling.screen(291) - neutral.screen(291)
        let pixelsPerCm = model.similarity.scale
        XCTAssertLessThan(right.y, -0.3 * pixelsPerCm) // up
        XCTAssertLessThan(left.y, -0.3 * pixelsPerCm)
        XCTAssertLessThan(right.x, -0.2 * pixelsPerCm) // 61 is on the viewer's left: outward is -x
        XCTAssertGreaterThan(left.x, 0.2 * pixelsPerCm)
        XCTAssertLessThan(length(smiling.screen(FaceRegions.forehead) - neutral.screen(FaceRegions.forehead)), 0.01)
    }

    func testBrowsSquintAndLipRaisesMoveTheirRegionsTheRightWay() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let neutral = model.pose(.neutral)
        func moved(_ edit: (inout Controls) -> Void, _ v: Int) -> SIMD2<Float> {
            var controls = Controls.neutral
            edit(&controls)
            return model.pose(controls).screen(v) - neutral.screen(v)
        }
        let cm = model.similarity.scale
        XCTAssertLessThan(moved({ $0.browRaise = 1 }, 105).y, -0.5 * cm)
        XCTAssertLessThan(abs(moved({ $0.browRaise = 1 }, 159).y), 0.05 * cm) // upper lid stays
        XCTAssertGreaterThan(moved({ $0.browDown = 1 }, 334).y, 0.4 * cm)
        XCTAssertLessThan(moved({ $0.upperLipRaise = 1 }, 0).y, -0.3 * cm)
        XCTAssertGreaterThan(moved({ $0.lowerLipDown = 1 }, 17).y, 0.3 * cm)
        // Squint: the lower lid rises a quarter of the opening; the upper lid stays.
        let opening = neutral.screen(145).y - neutral.screen(159).y
        XCTAssertEqual(moved({ $0.squint = 1 }, 145).y, -0.25 * opening, accuracy: 0.02 * opening)
        XCTAssertLessThan(length(moved({ $0.squint = 1 }, 159)), 0.01)
        // Pucker narrows the mouth to about half its width (each corner over 1.2 cm inward of ~2.5); cheek puff pushes
        // the cheek outward.
        XCTAssertGreaterThan(moved({ $0.lipsPucker = 1 }, 61).x, 1.2 * cm)
        XCTAssertLessThan(moved({ $0.lipsPucker = 1 }, 291).x, -1.2 * cm)
        XCTAssertLessThan(moved({ $0.cheekPuff = 1 }, 207).x, -0.1 * cm)
    }
}

final class FaceExpressionShapeTests: XCTestCase {
    /// Every expression at full weight keeps the front-facing skin and lip triangles from folding over.
    func testNoExpressionFoldsTheVisibleSkin() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let neutral = model.pose(.neutral)
        func signedArea(_ mesh: ScreenMesh, _ t: Int) -> Float {
            let a = mesh.screen(Int(mesh.triangles[3 * t]))
            let b = mesh.screen(Int(mesh.triangles[3 * t + 1]))
            let c = mesh.screen(Int(mesh.triangles[3 * t + 2]))
            return (b - a).x * (c - a).y - (b - a).y * (c - a).x
        }
        let skin: Set<UInt32> = [BodyPart.faceSkin.rawValue, BodyPart.lips.rawValue]
        // Front-facing ones: near the silhouette a triangle seen edge-on may legitimately turn away.
        let watched = (0..<neutral.triangleCount).filter { t in
            skin.contains(neutral.parts[t]) && abs(signedArea(neutral, t)) > 2
                && (0..<3).allSatisfy { neutral.normal(Int(neutral.triangles[3 * t + $0])).z < -0.5 }
        }
        XCTAssertGreaterThan(watched.count, 500)
        let edits: [(String, (inout Controls) -> Void)] = [
            ("jawOpen", { $0.jawOpen = 1 }), ("smile", { $0.smile = 1 }), ("lipsPucker", { $0.lipsPucker = 1 }),
            ("lipsFunnel", { $0.lipsFunnel = 1 }), ("lipPress", { $0.lipPress = 1 }),
            ("upperLipRaise", { $0.upperLipRaise = 1 }),
            ("lowerLipDown", { $0.lowerLipDown = 1 }), ("cheekPuff", { $0.cheekPuff = 1 }),
            ("squint", { $0.squint = 1 }),
            ("browRaise", { $0.browRaise = 1 }), ("browDown", { $0.browDown = 1 }),
            (
                "jaw+smile",
                {
                    $0.jawOpen = 1
                    $0.smile = 1
                }
            ),
            (
                "jaw+pucker",
                {
                    $0.jawOpen = 0.5
                    $0.lipsPucker = 1
                }
            ),
            (
                "jaw+press",
                {
                    $0.jawOpen = 0.6
                    $0.lipPress = 1
                }
            ),
            (
                "funnel+lowerLip",
                {
                    $0.lipsFunnel = 1
                    $0.lowerLipDown = 1
                }
            ),
            (
                "squint+browDown+puff",
                {
                    $0.squint = 1
                    $0.browDown = 1
                    $0.cheekPuff = 1
                }
            ),
        ]
        for (name, edit) in edits {
            var controls = Controls.neutral
            edit(&controls)
            let posed = model.pose(controls)
            let folded = watched.filter { signedArea(posed, $0) * signedArea(neutral, $0) <= 0 }
            XCTAssertEqual(folded, [], "\(name) folds triangles")
        }
    }

    func testAPhotoWithTouchingLipsStillOpensTheCavity() throws {
        let canonical = try CanonicalFace.shipped()
        let upperInner = FaceRegions.upperLipInner
        let lowerInner = FaceRegions.lowerLipInner
        var synthetic = SyntheticFace(canonical: canonical)
        // Close the canonical mouth: each lower inner-lip point onto its upper partner.
        let partner = Dictionary(uniqueKeysWithValues: zip(lowerInner, upperInner))
        synthetic.edit = { i, p in partner[i].map { canonical.vertices[$0] } ?? p }
        let model = try synthetic.fitted()
        XCTAssertLessThan(model.pose(.neutral).area(of: .mouthInterior), 1e-3)
        var controls = Controls.neutral
        controls.jawOpen = 0.5
        XCTAssertGreaterThan(model.pose(controls).area(of: .mouthCavity), 100)
    }
}
