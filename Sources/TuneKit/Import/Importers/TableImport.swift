/// What the table importers share: the mapper they build from the header, and the row loop through it.
enum TableImport {
    /// The mapper for `header` under the options (local pictures allowed when they are inlined).
    static func mapper(for header: TableHeader, file: String, options: ConvertOptions) throws(ConvertError) -> TableMapper {
        do {
            var mapper = try TableMapper(spec: options.mapping, header: header, file: file, format: options.format)
            mapper.allowsLocalImages = options.images.mode == .base64
            return mapper
        } catch {
            throw ConvertError(error)
        }
    }

    /// Reads every row of `table` through `mapper` into `sink`.
    static func read(_ table: TableSource, mapper: TableMapper, into sink: inout some RecordSink) throws {
        while let event = try table.next() {
            switch event {
            case .reject(let reject): try sink.reject(reject)
            case .row(let row):
                switch mapper.map(row) {
                case .failure(let reject): try sink.reject(reject)
                case .success(let record): try sink.accept(record)
                }
            }
        }
    }
}
