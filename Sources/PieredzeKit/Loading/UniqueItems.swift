/// `items` without repeats, in order, each kept where it first occurs.
///
/// One hash lookup an item, so the work grows linearly with the list (an `Array.contains` for
/// each item made 100,000 tags on one note take over 20 s).
func uniqueItems<Item: Hashable>(_ items: some Sequence<Item>) -> [Item] {
    var seen = Set<Item>()
    var result: [Item] = []
    for item in items where seen.insert(item).inserted { result.append(item) }
    return result
}
