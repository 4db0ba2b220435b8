/// One result row, copied out of its statement so it outlives the next step.
public struct Row: Sendable, Hashable {
    public let columnNames: [String]
    public let values: [SQLiteValue]

    public init(columnNames: [String], values: [SQLiteValue]) {
        self.columnNames = columnNames
        self.values = values
    }

    /// Column `index` as `T`; nil for NULL, a missing column, or a value `T` cannot hold.
    public subscript<T: SQLiteValueConvertible>(_ index: Int, as type: T.Type = T.self) -> T? {
        guard values.indices.contains(index) else { return nil }
        return T(sqliteValue: values[index])
    }

    /// The first column called `name` as `T`.
    public subscript<T: SQLiteValueConvertible>(_ name: String, as type: T.Type = T.self) -> T? {
        guard let index = columnNames.firstIndex(of: name) else { return nil }
        return self[index, as: type]
    }
}
