import Foundation

/// Finds keys given twice in one JSON object, which `JSONDecoder` and `JSONSerialization` let
/// through keeping one value silently (RFC 8259 §4: names "SHOULD be unique", and parsers
/// differ on which value wins: jq and Python keep the last, Foundation the first).
///
/// One pass over the bytes, no recursion: a stack of the open objects' keys, kept only to
/// `maximumDepth` (notes nest three levels: note, `organizations` list, organization). It
/// assumes the text is JSON, which the decoder checks; on anything else it finds what it finds
/// and stops, without failing.
enum JSONDuplicateKeys {
    /// The problem's words, after `file:line: path: `.
    static let message = "given twice; expected each field once"

    /// Objects nested deeper than this are not checked (nor held in memory).
    static let maximumDepth = 32

    struct Duplicate: Equatable {
        /// The key's path from the outermost value: `title`, `source.url`, `organizations[0].name`
        /// (array positions from 0, as jq writes them); for a top-level array, from its elements.
        var path: String
        /// Offset of the second key's opening quote.
        var byteOffset: Int
    }

    /// An open object or array.
    private struct Level {
        var isObject: Bool
        /// The object's keys so far.
        var keys: Set<String> = []
        /// The array's current element.
        var position = 0
        /// How the parent calls this value: `key` or `[n]`; nil for the outermost.
        var name: String?
    }

    /// Every key given twice in `bytes`. When the outermost value is an array (a `.json`
    /// file of notes), paths start inside each element.
    static func find(in bytes: UnsafeRawBufferPointer) -> [Duplicate] {
        var duplicates: [Duplicate] = []
        var stack: [Level] = []
        /// Containers opened beyond `maximumDepth`, counted only.
        var deeper = 0
        /// The last key read in the innermost object: the name of the value after it.
        var lastKey: String?
        var expectingKey = false
        var index = 0
        let count = bytes.count

        func path(_ key: String) -> String {
            var text = ""
            for (level, container) in stack.enumerated() {
                // An element of an outermost array is a record of its own: its position is not part of the path.
                if level == 1, !stack[0].isObject { continue }
                guard let name = container.name else { continue }
                text += name.hasPrefix("[") || text.isEmpty ? name : "." + name
            }
            return text.isEmpty ? key : text + "." + key
        }

        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let opening = index
                var hasEscape = false
                index += 1
                while index < count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { hasEscape = true; index += 1 }
                    index += 1
                }
                guard index < count else { return duplicates }  // an unclosed string: not JSON
                if expectingKey, deeper == 0, let innermost = stack.indices.last, stack[innermost].isObject {
                    let key = hasEscape
                        ? unescape(UnsafeRawBufferPointer(rebasing: bytes[opening...index]))
                        : String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(opening + 1)..<index]), as: UTF8.self)
                    if !stack[innermost].keys.insert(key).inserted {
                        duplicates.append(Duplicate(path: path(key), byteOffset: opening))
                    }
                    lastKey = key
                    expectingKey = false
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if deeper > 0 || stack.count >= maximumDepth {
                    deeper += 1
                } else {
                    var name: String?
                    if let parent = stack.last { name = parent.isObject ? lastKey : "[\(parent.position)]" }
                    stack.append(Level(isObject: byte == UInt8(ascii: "{"), name: name))
                }
                expectingKey = byte == UInt8(ascii: "{")
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if deeper > 0 { deeper -= 1 } else if !stack.isEmpty { stack.removeLast() }
                expectingKey = false
            case UInt8(ascii: ","):
                guard deeper == 0, let innermost = stack.indices.last else { break }
                if stack[innermost].isObject { expectingKey = true } else { stack[innermost].position += 1 }
            default:
                break
            }
            index += 1
        }
        return duplicates
    }

    /// A JSON string literal (quotes included) with its escapes resolved; the raw text when it is not one.
    private static func unescape(_ literal: UnsafeRawBufferPointer) -> String {
        let data = Data(literal)
        return (try? JSONDecoder().decode(String.self, from: data)) ?? String(decoding: literal, as: UTF8.self)
    }
}
