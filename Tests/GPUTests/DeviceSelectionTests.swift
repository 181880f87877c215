import GPU
import TestSupport
import XCTest

final class DeviceSelectionTests: GPUTestCase {
    func testSelectorParsesIndexNameAndEmpty() {
        XCTAssertEqual(DeviceSelector("1"), .index(1))
        XCTAssertEqual(DeviceSelector(" llvmpipe "), .name("llvmpipe"))
        XCTAssertEqual(DeviceSelector(""), .automatic)
    }

    func testAutomaticSelectionPicksAUsableDeviceAndRanksDiscreteFirst() throws {
        let devices = device.instance.devices
        let chosen = try DeviceSelector.automatic.choose(from: devices)
        XCTAssertNil(chosen.unusableReason)
        XCTAssertTrue(devices.filter { $0.unusableReason == nil }.allSatisfy { $0.kind >= chosen.kind })
    }

    func testUnknownDeviceNameIsAClearError() throws {
        XCTAssertThrowsError(try DeviceSelector.name("no-such-gpu").choose(from: device.instance.devices)) { error in
            guard case GPUError.deviceNotFound(let selector, let available) = error else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(selector, "no-such-gpu")
            XCTAssertFalse(available.isEmpty)
        }
        XCTAssertThrowsError(try DeviceSelector.index(99).choose(from: device.instance.devices)) { error in
            guard case GPUError.deviceNotFound(let selector, _) = error else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(selector, "99")
        }
    }
}
