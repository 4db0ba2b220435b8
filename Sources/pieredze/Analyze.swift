import ArgumentParser
import Foundation
import LatvianText

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how the search analyses words: reads one word a line on standard input.",
        discussion: "With --stem, writes one stem a line: the same folding and stemming the index uses.")

    @Flag(help: "Write the stem of each word (folded: lower case, no diacritics).")
    var stem = false

    func run() throws {
        var output = ""
        while let line = readLine(strippingNewline: true) {
            let word = line.trimmingCharacters(in: .whitespaces)
            output += (stem ? LatvianAnalyzer.analyze(word: word) : LatvianFolding.fold(word)) + "\n"
            if output.utf8.count > 1 << 16 {
                print(output, terminator: "")
                output = ""
            }
        }
        print(output, terminator: "")
    }
}
