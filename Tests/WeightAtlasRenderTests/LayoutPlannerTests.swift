import Testing
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

@Suite struct LayoutPlannerTests {
    static func tensor(_ shape: [Int], order: ElementOrder = .rowMajor) -> TensorInfo {
        TensorInfo(name: "t", dtype: .f32, shape: shape, byteRange: 0..<(shape.reduce(1, *) * 4), order: order)
    }

    static func plan(_ shape: [Int], _ configure: (inout RenderOptions) -> Void = { _ in }) -> LayoutPlan {
        var options = RenderOptions()
        configure(&options)
        return LayoutPlanner(options: options).plan(tensor(shape))
    }

    @Test func seedCaseDenseRowsBecomeRGBSquares() {
        let plan = Self.plan([100, 3072]) { $0.inputShapes = [InputShapeRule(shape: InputShape(channels: 3, height: 32, width: 32))] }
        #expect(plan.kind == .rgbTiles)
        let grid = plan.grid!
        #expect(grid.tileCount == 100 && grid.cols == 10 && grid.rows == 10)
        #expect(grid.tileWidth == 32 && grid.tileHeight == 32 && grid.channels == 3 && grid.scale == 1)
        #expect(grid.width == 10 * 33 - 1 && grid.height == 10 * 33 - 1)
        #expect(plan.groupLength == 3072 && plan.filterLength == 3072)
    }

    @Test func tileOriginsFollowTheGridFormula() {
        let grid = TileGrid(tileCount: 10, tileWidth: 5, tileHeight: 4, channels: 1, cols: 4, padding: 2, scale: 3)
        #expect(grid.origin(ofTile: 0) == (0, 0))
        #expect(grid.origin(ofTile: 5) == (1 * 17, 1 * 14))
        #expect(grid.width == 4 * 17 - 2 && grid.height == 3 * 14 - 2)
        #expect(grid.tiles(forRows: 0..<14) == 0..<4)
        #expect(grid.tiles(forRows: 13..<15) == 0..<8)
        #expect(grid.tiles(forRows: 28..<40) == 8..<10)
    }

    @Test func convLayoutsByInputChannels() {
        #expect(Self.plan([96, 3, 11, 11]).kind == .rgbTiles)
        #expect(Self.plan([96, 3, 11, 11]).grid!.cols == 10)
        let bank = Self.plan([64, 32, 3, 3])
        #expect(bank.kind == .filterBank && bank.grid!.cols == 32 && bank.grid!.rows == 64 && bank.grid!.scale == 4)
        #expect(bank.filterLength == 32 * 9 && bank.groupLength == 32 * 9)
        #expect(Self.plan([64, 32, 3, 3]) { $0.scope = .kernel }.groupLength == 9)
        #expect(Self.plan([64, 32, 3, 3]) { $0.scope = .layer }.groupLength == 64 * 32 * 9)
        #expect(Self.plan([24, 1, 3, 3]).kind == .greyTiles)
        #expect(Self.plan([8, 4, 7]).kind == .filterBank)                 // conv1d: 1×7 strips
        #expect(Self.plan([8, 4, 7]).grid!.tileHeight == 1)
        let conv3d = Self.plan([8, 2, 3, 5, 5])
        #expect(conv3d.kind == .filterBank && conv3d.grid!.cols == 6)
    }

    @Test func denseMatricesAreHeatmapsUnlessTheUserOrTheFileSaysImages() {
        // Never by arithmetic alone: square row lengths (64, 4096, 1024) stay matrices.
        #expect(Self.plan([10, 64]).kind == .heatmap)
        #expect(Self.plan([4096, 4096]).kind == .heatmap)
        #expect(Self.plan([640, 1024]).kind == .heatmap)
        let heat = Self.plan([4096, 11008])
        #expect(heat.kind == .heatmap)
        #expect(heat.heatmap!.blockRows == 2 && heat.heatmap!.blockCols == 6)
        #expect(heat.grid!.tileWidth == 1835 && heat.grid!.tileHeight == 2048)
        let embedding = Self.plan([262_144, 640])                         // a 262,144-token embedding
        #expect(embedding.heatmap!.blockRows == 128 && embedding.heatmap!.blockCols == 1)
        #expect(embedding.grid!.tileHeight == 2048 && embedding.grid!.tileWidth == 640)
        #expect(Self.plan([30, 7]).grid!.scale == 9)                      // 270 px: at least 256 on the long side
        #expect(Self.plan([1000, 3072]) { $0.inputShapes = [InputShapeRule(shape: InputShape(channels: 3, height: 32, width: 32))] }.kind == .rgbTiles)
        #expect(Self.plan([1000, 3071]) { $0.inputShapes = [InputShapeRule(shape: InputShape(channels: 3, height: 32, width: 32))] }.kind == .heatmap)
    }

    @Test func inputShapeRulesApplyToTheTensorsTheirGlobCovers() {
        var options = RenderOptions()
        options.inputShapes = [InputShapeRule(pattern: "fc1.*", shape: InputShape(channels: 1, height: 8, width: 8))]
        let planner = LayoutPlanner(options: options)
        var fc1 = Self.tensor([10, 64]), fc2 = Self.tensor([10, 64])
        fc1.name = "fc1.weight"
        fc2.name = "fc2.weight"
        let tiles = planner.plan(fc1)
        #expect(tiles.kind == .greyTiles && tiles.grid!.tileWidth == 8)
        #expect(tiles.input?.shape == InputShape(channels: 1, height: 8, width: 8) && tiles.input?.source == .option)
        #expect(planner.plan(fc2).kind == .heatmap)
    }

    @Test func theFilesOwnImageHintReshapesRows() {
        var info = Self.tensor([100, 3072])
        info.inputImage = ImageShape(channels: 3, height: 32, width: 32)
        let plan = LayoutPlanner(options: RenderOptions()).plan(info)
        #expect(plan.kind == .rgbTiles && plan.grid!.tileCount == 100 && plan.input?.source == .file)
    }

    @Test func anInputShapeThatFitsNothingIsAMismatchNamingTheTensorAndBothSizes() throws {
        var options = RenderOptions()
        options.inputShapes = [InputShapeRule(shape: InputShape(channels: 3, height: 30, width: 30))]
        var w = Self.tensor([100, 3072])
        w.name = "W"
        #expect(throws: InputShapeMismatch.self) { try LayoutPlanner(options: options).checkInputShapes([w]) }
        do { try LayoutPlanner(options: options).checkInputShapes([w]) } catch {
            #expect(error.description.contains("W (rows of 3072)") && error.description.contains("2700"))
        }
        options.inputShapes = [InputShapeRule(pattern: "W", shape: InputShape(channels: 3, height: 30, width: 30))]
        do { try LayoutPlanner(options: options).checkInputShapes([w]) } catch {
            #expect(error.tensorName == "W" && error.rowLength == 3072)
        }
        options.inputShapes = [InputShapeRule(shape: InputShape(channels: 3, height: 32, width: 32))]
        try LayoutPlanner(options: options).checkInputShapes([w, Self.tensor([10, 100])])
    }

    @Test func smallGridsAreScaledToAReadableSize() {
        // MTCNN-like first layers: 10 filters of 3×3, 8 of 1x1.
        let small = Self.plan([10, 3, 3, 3]).grid!
        #expect(max(small.width, small.height) >= LayoutPlanner.readableSide)
        let pointwise = Self.plan([8, 3, 1, 1]).grid!
        #expect(max(pointwise.width, pointwise.height) == 3 * 33 - 1 && pointwise.scale == LayoutPlanner.maxDefaultScale)
        #expect(Self.plan([512, 512, 3, 3]).grid!.scale == 4)            // big mosaics unchanged
    }

    @Test func oneDimensionalAndEmptyTensorsAreStatsOnly() {
        #expect(Self.plan([512]).kind == .statsOnly)
        #expect(Self.plan([]).kind == .statsOnly)
        #expect(Self.plan([0, 3, 3, 3]).kind == .statsOnly)
    }

    @Test func defaultScaleShrinksHugeMosaics() {
        #expect(Self.plan([512, 512, 3, 3]).grid!.scale == 4)          // 6655 px wide
        let plan = Self.plan([2048, 2048, 3, 3])                         // 4× would be 26623 px wide
        #expect(plan.grid!.scale == 2 && plan.grid!.width == 2048 * 7 - 1)
    }

    @Test func fortranOrderedMatrixReadsInRowMajorOrder() {
        let info = Self.tensor([2, 3], order: .columnMajor)
        let plan = LayoutPlanner(options: RenderOptions()).plan(info)
        #expect(plan.values.strides == [1, 2])
    }

    @Test func convTransposeWeightsSwapTheirFirstTwoDimensions() {
        var info = Self.tensor([3, 8, 5, 5])
        info.role = .convTransposeWeight
        let plan = LayoutPlanner(options: RenderOptions()).plan(info)
        #expect(plan.kind == .rgbTiles && plan.grid!.tileCount == 8)
        // Tile 1, channel 2, value (0, 0) is stored at [2, 1, 0, 0].
        #expect(plan.values.strides == [25, 200, 5, 1])
    }

    @Test func explicitStridesDescribeNonContiguousViews() {
        // A 4×6 matrix stored transposed (a .t() view): element [r][c] at c * 4 + r.
        var info = Self.tensor([4, 6])
        info.strides = [1, 4]
        let plan = LayoutPlanner(options: RenderOptions()).plan(info)
        #expect(plan.kind == .heatmap && plan.values.strides == [1, 4] && !plan.values.isContiguous)
    }
}
