/// The warnings a finished conversion adds to its report: too few training records (the platform's advice is
/// about the training file: validation records do not count towards it), a category under 5 %, outputs cut into
/// parts or over the upload limit, rejects to look at, data the chosen model (`--model`) cannot train on.
enum RunWarnings {
    static func add(to report: inout ConversionReport, cap: Int) {
        let kept = report.counts.train + report.counts.validation
        let train = report.counts.train
        if train > 0 && train < 300 {
            let split = report.counts.validation > 0 ? " (\(report.counts.validation) more in validation.jsonl)" : ""
            report.warnings.append(Diagnostic(.warning, "limit.examples_min",
                "only \(train) training record\(train == 1 ? "" : "s")\(split); the platform advises at least a few hundred high-quality examples"))
        }
        if let model = report.model { report.warnings += model.diagnostics }
        if kept >= 20 {
            for (name, count) in report.categories.sorted(by: { $0.key < $1.key }) where !name.isEmpty {
                if count * 20 < kept {
                    report.warnings.append(Diagnostic(.warning, "content.category_share",
                        "category \"\(name)\" has \(count) of \(kept) records (under 5%); cover each sub-task in proportion"))
                }
            }
        }
        for stem in ["train", "validation"] {
            let parts = report.outputs.filter { $0.role.hasPrefix(stem + " part") }
            if !parts.isEmpty {
                let names = parts.map { part in
                    part.images.map { "\(part.name) (\($0) image\($0 == 1 ? "" : "s"))" } ?? part.name
                }
                report.warnings.append(Diagnostic(.info, "file.parts",
                    "\(stem) is split into \(parts.count) files under the platform's \(cap / 1_000_000) MB upload limit: \(names.joined(separator: ", ")); upload each"))
            }
        }
        for output in report.outputs where output.bytes > cap && (output.role.hasPrefix("train") || output.role.hasPrefix("validation")) {
            report.warnings.append(Diagnostic(.warning, "file.too_large",
                "\(output.name) is \(output.bytes / 1_000_000) MB (one line longer than the \(cap / 1_000_000) MB limit)"))
        }
        if report.counts.rejected > 0 {
            let reasons = report.rejectsByReason.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            report.warnings.append(Diagnostic(.warning, "convert.rejects",
                "\(report.counts.rejected) input record\(report.counts.rejected == 1 ? " was" : "s were") rejected (\(reasons)); see rejects.jsonl"))
        }
    }
}
