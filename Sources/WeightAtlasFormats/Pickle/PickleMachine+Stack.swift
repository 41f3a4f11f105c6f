/// The stack, the marks, the memo and the heap containers.
extension PickleMachine {
    mutating func push(_ value: PickleValue) { stack.append(value) }

    /// Pops the top value; MARKed values are not visible.
    mutating func pop() throws(FormatError) -> PickleValue {
        guard stack.count > (marks.last ?? 0) else { throw fail(.malformedPickle("stack underflow")) }
        return stack.removeLast()
    }

    /// The top value, without popping it.
    func peek() throws(FormatError) -> PickleValue {
        guard stack.count > (marks.last ?? 0), let top = stack.last else { throw fail(.malformedPickle("stack underflow")) }
        return top
    }

    /// Pops everything above the last MARK, and the MARK.
    mutating func popMark() throws(FormatError) -> [PickleValue] {
        guard let mark = marks.popLast() else { throw fail(.malformedPickle("no MARK to pop to")) }
        defer { stack.removeSubrange(mark...) }
        return Array(stack[mark...])
    }

    /// Pushes a tuple of `items`, within the nesting cap.
    mutating func pushTuple(_ items: [PickleValue]) throws(FormatError) {
        let tuple = PickleValue.makeTuple(items)
        guard tuple.depth <= limits.nesting else { throw fail(.pickleLimit("tuple nesting", limit: limits.nesting)) }
        push(tuple)
    }

    /// Puts the top of the stack in memo slot `index`.
    mutating func memoize(_ index: Int) throws(FormatError) {
        guard memo.count < limits.memo || memo[index] != nil else { throw fail(.pickleLimit("memo entries", limit: limits.memo)) }
        memo[index] = try peek()
    }

    /// Pushes memo slot `index`, which must have been set.
    mutating func recall(_ index: Int) throws(FormatError) {
        guard let value = memo[index] else { throw fail(.malformedPickle("memo index \(index) was never set")) }
        push(value)
    }

    /// Adds `object` to the heap and returns a reference to it.
    mutating func newObject(_ object: PickleObject) -> PickleValue {
        heap.append(object)
        return .ref(heap.count - 1)
    }

    /// Counts `added` container items against the objects cap.
    mutating func count(_ added: Int) throws(FormatError) {
        items += added
        guard heap.count + items <= limits.objects else { throw fail(.pickleLimit("objects", limit: limits.objects)) }
    }

    /// `values` taken two by two as key–value pairs.
    func pairs(_ values: [PickleValue]) throws(FormatError) -> [(key: PickleValue, value: PickleValue)] {
        guard values.count % 2 == 0 else { throw fail(.malformedPickle("odd number of values for dict items")) }
        return stride(from: 0, to: values.count, by: 2).map { (key: values[$0], value: values[$0 + 1]) }
    }

    /// SETITEM(S): adds `pairs` to the dict now on top of the stack.
    mutating func setItems(_ pairs: [(key: PickleValue, value: PickleValue)]) throws(FormatError) {
        if case .ref(let index) = try peek(), case .standIn(var made) = heap[index] {
            try count(pairs.count)
            heap[index] = .list([])
            made.entries.append(contentsOf: pairs)
            return heap[index] = .standIn(made)
        }
        guard case .ref(let index) = try peek(), case .dict(var entries) = heap[index] else {
            throw fail(.malformedPickle("SETITEM(S) on \(try peek().typeName), not a dict"))
        }
        try count(pairs.count)
        heap[index] = .list([])    // drop the heap's reference so `entries` grows in place
        entries.append(contentsOf: pairs)
        heap[index] = .dict(entries)
    }

    /// APPEND(S)/ADDITEMS: adds `values` to the list now on top of the stack.
    mutating func append(_ values: [PickleValue]) throws(FormatError) {
        if case .ref(let index) = try peek(), case .standIn(var made) = heap[index] {
            try count(values.count)
            heap[index] = .list([])
            made.elements.append(contentsOf: values)
            return heap[index] = .standIn(made)
        }
        guard case .ref(let index) = try peek(), case .list(var elements) = heap[index] else {
            throw fail(.malformedPickle("APPEND(S) on \(try peek().typeName), not a list"))
        }
        try count(values.count)
        heap[index] = .list([])
        elements.append(contentsOf: values)
        heap[index] = .list(elements)
    }
}
