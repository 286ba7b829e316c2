/// What the table importers share: the mapper they build from the header (the row loop is ``TableRowPump``).
enum TableImport {
    /// The format the columns call for, when they decide it (no `--to`, ``MappingSpec/formatFromColumns``).
    private static func formatDecision(for header: TableHeader, options: ConvertOptions) -> FormatDecision? {
        guard options.mapping.formatFromColumns else { return nil }
        let (format, reason) = FormatInference.infer(header: header, mapping: options.mapping)
        return FormatDecision(format: format, reason: reason)
    }

    /// The mapper for `header` under the options, in the format the columns decide when they do (local
    /// pictures allowed when they are inlined), and that decision.
    static func mapper(for header: TableHeader, file: String,
                       options: ConvertOptions) throws(ConvertError) -> (mapper: TableMapper, decision: FormatDecision?) {
        let decision = formatDecision(for: header, options: options)
        do throws(ImportError) {
            var mapper = try TableMapper(spec: options.mapping, header: header, file: file,
                                         format: decision?.format ?? options.format)
            mapper.allowsLocalImages = options.images.mode.preparesLocal
            if let groupBy = options.groupBy {
                let bound = groupBy.bind(to: TableHeader(columns: header.columns + ["file"]))
                if let unknown = bound.unknownColumns.first {
                    throw ImportError(.badMapping, "--group-by \(groupBy.text) names the column \"\(unknown)\", which the table does not have (columns: \(header.columns.joined(separator: ", ")))", at: SourceLocation(file: file))
                }
                mapper.group = (bound, file)
            }
            return (mapper, decision)
        } catch {
            throw ConvertError(error)
        }
    }
}
