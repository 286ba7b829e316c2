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

    /// A merge declared from B6 to the last cell of the sheet (XFD1048576) costs one entry: only the sheet's
    /// own rows are filled, no wider than its widest row, so the records convert in a few megabytes instead of
    /// a 3.8 GB allocation and a crash.
    @Test(arguments: ["merge-whole-sheet.xlsx", "merge-whole-sheet-2003.xml", "merge-whole-sheet.fods"])
    func aMergeOverTheWholeSheetStaysBounded(file: String) throws {
        let directory = Fixture.temporaryDirectory()
        let result = try ConvertJob(options: ConvertOptions(inputs: [Fixture.path("sheets/merges/" + file)],
                                                            outputDirectory: directory)).run()
        let lines = Fixture.read(directory + "/train.jsonl").split(separator: "\n")
        #expect(lines[4].contains(#""content":"回答 5。""#), "\(file)")
        switch file {
        case "merge-whole-sheet-2003.xml":
            // Excel 2003 XML places a cell without `ss:Index` by position, and the positions of rows 7–10 lie
            // inside the merge: they go right of it, past the header, and are rejected with their place.
            #expect(result.report.counts.train == 5)
            #expect(result.report.rejectsByReason == ["sheet.extra_cells": 4])
        case "merge-whole-sheet.fods":
            // Flat ODS ends with LibreOffice's million repeated empty rows; the merge covers them, so up to the
            // repeat cap they hold its value and no question: rejected, each with its place, none dropped silently.
            #expect(result.report.counts.train == 9)
            #expect(result.report.rejectsByReason == ["map.empty_user": 10_000])
        default:
            #expect(result.report.counts.train == 9)
            #expect(result.report.counts.rejected == 0)
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

    /// A merge reaching right of the widest row fills only up to it; one inside the table fills all its columns.
    @Test func fillStopsAtTheWidestRow() {
        var carry = MergeCarry()
        var header = SheetRow(number: 1, values: ["a", "b", "c"], hidden: false, errorColumns: [])
        carry.fill(&header)
        carry.spread("v", columns: 2...16_384, rows: 2...3)
        for number in 2...3 {
            var row = SheetRow(number: number, values: ["q"], hidden: false, errorColumns: [])
            carry.fill(&row)
            #expect(row.values == ["q", "v", "v"])
        }
        #expect(!carry.hasValues(for: 4))
    }
}
