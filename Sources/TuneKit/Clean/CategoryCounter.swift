/// Counts records per category; consecutive records of the same category skip the dictionary.
struct CategoryCounter: Sendable {
    private var index: [String: Int] = [:]
    private var names: [String] = []
    private var values: [Int] = []
    private var last = -1

    /// Counts one record of `category`.
    mutating func add(_ category: String) {
        if last >= 0 && names[last] == category {
            values[last] += 1
            return
        }
        if let known = index[category] {
            last = known
        } else {
            last = names.count
            index[category] = last
            names.append(category)
            values.append(0)
        }
        values[last] += 1
    }

    /// Counts by category.
    var counts: [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(names, values))
    }
}
