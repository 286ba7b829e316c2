extension Recipe {
    /// This recipe (a run's recipe with its flags laid over it) completed with what the run decided: the format
    /// the columns called for when none was given, and each field mapped by its column's name (`prompt` →
    /// `"{{prompt}}"`), so that the saved recipe converts the same input to the same lines whatever the
    /// inference would decide later. The output folder and the sample are left out: they say where, not how.
    public func completed(by report: ConversionReport) -> Recipe {
        var recipe = self
        recipe.origin = .file("-")
        if recipe.format == nil { recipe.format = report.format }
        for entry in report.mapping where entry.how != "given" {
            guard let key = Key(rawValue: entry.field), recipe.text(for: key) == nil else { continue }
            try? recipe.set(key, text: entry.template)
        }
        recipe.output = nil
        recipe.sample = nil
        return recipe
    }

    /// The recipe as YAML that ``parse(_:origin:)`` reads back to the same settings: `comments` first (each as a
    /// `# ` line), then every given key in ``Key`` order, each value double-quoted with JSON's escapes (valid YAML).
    public func yamlText(comments: [String] = []) -> String {
        var yaml = comments.map { "# " + $0 + "\n" }.joined()
        for key in givenKeys {
            guard let value = self.text(for: key) else { continue }
            var writer = JSONWriter(capacity: value.utf8.count + 16)
            writer.string(value)
            yaml += key.rawValue + ": " + String(decoding: writer.bytes, as: UTF8.self) + "\n"
        }
        return yaml
    }
}
