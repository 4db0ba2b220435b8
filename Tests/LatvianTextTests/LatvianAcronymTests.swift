import Testing
@testable import LatvianText

@Suite("acronyms as written")
struct LatvianAcronymTests {
    @Test("capitals, with or without Latvian diacritics, are acronyms", arguments: ["ES", "VARAM", "ĀM", "NVO", "CEMR", "LPS", "ATR2"])
    func acronyms(word: String) {
        #expect(LatvianAcronym.isAcronym(word))
    }

    @Test("a word with any small letter, one letter, digits only or another script is not",
          arguments: ["varam", "Varam", "Rīga", "VARAm", "ĀmM", "A", "2018", "ООН", "", "ABCDEFGHIJKLM"])
    func notAcronyms(word: String) {
        #expect(!LatvianAcronym.isAcronym(word))
    }
}
