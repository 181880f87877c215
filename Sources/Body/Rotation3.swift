import Foundation

/// A 3x3 rotation (or any linear map) stored by rows; applied to column vectors.
public struct Rotation3: Sendable, Hashable {
    public var row0: SIMD3<Float>, row1: SIMD3<Float>, row2: SIMD3<Float>

    public init(rows r0: SIMD3<Float>, _ r1: SIMD3<Float>, _ r2: SIMD3<Float>) {
        row0 = r0
        row1 = r1
        row2 = r2
    }

    public var rows: (SIMD3<Float>, SIMD3<Float>, SIMD3<Float>) { (row0, row1, row2) }

    public static let identity = Rotation3(rows: [1, 0, 0], [0, 1, 0], [0, 0, 1])

    /// Rotation by `radians` about the unit `axis` (right-handed).
    public init(axis: SIMD3<Float>, radians: Float) {
        let (c, s) = (Float(cos(Double(radians))), Float(sin(Double(radians))))
        let t = 1 - c
        let (x, y, z) = (axis.x, axis.y, axis.z)
        self.init(
            rows: [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
            [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
            [t * x * z - s * y, t * y * z + s * x, t * z * z + c])
    }

    public func apply(_ v: SIMD3<Float>) -> SIMD3<Float> {
        SIMD3((rows.0 * v).sum(), (rows.1 * v).sum(), (rows.2 * v).sum())
    }

    public var transposed: Rotation3 {
        Rotation3(
            rows: [rows.0.x, rows.1.x, rows.2.x], [rows.0.y, rows.1.y, rows.2.y], [rows.0.z, rows.1.z, rows.2.z])
    }

    public static func * (a: Rotation3, b: Rotation3) -> Rotation3 {
        let bt = b.transposed
        func row(_ r: SIMD3<Float>) -> SIMD3<Float> {
            SIMD3((r * bt.rows.0).sum(), (r * bt.rows.1).sum(), (r * bt.rows.2).sum())
        }
        return Rotation3(rows: row(a.rows.0), row(a.rows.1), row(a.rows.2))
    }

    public var determinant: Float {
        let (a, b, c) = rows
        return a.x * (b.y * c.z - b.z * c.y) - a.y * (b.x * c.z - b.z * c.x) + a.z * (b.x * c.y - b.y * c.x)
    }
}

/// A rotation about a pivot followed by a translation: p -> R (p - pivot) + pivot + t.
public struct RigidTransform: Sendable, Hashable {
    public var rotation: Rotation3
    public var pivot: SIMD3<Float>
    public var translation: SIMD3<Float>

    public init(rotation: Rotation3 = .identity, pivot: SIMD3<Float> = .zero, translation: SIMD3<Float> = .zero) {
        self.rotation = rotation
        self.pivot = pivot
        self.translation = translation
    }

    public static let identity = RigidTransform()

    public func apply(_ p: SIMD3<Float>) -> SIMD3<Float> { rotation.apply(p - pivot) + pivot + translation }
}

extension RigidTransform {
    /// This transform, then `next`: p -> next(self(p)), as one rotation about the origin plus a translation.
    public func followed(by next: RigidTransform) -> RigidTransform {
        let rotation = next.rotation * self.rotation
        let moved = self.rotation.apply(-pivot) + pivot + translation // self(0)
        let translation = next.apply(moved)
        return RigidTransform(rotation: rotation, pivot: .zero, translation: translation)
    }
}
