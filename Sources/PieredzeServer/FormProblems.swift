import PieredzeKit

/// The loader's problems with a form, said beside the form's fields in the page's language.
///
/// The loader judges a form by its own rules (`NoteDecoder`) and words its problems in English
/// for the command line and files (`file:line: field: message`). On a Latvian or Russian page
/// each field instead gets the rule it broke, in the page's language; the value is in the field
/// beside it. An English page keeps the loader's own words.
enum FormProblems {
    /// The form field a problem belongs to: the loader's field, with the names the form splits
    /// or renames mapped (`source` → the link, `year`/`date` → `occurred`), and a missing title
    /// (a problem of the record, its message starting `title:`) to the title. Nil for a problem
    /// of the form as a whole.
    static func field(of problem: LoadProblem) -> String? {
        switch problem.field {
        case "source"?: return problem.message.hasPrefix("date") ? "source_date" : "source_url"
        case "year"?, "date"?: return "occurred"
        case let field?: return field
        case nil: return problem.message.hasPrefix("title:") ? "title" : nil
        }
    }

    /// What to show beside `field` for `problem` in `language`.
    static func message(_ problem: LoadProblem, field: String, language: SiteLanguage) -> String {
        guard language != .en, let rule = rule(problem, field: field) else { return problem.message }
        return language == .lv ? rule.lv : rule.ru
    }

    private static func rule(_ problem: LoadProblem, field: String) -> (lv: String, ru: String)? {
        let date = ("Datumu raksta GGGG, GGGG-MM vai GGGG-MM-DD (vai DD.MM.GGGG); mēnesis no 1 līdz 12, diena — tāda, kāda tajā mēnesī ir.",
                    "Дата пишется как ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД (или ДД.ММ.ГГГГ); месяц от 1 до 12, день — существующий в этом месяце.")
        switch field {
        case "title":
            if problem.message.contains("cannot derive an id") {
                return ("No šī virsraksta nevar izveidot identifikatoru; ierakstiet identifikatoru.",
                        "Из этого заголовка нельзя составить идентификатор; впишите идентификатор.")
            }
            return ("Ierakstiet virsrakstu: tas vajadzīgs katrai piezīmei.", "Впишите заголовок: он нужен каждой заметке.")
        case "id":
            if problem.message.contains("made from the title") {
                return ("Piezīme ar šādu nosaukumu jau ir. Ierakstiet šai piezīmei savu identifikatoru (piemēram, ar gadu vai valsti) vai mainiet nosaukumu.",
                        "Заметка с таким названием уже есть. Впишите этой заметке свой идентификатор (например, с годом или страной) или измените название.")
            }
            if problem.message.contains("exists") || NoteLoader.isExistingNoteRefusal(problem) {
                return ("Piezīme ar šo identifikatoru jau ir; dodiet citu (vai atstājiet tukšu).",
                        "Заметка с таким идентификатором уже есть; дайте другой (или оставьте пустым).")
            }
            return ("Identifikatorā drīkst būt mazie burti a–z, cipari un - _ . (bez atstarpēm un garumzīmēm).",
                    "В идентификаторе допустимы строчные a–z, цифры и - _ . (без пробелов и диакритики).")
        case "occurred", "source_date":
            return date
        case "source_url":
            return ("Saitei jāsākas ar http:// vai https://.", "Ссылка должна начинаться с http:// или https://.")
        case "country":
            return ("Izvēlieties valsti no saraksta.", "Выберите страну из списка.")
        case "topics":
            return ("Izvēlieties tēmas no saraksta.", "Выберите темы из списка.")
        case "organizations":
            return ("Katrā rindā organizācijas nosaukums, tad, ja vajag, | valsts | veids; valsts ir ISO kods (LV, KG) vai nosaukums.",
                    "В каждой строке название организации, затем при необходимости | страна | тип; страна — код ISO (LV, KG) или название.")
        case "people":
            return ("Katrā rindā personas vārds, tad, ja vajag, | loma | organizācija.",
                    "В каждой строке имя человека, затем при необходимости | роль | организация.")
        case "kind", "status", "language":
            return ("Izvēlieties vērtību no saraksta.", "Выберите значение из списка.")
        default:
            return nil
        }
    }
}
