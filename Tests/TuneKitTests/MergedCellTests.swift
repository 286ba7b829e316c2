import Foundation
import Testing
@testable import TuneKit

/// Merged cells as LibreOffice writes them in four formats, and merges declared far past the sheet's data
/// (Fixtures/sheets/README.md, "Merges").
@Suite("Workbooks: merged cells")
struct MergedCellTests {
    private static let titled: [(file: String, dialect: WorkbookReader.Dialect)] = [
        ("titled.fods", .openDocument), ("titled.ods", .openDocumentArchive), ("titled.xlsx", .xlsx),
        ("titled-2003.xml", .spreadsheetML),
    ]

    private func rows(_ file: String, dialect: WorkbookReader.Dialect, options: SheetOptions)
        throws -> (WorkbookReader, [[String]]) {
        let reader = try WorkbookReader(path: Fixture.path("sheets/merges/" + file), dialect: dialect, options: options)
        var rows: [[String]] = []
        while let event = try reader.next() {
            if case .row(let row) = event { rows.append(row.values) }
        }
        return (reader, rows)
    }

    /// A vertical merge fills the rows below it, and the cells after it stay in their columns, in every format:
    /// LibreOffice's Excel 2003 XML leaves the covered cells out and gives the next ones no `ss:Index`.
    @Test(arguments: titled)
    func verticalMergesFillAndKeepColumns(file: String, dialect: WorkbookReader.Dialect) throws {
        let (reader, rows) = try rows(file, dialect: dialect, options: SheetOptions(headerRow: 2))
        #expect(reader.header.columns == ["category", "question", "answer"])
        #expect(rows == [
            ["物流", "几天到？", "三天。"],
            ["物流", "包邮吗？", "满99包邮。"],
            ["物流", "能改地址吗？", "发货前可以。"],
            ["售后", "退货流程？", "退货流程？"],
        ], "\(file)")
        let moved = reader.facts.first { $0.key == "cells_placed_right_of_vertical_merges" }?.value
        #expect(moved == (dialect == .spreadsheetML ? "2" : nil))
    }

    /// Without filling, the covered cells are empty and the other cells still keep their columns.
    @Test(arguments: titled)
    func unfilledMergesKeepColumnsToo(file: String, dialect: WorkbookReader.Dialect) throws {
        let (_, rows) = try rows(file, dialect: dialect, options: SheetOptions(headerRow: 2, fillMergedCells: false))
        #expect(rows.map { $0 + Array(repeating: "", count: max(0, 3 - $0.count)) } == [
            ["物流", "几天到？", "三天。"],
            ["", "包邮吗？", "满99包邮。"],
            ["", "能改地址吗？", "发货前可以。"],
            ["售后", "退货流程？", ""],
        ], "\(file)")
    }

    /// A merge declared from B6 to the last cell of the sheet (XFD1048576) costs one entry: the anchor's row
    /// takes the whole merge (and is rejected for its cells right of the header, with its place), the rows below
    /// are filled no wider than the sheet's widest row, so the file converts in a few megabytes instead of a
    /// 3.8 GB allocation and a crash.
    @Test(arguments: ["merge-whole-sheet.xlsx", "merge-whole-sheet-2003.xml", "merge-whole-sheet.fods"])
    func aMergeOverTheWholeSheetStaysBounded(file: String) throws {
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("sheets/merges/" + file)],
                                                            outputDirectory: directory)).run()
        let train = Fixture.read(directory + "/train.jsonl")
        #expect(!train.contains("回答 5。"), "\(file)")
        let rejects = Fixture.read(directory + "/rejects.jsonl")
        #expect(rejects.contains("!faq!A6:B6\",\"reason\":\"sheet.extra_cells\""))
        // The rejected row is shown up to 20 cells past the header, not 16,384.
        #expect(rejects.split(separator: "\n").allSatisfy { $0.utf8.count < 2_000 })
        #expect(rejects.contains("more right of V are left out of this line"))
        switch file {
        case "merge-whole-sheet-2003.xml":
            // Excel 2003 XML places a cell without `ss:Index` by position, and the positions of rows 7–10 lie
            // inside the merge: they go right of it, past the header, and are rejected with their place.
            #expect(result.report.counts.train == 4)
            #expect(result.report.rejectsByReason == ["sheet.extra_cells": 5])
        case "merge-whole-sheet.fods":
            // Flat ODS ends with LibreOffice's million repeated empty rows; the merge covers them, so up to the
            // repeat cap they hold its value and no question: rejected, each with its place, none dropped silently.
            #expect(result.report.counts.train == 8)
            #expect(result.report.rejectsByReason == ["sheet.extra_cells": 1, "map.empty_user": 10_000])
        default:
            #expect(result.report.counts.train == 8)
            #expect(result.report.rejectsByReason == ["sheet.extra_cells": 1])
        }
    }

    /// Past the limit of filled cells the sheet is refused, naming the merge and the flag that avoids filling.
    @Test func fillingPastTheLimitStopsWithTheMerge() {
        var carry = MergeCarry(limit: 50)
        carry.spread("x", columns: 2...10, rows: 1...100)
        var filledRows = 0
        for number in 1...100 {
            var row = SheetRow(number: number, values: Array(repeating: "", count: 10) + ["end"], hidden: false, errorColumns: [])
            carry.fill(&row)
            if carry.overflow != nil { break }
            #expect(row.value(at: 2) == "x" && row.value(at: 10) == "x")
            filledRows += 1
        }
        #expect(filledRows == 5)
        #expect(carry.overflow == "B1:J100")
        #expect(carry.filled > 50)
        let message = MergeCarry.overflowError("B1:J100", file: "big.xlsx").description
        #expect(message.contains("B1:J100") && message.contains("--no-fill-merged"))
    }

    /// Below its anchor's row, a merge reaching right of the widest row of real cells fills only up to it; the
    /// anchor's row takes the whole merge (a title merged over the table is its header).
    @Test func fillStopsAtTheWidestRow() {
        var carry = MergeCarry()
        var header = SheetRow(number: 1, values: ["a", "b", "c"], hidden: false, errorColumns: [])
        carry.fill(&header)
        carry.spread("v", columns: 2...5, rows: 2...4)
        var anchor = SheetRow(number: 2, values: ["q"], hidden: false, errorColumns: [])
        carry.fill(&anchor)
        #expect(anchor.values == ["q", "v", "v", "v", "v"])
        for number in 3...4 {
            var row = SheetRow(number: number, values: ["q"], hidden: false, errorColumns: [])
            carry.fill(&row)
            #expect(row.values == ["q", "v", "v"])
        }
        #expect(!carry.hasValues(for: 5))
        var far = MergeCarry()
        far.fill(&header)
        far.spread("w", columns: 2...16_384, rows: 2...3)
        var first = SheetRow(number: 2, values: ["q"], hidden: false, errorColumns: [])
        far.fill(&first)
        #expect(first.fields.count == 16_384)
        var below = SheetRow(number: 3, values: ["q"], hidden: false, errorColumns: [])
        far.fill(&below)
        #expect(below.values == ["q", "w", "w"])
    }
}
