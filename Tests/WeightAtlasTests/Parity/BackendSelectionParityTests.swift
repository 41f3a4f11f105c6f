import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Backend selection and the device listing, on whatever devices this machine has.
@Suite struct BackendSelectionParityTests {
    @Test func cpuIsCPU() throws {
        guard case .cpu(_, let reason) = try BackendSelection.select(.cpu) else {
            Issue.record("--backend cpu did not select the CPU")
            return
        }
        #expect(reason == nil)
    }

    @Test func autoNeverPicksAnOpenCLCPUDevice() throws {
        let devices = (try? OpenCL.Device.all()) ?? []
        switch try BackendSelection.select(.auto) {
        case .openCL(let backend):
            #expect(backend.device.isGPUOrAccelerator)
        case .cpu(_, let reason):
            let why = try #require(reason)
            #expect(!why.isEmpty && !why.contains("\n"))
            if !devices.contains(where: \.isGPUOrAccelerator) { #expect(why.contains("no OpenCL")) }
        }
    }

    @Test func demandingAMissingDeviceThrows() {
        #expect(throws: BackendError.self) { try BackendSelection.select(.opencl, deviceIndex: 10_000) }
    }

    @Test(.enabled(if: ParityEnvironment.shouldRun, "no OpenCL device (set CI=true to make this a failure)"))
    func demandingADeviceByIndex() throws {
        let devices = try OpenCL.Device.all()
        let last = try #require(devices.last, "CI=true but no OpenCL device is available")
        guard case .openCL(let backend) = try BackendSelection.select(.opencl, deviceIndex: last.index) else {
            Issue.record("--backend opencl did not select OpenCL")
            return
        }
        #expect(backend.device.index == last.index && backend.device.name == last.name)
    }

    @Test func listingNamesEveryDeviceAndTheAutoPick() {
        let listing = OpenCLDeviceListing.current()
        let text = listing.description
        for device in listing.devices { #expect(text.contains("[\(device.index)] \(device.name)")) }
        #expect(text.contains("auto: "))
        if let pick = listing.autoPick { #expect(listing.devices[pick].isGPUOrAccelerator) }
    }
}
