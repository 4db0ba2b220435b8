import ArgumentParser
import Foundation
import LatvianText
import PieredzeKit
import PieredzeStorage

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show how the search analyses text; reads standard input.",
        discussion: """
            --stem: one word a line in, one stem a line out — the same folding and stemming the index uses \
            (this is what `make eval` measures). --tokens: each line of text tokenized as FTS5 indexes it, \
            one token a line with its byte offsets. Without either: each line folded (lower case, no diacritics).
            """)

    @Flag(help: "Write the stem of each word (folded: lower case, no diacritics).")
    var stem = false

    @Flag(help: "Write the index tokens of each line with their byte offsets.")
    var tokens = false

    func validate() throws {
        if stem && tokens { throw ValidationError("choose --stem or --tokens, not both") }
    }

    func run() throws {
        let connection = tokens ? try Connection.inMemory(configuration: KnowledgeBase.connectionConfiguration()) : nil
        var output = ""
        while let line = readLine(strippingNewline: true) {
            if let connection {
                for token in try LatvianTokenizer.tokens(of: line, on: connection) {
                    output += "\(token.text)\t\(token.start)\t\(token.end)\n"
                }
            } else {
                let word = line.trimmingCharacters(in: .whitespaces)
                output += (stem ? LatvianStemmer.stem(word) : LatvianFolding.fold(word)) + "\n"
            }
            if output.utf8.count > 1 << 16 {
                print(output, terminator: "")
                output = ""
            }
        }
        print(output, terminator: "")
    }
}
