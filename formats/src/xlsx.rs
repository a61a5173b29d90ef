//! Excel files (feature `xlsx`): writing a basket sheet, and reading one within limits.

use crate::sheet::*;
use calamine::{DataRef, Reader};
use chrono::NaiveDate;
use std::io::{BufReader, Read};

/// The basket's sheet: the one written first, and the one read.
pub(crate) const SHEET: &str = "Koszyk usług";

/// The dictionary sheet: every value of each column with a fixed set of values, from which the
/// basket sheet's drop-down lists take theirs.
pub(crate) const DICTIONARY: &str = "Słownik";

/// The instructions sheet, in Polish.
pub(crate) const INSTRUCTIONS: &str = "Instrukcja";

/// What each column holds, in Polish, by its [`COLUMNS`] key (every column, in their order, as a
/// test checks), for the instructions sheet. A column with a fixed set of values gets the words
/// about its list added, and its values stay in the dictionary sheet, from the core.
const COLUMN_HELP: [(&str, &str); 19] = [
    ("service_id", "Identyfikator usługi w koszyku, np. svc-pomoc-prawna. Po nim import rozpoznaje usługę: nie zmieniaj go. W nowym wierszu możesz go pominąć — zostanie utworzony z nazwy."),
    ("name", "Nazwa usługi. Wymagana."),
    ("provider", "Instytucja, która realizuje usługę. Wymagana, chyba że podano identyfikator partnera PZK. Nazwa partnera PZK wskazuje tego partnera."),
    ("provider_member_id", "Identyfikator partnera PZK, który realizuje usługę, np. ops. Dla realizatora spoza PZK zostaw puste."),
    ("provider_sector", "Sektor realizatora spoza PZK. Dla partnera PZK zostaw puste."),
    ("provider_ministry", "Resort, któremu podlega realizator spoza PZK. Dla partnera PZK zostaw puste."),
    ("kind", "Usługa prosta (jedno działanie) albo złożona (kilka powiązanych działań prowadzących do jednego celu). Puste oznacza usługę prostą."),
    ("description", "Na czym polega usługa i komu pomaga."),
    ("components", "Działania składowe usługi złożonej: każde w osobnym wierszu komórki (Alt+Enter) albo rozdzielone średnikiem (;)."),
    ("areas", "Obszary wsparcia, których dotyczy usługa."),
    ("target_groups", "Komu usługa jest przeznaczona."),
    ("age_min", "Najniższy wiek odbiorcy: liczba całkowita od 0 do 255. Puste — bez ograniczenia."),
    ("age_max", "Najwyższy wiek odbiorcy: liczba całkowita od 0 do 255. Puste — bez ograniczenia."),
    ("access_conditions", "Jak skorzystać z usługi: skierowanie, zapisy, potrzebne dokumenty."),
    ("contact_person", "Osoba lub stanowisko do kontaktu, telefon."),
    ("origin", "Skąd usługa jest w koszyku. Puste: usługa partnera PZK, gdy realizuje ją partner, a w innym wypadku usługa w sąsiedztwie."),
    ("status", "Czy usługa jest dostępna. Puste oznacza usługę dostępną. Usługi nie usuwa się z koszyka: wycofaną oznacza się statusem."),
    ("verified_on", "Kiedy ostatnio sprawdzono informacje o usłudze: data RRRR-MM-DD lub DD.MM.RRRR, nie późniejsza niż dzień importu. Wymagana."),
    ("version", "Numer wersji opisu usługi, nadawany przez program. Tylko do odczytu: import go nie czyta."),
];

/// The name of the range of the dictionary sheet holding a column's values (`lista_status`),
/// which its drop-down list names.
fn list_name(key: &str) -> String {
    format!("lista_{key}")
}

/// The last row (from 0) a column's drop-down list and checks reach: every row of a sheet, so a
/// row a worker adds below has them too.
const LAST_ROW: u32 = 1_048_575;

/// Rows as the bytes of an Excel file, three sheets:
///
/// - "Koszyk usług", the basket: Polish headers in bold, the header row frozen, filtered and
///   repeated on every printed page (landscape A4, one page wide), dates and numbers as Excel's
///   own; a drop-down list on every column with a fixed set of values ([`FIXED_COLUMNS`]), from
///   the dictionary, and checks of the ages and the date;
/// - "Słownik", the dictionary: each such column's values with their Polish labels (what the
///   sheet holds), codes and English labels, every list a named range (`lista_status`);
/// - "Instrukcja": how to fill the sheet in, what each column means, what an import does.
///
/// Only the first is read back ([`xlsx_table`]); a file without the other two (deleted, or
/// written before they were) reads the same.
pub(crate) fn write_xlsx(rows: &[Row]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format as Fmt, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let header = Fmt::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Fmt::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Fmt::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET)?;
    for (c, (key, pl, _)) in COLUMNS.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *pl, &header)?;
        let width = match *key {
            "description" | "access_conditions" | "components" => 48.0,
            "name" | "provider" | "areas" => 30.0,
            _ => 16.0,
        };
        sheet.set_column_width(c, width)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, ((key, _, _), v)) in COLUMNS.iter().zip(row).enumerate() {
            let c = c as u16;
            let parsed_date = (*key == "verified_on")
                .then(|| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
                .flatten();
            let number = matches!(*key, "age_min" | "age_max" | "version")
                .then(|| v.parse::<f64>().ok())
                .flatten();
            // A date Excel cannot hold (before 1900, after 9999) stays the text it is.
            if let Some(d) = parsed_date.and_then(excel_date) {
                sheet.write_datetime_with_format(r, c, &d, &date)?;
            } else if let Some(n) = number {
                sheet.write_number_with_format(r, c, n, &wrap)?;
            } else if !v.is_empty() {
                sheet.write_string_with_format(r, c, v, &wrap)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)?;
    add_checks(sheet)?;
    // Printed: landscape A4 (paper 9), one page wide and as many long as it takes, the header
    // row on every page.
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;

    let dictionary = book.add_worksheet();
    dictionary.set_name(DICTIONARY)?;
    let names = write_dictionary(dictionary, &header)?;
    for (name, range) in names {
        book.define_name(name, &range)?;
    }

    let instructions = book.add_worksheet();
    instructions.set_name(INSTRUCTIONS)?;
    write_instructions(instructions, &header, &wrap)?;
    book.save_to_buffer()
}

/// The drop-down lists and checks of the basket sheet, on every row below the header.
///
/// A column with one value from a list ([`Values::multiple`] false) takes only a value of its
/// list (Excel's "stop": any other is refused as it is typed). A column of several values (the
/// areas of support, the target groups) cannot: Excel checks a cell's whole text against the list,
/// and `Osoba; Rodzina`, as the sheet writes two groups, is none of its values. A worker needs
/// both, so there the list is a help, not a rule: picking from it puts one value in the cell, and
/// a typed text that is not one of the list (several values, separated by `;` as the sheet
/// separates them) brings up only an "information" dialog, whose OK keeps it; the input message
/// says so as the cell is chosen. The import checks each value ([`crate::sheet::parse_sheet`]).
fn add_checks(sheet: &mut rust_xlsxwriter::Worksheet) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, DataValidationRule, Formula};
    for (key, values) in FIXED_COLUMNS {
        let c = column_index(key) as u16;
        let (_, title, _) = COLUMNS[c as usize];
        let list = DataValidation::new()
            .allow_list_formula(Formula::new(format!("={}", list_name(key))))
            .set_input_title(title)?
            .set_error_title(title)?;
        let check = if values.multiple() {
            // The example: the first two values, as the sheet writes two.
            let example: Vec<&str> = values.choices().iter().take(2).map(|c| c.pl).collect();
            list.set_error_style(DataValidationErrorStyle::Information)
                .set_input_message(format!(
                    "Wybierz z listy albo wpisz kilka wartości z listy rozdzielonych średnikiem, \
                     np. „{}”. Excel uprzedzi, że tego nie ma na liście: kliknij OK. Import \
                     sprawdzi każdą wartość.",
                    example.join("; ")
                ))?
                .set_error_message(format!(
                    "Tej wartości nie ma na liście. Kilka wartości z listy rozdziel średnikiem \
                     (;) i kliknij OK; import sprawdzi każdą. Wartości: arkusz {DICTIONARY}."
                ))?
        } else {
            list.set_input_message(format!("Wybierz wartość z listy (arkusz {DICTIONARY})."))?
                .set_error_message(format!(
                    "Tej wartości nie ma na liście. Wybierz wartość z listy (arkusz {DICTIONARY})."
                ))?
        };
        sheet.add_data_validation(1, c, LAST_ROW, c, &check)?;
    }
    for key in ["age_min", "age_max"] {
        let c = column_index(key) as u16;
        let (_, title, _) = COLUMNS[c as usize];
        let age = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(0, 255))
            .set_input_title(title)?
            .set_input_message("Liczba całkowita od 0 do 255; puste — bez ograniczenia.")?
            .set_error_title(title)?
            .set_error_message("Wiek to liczba całkowita od 0 do 255.")?;
        sheet.add_data_validation(1, c, LAST_ROW, c, &age)?;
    }
    let c = column_index("verified_on") as u16;
    let (_, title, _) = COLUMNS[c as usize];
    // Not after today: the core refuses a date of verification in the future.
    let verified = DataValidation::new()
        .allow_date_formula(DataValidationRule::LessThanOrEqualTo(Formula::new(
            "=TODAY()",
        )))
        .set_input_title(title)?
        .set_input_message("Data RRRR-MM-DD lub DD.MM.RRRR, nie późniejsza niż dziś.")?
        .set_error_title(title)?
        .set_error_message("Wpisz datę (RRRR-MM-DD lub DD.MM.RRRR), nie późniejszą niż dziś.")?;
    sheet.add_data_validation(1, c, LAST_ROW, c, &verified)?;
    Ok(())
}

/// The dictionary sheet: a row per value of each column with a fixed set of values (the column's
/// header, the value as the sheet holds it, its code, its English label), and the named range of
/// each column's values (name, `='Słownik'!$B$2:$B$7`).
fn write_dictionary(
    sheet: &mut rust_xlsxwriter::Worksheet,
    header: &rust_xlsxwriter::Format,
) -> Result<Vec<(String, String)>, rust_xlsxwriter::XlsxError> {
    let headers = [
        ("Kolumna", 24.0),
        ("Wartość (tak jak w arkuszu)", 44.0),
        ("Kod", 24.0),
        ("English", 36.0),
    ];
    for (c, (text, width)) in headers.into_iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, text, header)?;
        sheet.set_column_width(c as u16, width)?;
    }
    let mut names = Vec::new();
    let mut r = 1u32;
    for (key, values) in FIXED_COLUMNS {
        let (_, title, _) = COLUMNS[column_index(key)];
        let first = r;
        for choice in values.choices() {
            sheet.write_string(r, 0, title)?;
            sheet.write_string(r, 1, choice.pl)?;
            sheet.write_string(r, 2, choice.code)?;
            sheet.write_string(r, 3, choice.en)?;
            r += 1;
        }
        names.push((
            list_name(key),
            format!("='{DICTIONARY}'!$B${}:$B${}", first + 1, r),
        ));
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_print_fit_to_pages(1, 0);
    // Read-only (with no password, so a worker can still lift it): a value changed here would
    // change what the lists offer, not what the import takes.
    sheet.protect();
    Ok(names)
}

/// The instructions sheet, in Polish.
fn write_instructions(
    sheet: &mut rust_xlsxwriter::Worksheet,
    header: &rust_xlsxwriter::Format,
    wrap: &rust_xlsxwriter::Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let title = rust_xlsxwriter::Format::new().set_bold().set_font_size(14);
    sheet.set_column_width(0, 28.0)?;
    sheet.set_column_width(1, 90.0)?;
    let mut r = 0u32;
    let mut line = |sheet: &mut rust_xlsxwriter::Worksheet,
                    a: &str,
                    b: &str,
                    format: &rust_xlsxwriter::Format|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        if !a.is_empty() {
            sheet.write_string_with_format(r, 0, a, format)?;
        }
        if !b.is_empty() {
            sheet.write_string_with_format(r, 1, b, wrap)?;
        }
        r += 1;
        Ok(())
    };
    line(sheet, "Koszyk usług — jak wypełniać arkusz", "", &title)?;
    line(sheet, "", "", wrap)?;
    line(sheet, "Arkusz", &format!("Arkusz „{SHEET}” to lokalny koszyk usług PZK (narzędzie 11 modelu Kooperacje 3D): jeden wiersz to jedna usługa. Pierwszy wiersz to nagłówki kolumn — nie zmieniaj ich."), header)?;
    line(sheet, "Nowa usługa", "Dopisz ją w pierwszym wolnym wierszu. Identyfikator usługi możesz zostawić pusty: zostanie utworzony z nazwy.", header)?;
    line(sheet, "Zmiana usługi", "Popraw wartości w jej wierszu. Identyfikatora usługi nie zmieniaj: po nim import rozpoznaje usługę. Usunięcie wiersza nie usuwa usługi z koszyka — usługę, której już nie ma, oznacz statusem.", header)?;
    line(sheet, "Listy rozwijane", &format!("W kolumnach ze strzałką przy komórce wybierz wartość z listy; dozwolone wartości są w arkuszu „{DICTIONARY}”."), header)?;
    // The columns of several values, and an example of two, from the core's values.
    let several: Vec<(&str, Values)> = FIXED_COLUMNS
        .iter()
        .filter(|(_, values)| values.multiple())
        .map(|(key, values)| (COLUMNS[column_index(key)].1, *values))
        .collect();
    let titles: Vec<String> = several.iter().map(|(t, _)| format!("„{t}”")).collect();
    let two: Vec<&str> = several
        .last()
        .map(|(_, values)| values.choices().iter().take(2).map(|c| c.pl).collect())
        .unwrap_or_default();
    line(sheet, "Kilka wartości", &format!("W kolumnach {} można podać kilka wartości z listy, rozdzielając je średnikiem (;), np. „{}”. Excel uprzedzi wtedy, że takiej wartości nie ma na liście: kliknij OK. Import sprawdzi każdą wartość osobno.", titles.join(" i "), two.join("; ")), header)?;
    line(
        sheet,
        "Daty i liczby",
        "Daty wpisuj jako RRRR-MM-DD lub DD.MM.RRRR, wiek jako liczbę całkowitą.",
        header,
    )?;
    line(
        sheet,
        "Własne kolumny",
        "Dodatkowe kolumny (np. notatki) dopisz po prawej stronie: import je pomija.",
        header,
    )?;
    line(sheet, "", "", wrap)?;
    line(sheet, "Kolumna", "Co zawiera", header)?;
    for (key, help) in COLUMN_HELP {
        let (_, title, _) = COLUMNS[column_index(key)];
        let mut text = help.to_owned();
        if let Some((_, values)) = FIXED_COLUMNS.iter().find(|(k, _)| *k == key) {
            text.push_str(&if values.multiple() {
                format!(" Wartości z listy (arkusz {DICTIONARY}); kilka rozdziel średnikiem (;).")
            } else {
                format!(" Jedna wartość z listy (arkusz {DICTIONARY}).")
            });
        }
        line(sheet, title, &text, wrap)?;
    }
    line(sheet, "", "", wrap)?;
    line(sheet, "Import", "Co się dzieje przy imporcie", header)?;
    line(sheet, "", &format!("Import czyta tylko arkusz „{SHEET}”; arkusze „{DICTIONARY}” i „{INSTRUCTIONS}” są pomocą i można je usunąć."), wrap)?;
    line(sheet, "", "Każdy wiersz jest porównywany z usługą o tym samym identyfikatorze: nowa usługa zostaje dodana, zmieniony opis lub status — zapisany w historii usługi, a wiersz bez zmian nic nie zmienia.", wrap)?;
    // The example names the areas' cell in row 8 as an import does.
    let areas = column_index("areas");
    let example = format!("{}8: {}", column_name(areas), COLUMNS[areas].1);
    line(sheet, "", &format!("Każdy błędny wiersz jest zgłaszany z adresem komórki i nazwą kolumny, np. „{example}: nieznany obszar wsparcia …”. Jeśli któryś wiersz jest błędny, nic nie zostaje zaimportowane, chyba że wybrano pomijanie błędnych wierszy."), wrap)?;
    line(sheet, "", "Każdą zmianę sprawdzają reguły modelu, np. data ostatniej weryfikacji nie może być z przyszłości.", wrap)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.protect();
    Ok(())
}

/// A date as Excel holds it, if Excel can (years 1900 to 9999); never another date made by
/// cutting the year to 16 bits.
fn excel_date(d: NaiveDate) -> Option<rust_xlsxwriter::ExcelDateTime> {
    use chrono::Datelike;
    let year = u16::try_from(d.year()).ok()?;
    let (month, day) = (u8::try_from(d.month()).ok()?, u8::try_from(d.day()).ok()?);
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, month, day).ok()
}

/// Why the check of an Excel file's parts stopped.
enum Vetting {
    /// A limit was crossed.
    Refused(FileError),
    /// The part could not be inflated or parsed: the file is broken.
    Broken(String),
}

impl From<quick_xml::Error> for Vetting {
    fn from(e: quick_xml::Error) -> Self {
        Vetting::Broken(e.to_string())
    }
}

/// A part being inflated, with what is left of [`MAX_UNPACKED_BYTES`].
struct Budget<R> {
    inner: R,
    left: u64,
    exceeded: bool,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => {
                self.exceeded = true;
                Err(std::io::Error::other("the unpacked size limit"))
            }
        }
    }
}

fn unpacked_too_large(part: &str) -> FileError {
    let mib = MAX_UNPACKED_BYTES >> 20;
    FileError {
        message: format!(
            "the Excel file unpacks to more than the limit of {mib} MiB (at part {part})"
        ),
        message_pl: format!(
            "plik Excel po rozpakowaniu przekracza limit {mib} MiB (w części {part})"
        ),
    }
}

/// Checks what reading an Excel file would take before the spreadsheet reader (calamine) opens
/// it, since that reader holds the shared strings and styles whole, reserves room for as many
/// shared strings as the file declares, and copies a cell format's font into every format that
/// names it. Every part is inflated once, in a stream, within [`MAX_UNPACKED_BYTES`] altogether
/// (the sizes the archive declares are checked first, then the bytes actually inflated); the
/// shared strings and styles are parsed on the way, within [`MAX_SHARED_STRINGS`],
/// [`MAX_CELL_FORMATS`] and [`MAX_STYLE_VALUE`]. Nothing is kept. The worksheet's cells are
/// limited as they are read ([`xlsx_table`]).
fn vet_xlsx(bytes: &[u8]) -> Result<(), FileError> {
    // Not a zip archive: calamine says what it is, as before.
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let name = |raw: &[u8]| String::from_utf8_lossy(raw).into_owned();
    let mut declared = 0u64;
    for i in 0..zip.len() {
        if let Ok(part) = zip.by_index_raw(i) {
            declared = declared.saturating_add(part.size());
            if declared > MAX_UNPACKED_BYTES {
                return Err(unpacked_too_large(&name(part.name_raw())));
            }
        }
    }
    let mut left = MAX_UNPACKED_BYTES;
    for i in 0..zip.len() {
        // A part that cannot even be opened (encrypted, an unknown compression) cannot be
        // inflated by calamine either.
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        let part_name = name(part.name_raw());
        let file_name = part_name.rsplit('/').next().unwrap_or_default();
        let mut part = Budget {
            inner: part,
            left,
            exceeded: false,
        };
        let checked = if file_name.eq_ignore_ascii_case("sharedStrings.xml") {
            vet_shared_strings(&mut part)
        } else if file_name.eq_ignore_ascii_case("styles.xml") {
            vet_styles(&mut part)
        } else {
            std::io::copy(&mut part, &mut std::io::sink())
                .map(drop)
                .map_err(|e| Vetting::Broken(e.to_string()))
        };
        if part.exceeded {
            return Err(unpacked_too_large(&part_name));
        }
        left = part.left;
        match checked {
            Ok(()) => {}
            Err(Vetting::Refused(e)) => return Err(e),
            Err(Vetting::Broken(e)) => {
                return Err(FileError {
                    message: format!("not a readable Excel file: part {part_name}: {e}"),
                    message_pl: format!("to nie jest poprawny plik Excel: część {part_name}: {e}"),
                })
            }
        }
    }
    Ok(())
}

/// An XML reader as lenient as calamine's, so that the check refuses no file calamine reads.
fn xml_reader<R: Read>(part: R) -> quick_xml::Reader<BufReader<R>> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    xml
}

/// A count an attribute declares, as calamine reads it (digits, perhaps after a `+`); any
/// number too large for `u64` counts as `u64::MAX`.
fn declared_count(value: &str) -> Option<u64> {
    let digits = value.strip_prefix('+').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|d| d.is_ascii_digit()) {
        return None;
    }
    Some(digits.bytes().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

fn too_many_shared_strings(declared: Option<u64>) -> Vetting {
    let (en, pl) = match declared {
        Some(n) => (
            format!("the Excel file declares {n} shared strings: more than the limit of {MAX_SHARED_STRINGS}"),
            format!("plik Excel deklaruje {n} tekstów współdzielonych: więcej niż limit {MAX_SHARED_STRINGS}"),
        ),
        None => (
            format!("the Excel file has more than the limit of {MAX_SHARED_STRINGS} shared strings"),
            format!("plik Excel ma więcej tekstów współdzielonych niż limit {MAX_SHARED_STRINGS}"),
        ),
    };
    Vetting::Refused(FileError {
        message: en,
        message_pl: pl,
    })
}

/// The shared strings: at most [`MAX_SHARED_STRINGS`], counted and as declared (`count`,
/// `uniqueCount`: calamine reserves room for the latter before reading one).
fn vet_shared_strings(part: impl Read) -> Result<(), Vetting> {
    use quick_xml::events::Event;
    let mut xml = xml_reader(part);
    let mut buf = Vec::new();
    let mut strings = 0usize;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sst" => {
                    for a in e.attributes().with_checks(false).flatten() {
                        if matches!(a.key.local_name().as_ref(), "count" | "uniqueCount") {
                            if let Some(n) = declared_count(&a.value) {
                                if n > MAX_SHARED_STRINGS as u64 {
                                    return Err(too_many_shared_strings(Some(n)));
                                }
                            }
                        }
                    }
                }
                "si" => {
                    strings += 1;
                    if strings > MAX_SHARED_STRINGS {
                        return Err(too_many_shared_strings(None));
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The styles: at most [`MAX_CELL_FORMATS`] cell formats, no value longer than
/// [`MAX_STYLE_VALUE`].
fn vet_styles(part: impl Read) -> Result<(), Vetting> {
    use quick_xml::events::Event;
    let refused = |en: String, pl: String| {
        Vetting::Refused(FileError {
            message: en,
            message_pl: pl,
        })
    };
    let mut xml = xml_reader(part);
    let mut buf = Vec::new();
    let mut formats = 0usize;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) | Event::Empty(e) => {
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|e| Vetting::Broken(e.to_string()))?;
                    if a.value.len() > MAX_STYLE_VALUE {
                        return Err(refused(
                            format!("the Excel file's styles hold a value longer than the limit of {MAX_STYLE_VALUE} bytes"),
                            format!("style pliku Excel zawierają wartość dłuższą niż limit {MAX_STYLE_VALUE} bajtów"),
                        ));
                    }
                }
                if e.local_name().as_ref() == "xf" {
                    formats += 1;
                    if formats > MAX_CELL_FORMATS {
                        return Err(refused(
                            format!("the Excel file's styles have more than the limit of {MAX_CELL_FORMATS} cell formats"),
                            format!("style pliku Excel mają więcej formatów komórek niż limit {MAX_CELL_FORMATS}"),
                        ));
                    }
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The first sheet of an Excel file as rows of text, from the row and column of its first cell to
/// those of its last (as calamine's `worksheet_range` has them). The file's parts are checked
/// first ([`vet_xlsx`]); then the cells are streamed one by one, each checked as it comes: inside
/// an Excel sheet (A1:XFD1048576), at most [`MAX_CELL_CHARS`] long, at most [`MAX_SHEET_CELLS`] of
/// them spanning at most as many, with at most [`MAX_SHEET_TEXT`] of text together. Only then is
/// the table made: `worksheet_range` allocates the whole rectangle, and one cell with a corrupt
/// reference far to the right (`FHNTSE2`, found by the fuzz target basket_xlsx) made a 2 KB file
/// ask for 7 GB.
///
/// The sheet read is the basket's ([`SHEET`]), or the first if none has its name; the table comes
/// with its first row and column (from 0).
pub(crate) fn xlsx_table(bytes: &[u8]) -> Result<(Vec<Vec<String>>, usize, usize), FileError> {
    let bad = |en: String, pl: String| FileError {
        message: en,
        message_pl: pl,
    };
    vet_xlsx(bytes)?;
    // As `open_workbook_auto` opens a `.xlsx` path, from the bytes.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| {
            let e = calamine::Error::Xlsx(e);
            bad(
                format!("not a readable Excel file: {e}"),
                format!("to nie jest poprawny plik Excel: {e}"),
            )
        })?;
    let names = book.sheet_names();
    let basket = names.iter().find(|n| n.as_str() == SHEET);
    let first = basket.or(names.first()).cloned().ok_or_else(|| {
        bad(
            "the workbook has no sheets".into(),
            "skoroszyt nie ma arkuszy".into(),
        )
    })?;
    let cannot = |e: calamine::XlsxError| {
        let e = calamine::Error::Xlsx(e);
        bad(
            format!("cannot read sheet {first}: {e}"),
            format!("nie można odczytać arkusza {first}: {e}"),
        )
    };
    let mut cells = Vec::new();
    let mut reader = match book.worksheet_cells_reader(&first) {
        Ok(reader) => reader,
        // A chart sheet, say: no cells, as `worksheet_range` has it.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok((Vec::new(), 0, 0)),
        Err(e) => return Err(cannot(e)),
    };
    let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0, u32::MAX, 0);
    let mut text = 0usize;
    while let Some(cell) = reader.next_cell().map_err(cannot)? {
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        if row >= 1_048_576 || col >= 16_384 {
            return Err(bad(
                format!(
                    "not a readable Excel file: a cell of sheet {first} lies beyond XFD1048576"
                ),
                format!(
                    "to nie jest poprawny plik Excel: komórka arkusza {first} leży poza XFD1048576"
                ),
            ));
        }
        if cells.len() == MAX_SHEET_CELLS {
            return Err(bad(
                format!("sheet {first} has more than the limit of {MAX_SHEET_CELLS} cells"),
                format!("arkusz {first} ma więcej komórek niż limit {MAX_SHEET_CELLS}"),
            ));
        }
        (top, bottom) = (top.min(row), bottom.max(row));
        (left, right) = (left.min(col), right.max(col));
        let (height, width) = (u64::from(bottom - top) + 1, u64::from(right - left) + 1);
        if height * width > MAX_SHEET_CELLS as u64 {
            return Err(bad(
                format!("sheet {first} spans {height} rows and {width} columns: more than {MAX_SHEET_CELLS} cells"),
                format!("arkusz {first} obejmuje {height} wierszy i {width} kolumn: ponad {MAX_SHEET_CELLS} komórek"),
            ));
        }
        let shown = cell_text(value, row as usize + 1)?;
        text += shown.len();
        if text > MAX_SHEET_TEXT {
            let mib = MAX_SHEET_TEXT >> 20;
            return Err(bad(
                format!("the cells of sheet {first} hold more than the limit of {mib} MiB of text"),
                format!("komórki arkusza {first} zawierają więcej tekstu niż limit {mib} MiB"),
            ));
        }
        cells.push((row, col, shown));
    }
    if cells.is_empty() {
        return Ok((Vec::new(), 0, 0));
    }
    // Both at most MAX_SHEET_CELLS, as checked above.
    let (height, width) = ((bottom - top) as usize + 1, (right - left) as usize + 1);
    let mut table = vec![vec![String::new(); width]; height];
    for (row, col, text) in cells {
        table[(row - top) as usize][(col - left) as usize] = text;
    }
    Ok((table, top as usize, left as usize))
}

/// A cell's value as the import's text; a text longer than [`MAX_CELL_CHARS`] is refused before
/// it is copied.
fn cell_text(d: &DataRef<'_>, row: usize) -> Result<String, FileError> {
    Ok(match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            check_cell_length(s, row)?;
            s.clone()
        }
        DataRef::SharedString(s) => {
            check_cell_length(s, row)?;
            (*s).to_owned()
        }
        // A whole number as one (2^53 and beyond a float no longer holds every integer, and
        // `as i64` would turn 1e300 into 9223372036854775807).
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
            format!("{}", *f as i64)
        }
        DataRef::Float(f) => f.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => b.to_string(),
        // Excel's serial date: days since 1899-12-30 (the 1900 date system); a serial no date
        // can have stays the number it is.
        DataRef::DateTime(dt) => chrono::TimeDelta::try_days(dt.as_f64().floor() as i64)
            .and_then(|days| NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(days))
            .map(|d| d.to_string())
            .unwrap_or_else(|| dt.to_string()),
        DataRef::Error(e) => format!("#{e:?}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_explained_once_in_the_sheet_s_order() {
        let keys: Vec<&str> = COLUMN_HELP.iter().map(|(k, _)| *k).collect();
        let columns: Vec<&str> = COLUMNS.iter().map(|(k, _, _)| *k).collect();
        assert_eq!(keys, columns);
    }
}
