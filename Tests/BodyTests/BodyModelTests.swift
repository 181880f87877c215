import XCTest

@testable import Body

final class BodyModelTests: XCTestCase {
    private func nearestVertex(_ model: BodyModel, to p: SIMD2<Float>) -> Int {
        var best = 0
        for (i, q) in model.referencePoints.enumerated() where (q - p).length < (model.referencePoints[best] - p).length
        {
            best = i
        }
        return best
    }

    private func displacement(_ mesh: ScreenMesh, _ model: BodyModel, _ vertex: Int) -> SIMD2<Float> {
        mesh.screenPoint(vertex) - model.referencePoints[vertex]
    }

    func testNeutralControlsPutEveryVertexOnItsReferencePoint() throws {
        let subject = try SyntheticSubject()
        for model in [try subject.fit(), try subject.fit(withPose: false)] {
            let mesh = model.pose(.neutral, head: model.headCarrier(.neutral))
            XCTAssertEqual(mesh.vertexCount, model.referencePoints.count)
            XCTAssertEqual(mesh.attributes.count, mesh.vertexCount * VertexAttributes.stride)
            XCTAssertEqual(mesh.normals.count, mesh.vertexCount * 3)
            XCTAssertEqual(mesh.parts.count, mesh.triangleCount)
            var worst: Float = 0
            for v in 0..<mesh.vertexCount {
                let a = v * VertexAttributes.stride
                XCTAssertEqual(mesh.attributes[a + 2], 1)
                XCTAssertEqual(Array(mesh.attributes[(a + 3)..<(a + 8)]), [0, 0, 0, 0, 0])
                let reference = SIMD2(mesh.attributes[a], mesh.attributes[a + 1])
                XCTAssertEqual(reference, model.referencePoints[v])
                worst = max(worst, (mesh.screenPoint(v) - reference).length)
                XCTAssertGreaterThan(mesh.positions[3 * v + 2], 0)
            }
            XCTAssertLessThan(worst, 1e-3)
        }
    }

    func testMeshCoversThePersonAndNotTheEmptyCorners() throws {
        let subject = try SyntheticSubject()
        let model = try subject.fit()
        XCTAssertEqual(model.gridSpacing, 4)
        XCTAssertTrue(model.triangles.allSatisfy { Int($0) < model.referencePoints.count })
        // Every person pixel lies in some kept lattice cell: its nearest lattice vertex is in the mesh.
        for (x, y) in [(128, 40), (128, 250), (60, 200), (200, 180)] {
            XCTAssertGreaterThan(subject.mask[y * subject.width + x], 0.5)
            let nearest = model.referencePoints[nearestVertex(model, to: [Float(x) + 0.5, Float(y) + 0.5])]
            XCTAssertLessThan((nearest - SIMD2(Float(x) + 0.5, Float(y) + 0.5)).length, 3)
        }
        // The top corners are background far from the person.
        let corner = model.referencePoints[nearestVertex(model, to: [0.5, 0.5])]
        XCTAssertGreaterThan(corner.length, 20)
        XCTAssertTrue(model.referencePoints.contains { $0.y == 255.5 }, "the lattice reaches the bottom pixel row")
    }

    func testSkinWeightsAreAtMostFourAndSumToOne() throws {
        let model = try SyntheticSubject().fit()
        var bonesSeen = Set<Bone>()
        for skin in model.skinWeights {
            XCTAssertLessThanOrEqual(skin.influences.count, 4)
            XCTAssertEqual(skin.influences.reduce(0) { $0 + $1.weight }, 1, accuracy: 1e-5)
            for influence in skin.influences {
                XCTAssert((0...1).contains(influence.weight))
                bonesSeen.insert(influence.bone)
            }
        }
        XCTAssertEqual(bonesSeen, Set(Bone.allCases))
    }

    func testPartsLabelHeadNeckTorsoAndBothArms() throws {
        let subject = try SyntheticSubject()
        let model = try subject.fit()
        func part(near p: SIMD2<Float>) -> BodyPart? {
            var best = 0
            var bestDistance = Float.infinity
            for t in 0..<model.parts.count {
                let c = (0..<3).map { model.referencePoints[Int(model.triangles[3 * t + $0])] }.reduce(.zero, +) / 3
                if (c - p).length < bestDistance { (best, bestDistance) = (t, (c - p).length) }
            }
            return BodyPart(rawValue: model.parts[best])
        }
        XCTAssertEqual(part(near: subject.chin - [0, subject.faceHeight * 0.8]), .head)
        XCTAssertEqual(part(near: subject.chin + [0, 0.3 * subject.faceHeight]), .neck)
        XCTAssertEqual(part(near: [128, 240]), .torso)
        XCTAssertEqual(part(near: (subject.leftElbow + subject.leftWrist) / 2), .leftArm)
        XCTAssertEqual(
            part(near: (subject.rightElbow + subject.rightShoulder) / 2 + [0, 0.2 * subject.faceHeight]), .rightArm)
    }

    func testHeadRegionLiesJustBehindTheFace() throws {
        let subject = try SyntheticSubject()
        let model = try subject.fit()
        let nose = subject.face.camera.project(subject.face.vertices[1])
        let v = nearestVertex(model, to: [nose.x, nose.y])
        XCTAssertLessThan((model.referencePoints[v] - SIMD2(nose.x, nose.y)).length, 3)
        let faceDepths = subject.face.vertices.map(\.z)
        let z = model.neutralVertices[v].z
        XCTAssertGreaterThan(z, faceDepths.min()! + 0.3 - 1e-3)
        XCTAssertLessThan(z, faceDepths.max()! + 0.3)
        // Far below the face the surface is the flat body plane behind the face.
        let chest = model.neutralVertices[nearestVertex(model, to: [128, 250])].z
        let sorted = faceDepths.sorted()
        XCTAssertEqual(chest, sorted[sorted.count / 2] + 4, accuracy: 1e-3)
    }

    func testHeadTurnMovesTheHeadBendsTheNeckAndLeavesTheLowerTorso() throws {
        let subject = try SyntheticSubject()
        let model = try subject.fit()
        let yaw = RigidTransform(
            rotation: Rotation3(axis: [0, 1, 0], radians: 20 * .pi / 180), pivot: subject.face.neckPivot)
        let mesh = model.pose(.neutral, head: yaw)
        let forehead = nearestVertex(model, to: subject.chin - [0, 0.8 * subject.faceHeight])
        XCTAssertGreaterThan(displacement(mesh, model, forehead).length, 2)
        var lowest = 0
        for v in 0..<mesh.vertexCount where model.referencePoints[v].y > 230 {
            XCTAssertLessThan(displacement(mesh, model, v).length, 0.01)
            lowest += 1
        }
        XCTAssertGreaterThan(lowest, 20)
        let neck = nearestVertex(model, to: subject.chin + [0, 0.3 * subject.faceHeight])
        let headWeight = model.skinWeights[neck].weight(of: .head)
        XCTAssert((0.1...0.9).contains(headWeight), "neck head weight \(headWeight)")
        let rigid = model.camera.project(yaw.apply(model.neutralVertices[neck]))
        let fullMove = (SIMD2(rigid.x, rigid.y) - model.referencePoints[neck]).length
        let neckMove = displacement(mesh, model, neck).length
        XCTAssertGreaterThan(neckMove, 0.1 * fullMove)
        XCTAssertLessThan(neckMove, 0.9 * fullMove)
    }

    func testShrugRaisesTheShouldersButNotTheHead() throws {
        for withPose in [true, false] {
            let subject = try SyntheticSubject()
            let model = try subject.fit(withPose: withPose)
            var c = Controls.neutral
            c.shoulderShrug = 0.15
            let mesh = model.pose(c, head: .identity)
            for shoulder in [model.skeleton.left.shoulder, model.skeleton.right.shoulder] {
                let v = nearestVertex(model, to: shoulder)
                let d = displacement(mesh, model, v)
                XCTAssertLessThan(d.y, -0.1 * subject.faceHeight * 0.15 * 5, "shoulder lifts (pose: \(withPose))")
            }
            let top = nearestVertex(model, to: subject.chin - [0, 1.1 * subject.faceHeight])
            XCTAssertLessThan(displacement(mesh, model, top).length, 1e-3)
            let bottom = nearestVertex(model, to: [128, 255])
            XCTAssertLessThan(displacement(mesh, model, bottom).length, 1e-3)
        }
    }

    func testArmRaiseSwingsThatArmOutwardAndLeavesTheOther() throws {
        let subject = try SyntheticSubject()
        let model = try subject.fit()
        let leftElbow = nearestVertex(model, to: subject.leftElbow)
        let rightElbow = nearestVertex(model, to: subject.rightElbow)
        var c = Controls.neutral
        c.leftArmRaise = 25
        var mesh = model.pose(c, head: .identity)
        // The subject's left arm hangs on the viewer's right: outward is +x, and the elbow rises.
        XCTAssertGreaterThan(displacement(mesh, model, leftElbow).x, 5)
        XCTAssertLessThan(displacement(mesh, model, leftElbow).y, -0.5)
        XCTAssertLessThan(displacement(mesh, model, rightElbow).length, 1e-3)
        c = .neutral
        c.rightArmRaise = 25
        mesh = model.pose(c, head: .identity)
        XCTAssertLessThan(displacement(mesh, model, rightElbow).x, -5)
        XCTAssertLessThan(displacement(mesh, model, leftElbow).length, 1e-3)
    }

    func testElbowFlexBringsTheForearmTowardTheCameraAndKeepsTheUpperArm() throws {
        let subject = try SyntheticSubject()
        let model = try subject.fit()
        let wrist = nearestVertex(model, to: subject.leftWrist)
        // The wrist lies on the frame's bottom edge, which stays put (border pinning); the forearm above it moves.
        let forearm = nearestVertex(model, to: subject.leftElbow + 0.25 * (subject.leftWrist - subject.leftElbow))
        let upperArm = nearestVertex(
            model, to: (subject.leftShoulder + subject.leftElbow) / 2 + [0, 0.1 * subject.faceHeight])
        var c = Controls.neutral
        c.leftElbowFlex = 60
        let mesh = model.pose(c, head: .identity)
        XCTAssertLessThan(mesh.positions[3 * wrist + 2], model.neutralVertices[wrist].z - 1)
        XCTAssertGreaterThan(displacement(mesh, model, forearm).length, 1)
        XCTAssertLessThan(displacement(mesh, model, upperArm).length, 1e-3)
    }

    func testTorsoRollTurnsAboutTheBottomAndCarriesTheHead() throws {
        let subject = try SyntheticSubject()
        let model = try subject.fit()
        var c = Controls.neutral
        c.torsoRoll = 8
        let carrier = model.headCarrier(c)
        let mesh = model.pose(c, head: carrier)
        // Clockwise on screen: the viewer's-left shoulder goes up, the right one down.
        XCTAssertLessThan(displacement(mesh, model, nearestVertex(model, to: model.skeleton.right.shoulder)).y, -1)
        XCTAssertGreaterThan(displacement(mesh, model, nearestVertex(model, to: model.skeleton.left.shoulder)).y, 1)
        // The head goes where the torso takes the neck: to the viewer's right.
        let forehead = nearestVertex(model, to: subject.chin - [0, 0.8 * subject.faceHeight])
        XCTAssertGreaterThan(displacement(mesh, model, forehead).x, 5)
        // The pivot (bottom centre) stays.
        let pivot = SIMD2<Float>(model.skeleton.shoulderCenter.x, 255.5)
        let bottom = nearestVertex(model, to: pivot)
        let offset = (model.referencePoints[bottom] - pivot).length
        XCTAssertLessThan(offset, 3)
        XCTAssertLessThan(displacement(mesh, model, bottom).length, offset * 0.15 + 1e-3)
    }

    func testTheImageBorderKeepsThePhotosPixelsWhileTheBodyMoves() throws {
        // The synthetic person is cut by the bottom edge, like a head-and-shoulders photo.
        let subject = try SyntheticSubject()
        let model = try subject.fit()
        var c = Controls.neutral
        c.torsoRoll = 12
        c.shoulderShrug = 0.25
        c.leftArmRaise = 30
        let mesh = model.pose(c, head: model.headCarrier(c))
        let reach = BodyModel.borderPinReach(width: model.width, height: model.height, spacing: model.gridSpacing)
        var onBorder = 0
        var moved = 0
        for v in 0..<mesh.vertexCount {
            let p = model.referencePoints[v]
            let inside = min(p.x, p.y, Float(model.width) - p.x, Float(model.height) - p.y)
            let d = displacement(mesh, model, v).length
            let onPerson =
                model.matte[min(Int(p.y), model.height - 1) * model.width + min(Int(p.x), model.width - 1)] == 1
            if inside <= 0.5 && onPerson {
                onBorder += 1
                XCTAssertLessThan(d, 0.3, "vertex \(v) at \(p) on the border stays")
            } else if inside > reach && d > 2 {
                moved += 1
            }
        }
        XCTAssertGreaterThan(onBorder, 10, "the person reaches the bottom edge")
        // The head stops short of the top edge: nothing there is pinned, however close.
        XCTAssertEqual((0..<model.width).map { model.matte[$0] }.max(), 0, "the top row is background")
        for v in 0..<mesh.vertexCount
        where model.referencePoints[v].y < reach && model.referencePoints[v].x > reach
            && model.referencePoints[v].x < Float(model.width) - reach
        {
            XCTAssertEqual(model.borderPins[v], 0, "vertex \(v) near the top edge")
        }
        XCTAssertGreaterThan(moved, 50, "away from the border the pose still moves the body")
        XCTAssertGreaterThan(model.borderPins.max() ?? 0, 0.99)
        XCTAssertEqual(model.borderPins.min(), 0)
    }

    func testBreathLiftsTheChestSlightlyAndTheHeadWithIt() throws {
        let subject = try SyntheticSubject()
        let model = try subject.fit()
        var c = Controls.neutral
        c.breath = 1
        let mesh = model.pose(c, head: model.headCarrier(c))
        let shoulder = displacement(mesh, model, nearestVertex(model, to: model.skeleton.left.shoulder))
        XCTAssertLessThan(shoulder.y, -0.005 * subject.faceHeight)
        XCTAssertGreaterThan(shoulder.y, -0.02 * subject.faceHeight)
        let forehead = displacement(
            mesh, model, nearestVertex(model, to: subject.chin - [0, 0.8 * subject.faceHeight]))
        XCTAssertLessThan(forehead.y, -0.005 * subject.faceHeight)
    }

    func testNormalsAreUnitAndFaceTheCamera() throws {
        let model = try SyntheticSubject().fit()
        var c = Controls.neutral
        c.leftArmRaise = 20
        c.torsoRoll = -5
        let mesh = model.pose(c, head: model.headCarrier(c))
        for v in 0..<mesh.vertexCount {
            let n = SIMD3(mesh.normals[3 * v], mesh.normals[3 * v + 1], mesh.normals[3 * v + 2])
            XCTAssertEqual((n * n).sum(), 1, accuracy: 1e-4)
            XCTAssertLessThan(n.z, 0)
        }
    }

    func testWithoutPoseTheShouldersAreEstimatedFromTheFace() throws {
        let subject = try SyntheticSubject()
        let model = try subject.fit(withPose: false)
        XCTAssertTrue(model.skeleton.shouldersEstimated)
        XCTAssertNil(model.skeleton.left.elbow)
        XCTAssertGreaterThan(model.skeleton.left.shoulder.x, model.skeleton.right.shoulder.x)
        XCTAssertGreaterThan(model.skeleton.left.shoulder.y, subject.chin.y)
        XCTAssertEqual(model.skeleton.left.shoulder.x, subject.leftShoulder.x, accuracy: 0.2 * subject.faceWidth)
        XCTAssertFalse(
            model.skinWeights.contains { $0.influences.contains { [.leftUpperArm, .rightUpperArm].contains($0.bone) } })
        let withPose = try subject.fit()
        XCTAssertFalse(withPose.skeleton.shouldersEstimated)
        XCTAssertNil(withPose.skeleton.hipCenter, "barely visible hips are not used")
    }

    func testOneHiddenShoulderIsMirroredFromTheOther() throws {
        let subject = try SyntheticSubject()
        var pose = subject.pose
        pose[12].visibility = 0.2
        let model = try BodyModel.fit(
            mask: subject.mask, width: subject.width, height: subject.height,
            pose: pose, face: subject.face)
        XCTAssertFalse(model.skeleton.shouldersEstimated)
        XCTAssertEqual(model.skeleton.left.shoulder, subject.leftShoulder)
        XCTAssertLessThan((model.skeleton.right.shoulder - subject.rightShoulder).length, 1)
    }

    func testEmptyMaskThrowsNoPersonFound() throws {
        let subject = try SyntheticSubject()
        let empty = [Float](repeating: 0.1, count: subject.width * subject.height)
        XCTAssertThrowsError(
            try BodyModel.fit(
                mask: empty, width: subject.width, height: subject.height,
                pose: nil, face: subject.face)
        ) { error in
            XCTAssertEqual(error as? BodyFitError, .noPersonFound)
            XCTAssertTrue("\(error)".contains("No person found in the photo"))
        }
        var broken = subject.face
        broken.vertices.removeLast()
        XCTAssertThrowsError(
            try BodyModel.fit(
                mask: subject.mask, width: subject.width, height: subject.height,
                pose: nil, face: broken)
        ) { error in
            guard case .invalidFaceGeometry = error as? BodyFitError else { return XCTFail("\(error)") }
        }
    }

    func testFullHDMeshStaysSmall() throws {
        let subject = try SyntheticSubject(
            width: 1920, height: 1080, faceCenterX: 0.5, faceCenterY: 0.3,
            faceHeightFraction: 0.12)
        let model = try subject.fit()
        XCTAssertEqual(model.gridSpacing, 30)
        XCTAssertGreaterThan(model.triangles.count / 3, 500)
        XCTAssertLessThan(model.triangles.count / 3, 20_000)
        let mesh = model.pose(.neutral, head: .identity)
        for v in 0..<mesh.vertexCount {
            XCTAssertLessThan((mesh.screenPoint(v) - model.referencePoints[v]).length, 1e-3)
        }
    }
}
