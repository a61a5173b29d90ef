//! The local basket as the sheet OPS staff know (the model's tool 11): one row per service with
//! Polish column headers, as Excel (`.xlsx`), CSV (semicolon-separated, UTF-8 with BOM, as Polish
//! Excel writes it) or JSON. Reading checks every row and reports each bad one with its number;
//! turning rows into basket commands is left to the core.

use calamine::{DataRef, Reader};
use chrono::NaiveDate;
use kooperacje::basket::{
    Provider, Service, ServiceInput, ServiceKind, ServiceOrigin, ServiceStatus, TargetGroups,
};
use kooperacje::{Area, ClientKind, Labelled, Lang, Ministry, Partnership, Sector, ServiceId};
use std::collections::BTreeMap;
use std::io::{BufReader, Read};
use std::path::Path;

/// The columns: JSON key, Polish header, English header.
pub const COLUMNS: [(&str, &str, &str); 19] = [
    ("service_id", "Identyfikator usługi", "Service id"),
    ("name", "Nazwa usługi", "Service"),
    ("provider", "Realizator", "Provider"),
    (
        "provider_member_id",
        "Identyfikator partnera PZK",
        "PZK member id",
    ),
    ("provider_sector", "Sektor realizatora", "Provider sector"),
    (
        "provider_ministry",
        "Resort realizatora",
        "Provider ministry",
    ),
    ("kind", "Rodzaj usługi", "Kind"),
    ("description", "Opis", "Description"),
    ("components", "Działania składowe", "Components"),
    ("areas", "Obszary wsparcia", "Areas of support"),
    ("target_groups", "Grupy docelowe", "Target groups"),
    ("age_min", "Wiek od", "Age from"),
    ("age_max", "Wiek do", "Age to"),
    ("access_conditions", "Warunki dostępu", "Access conditions"),
    ("contact_person", "Osoba do kontaktu", "Contact person"),
    ("origin", "Pochodzenie", "Origin"),
    ("status", "Status", "Status"),
    ("verified_on", "Data ostatniej weryfikacji", "Last verified"),
    ("version", "Wersja", "Version"),
];

/// The file formats of a basket sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Excel 2007+.
    Xlsx,
    /// CSV.
    Csv,
    /// JSON: an array of objects keyed by [`COLUMNS`]' keys.
    Json,
}

impl Format {
    /// The format a file name implies.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// One row as text cells, in [`COLUMNS`] order.
pub type Row = Vec<String>;

/// A bad row: its number (the spreadsheet's row number, the header being row 1) and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// Row number.
    pub row: usize,
    /// Stable code (the core's code when the core refused the row).
    pub code: String,
    /// Reason in English.
    pub message: String,
    /// Reason in Polish.
    pub message_pl: String,
}

impl RowError {
    fn new(row: usize, code: &str, en: String, pl: String) -> RowError {
        RowError {
            row,
            code: code.into(),
            message: en,
            message_pl: pl,
        }
    }

    /// The reason in the given language.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Pl => &self.message_pl,
            Lang::En => &self.message,
        }
    }
}

/// A good row: the service it describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRow {
    /// Row number.
    pub row: usize,
    /// The service's id.
    pub service_id: ServiceId,
    /// Its description.
    pub input: ServiceInput,
    /// Its status.
    pub status: ServiceStatus,
}

/// The basket's rows, by service id, with labels in Polish.
pub fn rows(p: &Partnership) -> Vec<Row> {
    p.basket
        .services
        .iter()
        .map(|(id, s)| row(p, id, s))
        .collect()
}

fn row(p: &Partnership, id: &ServiceId, s: &Service) -> Row {
    let i = &s.input;
    let (provider, member, sector, ministry) = match &i.provider {
        Provider::Member { member_id } => (
            p.members
                .get(member_id)
                .map(|m| m.profile.name.clone())
                .unwrap_or_else(|| member_id.to_string()),
            member_id.to_string(),
            String::new(),
            String::new(),
        ),
        Provider::External {
            name,
            sector,
            ministry,
        } => (
            name.clone(),
            String::new(),
            sector.map(|s| s.label_pl().to_owned()).unwrap_or_default(),
            ministry
                .map(|m| m.label_pl().to_owned())
                .unwrap_or_default(),
        ),
    };
    let mut groups = Vec::new();
    for (on, kind) in [
        (i.target.persons, ClientKind::Person),
        (i.target.families, ClientKind::Family),
        (i.target.groups, ClientKind::Group),
    ] {
        if on {
            groups.push(kind.label_pl());
        }
    }
    let age = |a: Option<u8>| a.map(|a| a.to_string()).unwrap_or_default();
    vec![
        id.to_string(),
        i.name.clone(),
        provider,
        member,
        sector,
        ministry,
        i.kind.label_pl().into(),
        i.description.clone(),
        i.components.join("\n"),
        i.areas
            .iter()
            .map(|a| a.label_pl())
            .collect::<Vec<_>>()
            .join("; "),
        groups.join("; "),
        age(i.target.age_min),
        age(i.target.age_max),
        i.access_conditions.clone(),
        i.contact_person.clone(),
        i.origin.label_pl().into(),
        s.status.label_pl().into(),
        i.verified_on.to_string(),
        s.version.to_string(),
    ]
}

/// Writes rows in a format.
pub fn write(path: &Path, format: Format, rows: &[Row]) -> Result<(), String> {
    match format {
        Format::Xlsx => write_xlsx(path, rows).map_err(|e| e.to_string()),
        Format::Csv => write_csv(path, rows),
        Format::Json => {
            let objects: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .iter()
                .map(|r| {
                    COLUMNS
                        .iter()
                        .zip(r)
                        .map(|((key, _, _), v)| ((*key).to_owned(), v.clone().into()))
                        .collect()
                })
                .collect();
            let text = serde_json::to_string_pretty(&objects).map_err(|e| e.to_string())?;
            std::fs::write(path, text + "\n").map_err(|e| e.to_string())
        }
    }
}

fn write_csv(path: &Path, rows: &[Row]) -> Result<(), String> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        w.write_record(COLUMNS.iter().map(|c| c.1))
            .map_err(|e| e.to_string())?;
        for r in rows {
            w.write_record(r.iter().map(|cell| guard_formula(cell).into_owned()))
                .map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    std::fs::write(path, out).map_err(|e| e.to_string())
}

fn write_xlsx(path: &Path, rows: &[Row]) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format as Fmt, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Koszyk usług")?;
    let header = Fmt::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Fmt::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Fmt::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);
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
    book.save(path)
}

/// A date as Excel holds it, if Excel can (years 1900 to 9999); never another date made by
/// cutting the year to 16 bits.
fn excel_date(d: NaiveDate) -> Option<rust_xlsxwriter::ExcelDateTime> {
    use chrono::Datelike;
    let year = u16::try_from(d.year()).ok()?;
    let (month, day) = (u8::try_from(d.month()).ok()?, u8::try_from(d.day()).ok()?);
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, month, day).ok()
}

/// What a spreadsheet opening a CSV file may take for the start of a formula and run: `=`, `+`,
/// `-`, `@` (OWASP, "CSV Injection"), and the tab, carriage return and line feed some programs
/// skip before looking for one (OWASP lists the first two; a line feed is skipped alike).
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// Whether a CSV cell is quoted by [`guard_formula`]: it starts, after any number of single
/// quotes, with one of [`FORMULA_STARTS`]. Counting the quotes is what makes the round trip exact:
/// `'=x` (a text that really starts with a quote) is written `''=x` and read back as `'=x`.
fn formula_like(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A CSV cell as written: one single quote before a cell a spreadsheet would run, which shows it
/// as text (OWASP's advice; Polish Excel opens our CSV, BOM and semicolons, without a dialog).
/// Excel files need none: every text there is a string cell, which Excel never evaluates.
fn guard_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A CSV cell as read: [`guard_formula`] undone (exactly one quote, and only where it would have
/// been added). A sheet saved again by Excel has lost the quote already; nothing to undo then.
fn unguard_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

/// A file that cannot be read as a basket sheet at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// In English.
    pub message: String,
    /// In Polish.
    pub message_pl: String,
}

/// Reads a sheet's rows (cells in [`COLUMNS`] order) with their row numbers. A file larger than
/// [`MAX_FILE_BYTES`] is refused unread.
pub fn read(path: &Path, format: Format) -> Result<Vec<(usize, Row)>, FileError> {
    let io = |e: std::io::Error| FileError {
        message: e.to_string(),
        message_pl: e.to_string(),
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FileError {
            message: format!(
                "the file is larger than the limit of {} MiB for a basket sheet",
                MAX_FILE_BYTES >> 20
            ),
            message_pl: format!(
                "plik jest większy niż limit {} MiB dla arkusza koszyka",
                MAX_FILE_BYTES >> 20
            ),
        });
    }
    read_bytes(&bytes, format)
}

/// [`read`] from the file's contents (what the fuzz target `basket_*` feeds it).
pub fn read_bytes(bytes: &[u8], format: Format) -> Result<Vec<(usize, Row)>, FileError> {
    let bad = |en: String, pl: String| FileError {
        message: en,
        message_pl: pl,
    };
    let table: Vec<Vec<String>> = match format {
        // The spreadsheet reader may panic on a malformed file (calamine 0.38 overflows on a cell
        // reference with too many letters, as the fuzz target basket_xlsx found): such a file is
        // unreadable, like any other broken one, not a crash of the command — and says nothing
        // on standard error (the core's quiet guard).
        Format::Xlsx => match kooperacje::guard::catch_quietly(|| xlsx_table(bytes)) {
            Ok(table) => table?,
            Err(_) => {
                return Err(bad(
                    "not a readable Excel file: its worksheet is malformed".into(),
                    "to nie jest poprawny plik Excel: jego arkusz jest uszkodzony".into(),
                ))
            }
        },
        Format::Csv => {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                bad(
                    "the CSV file is not UTF-8 text".into(),
                    "plik CSV nie jest tekstem w kodowaniu UTF-8".into(),
                )
            })?;
            let text = text.trim_start_matches('\u{feff}');
            let first_line = text.lines().next().unwrap_or("");
            let delimiter = if first_line.matches(';').count() >= first_line.matches(',').count() {
                b';'
            } else {
                b','
            };
            let mut r = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut out = Vec::new();
            for rec in r.records() {
                let rec =
                    rec.map_err(|e| bad(format!("bad CSV: {e}"), format!("błędny plik CSV: {e}")))?;
                out.push(
                    rec.iter()
                        .map(|cell| unguard_formula(cell).to_owned())
                        .collect(),
                );
            }
            out
        }
        Format::Json => {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                bad(
                    "the JSON file is not UTF-8 text".into(),
                    "plik JSON nie jest tekstem w kodowaniu UTF-8".into(),
                )
            })?;
            let items: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(text)
                .map_err(|e| {
                    bad(
                        format!("expected a JSON array of objects: {e}"),
                        format!("oczekiwano tablicy obiektów JSON: {e}"),
                    )
                })?;
            let mut keys: Vec<String> = COLUMNS.iter().map(|c| c.0.to_owned()).collect();
            for item in &items {
                for k in item.keys() {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
            }
            let mut out = vec![keys.clone()];
            for item in items {
                out.push(
                    keys.iter()
                        .map(|k| match item.get(k) {
                            None | Some(serde_json::Value::Null) => String::new(),
                            Some(serde_json::Value::String(s)) => s.clone(),
                            Some(v) => v.to_string(),
                        })
                        .collect(),
                );
            }
            out
        }
    };
    if format != Format::Xlsx {
        for (i, row) in table.iter().enumerate() {
            for cell in row {
                check_cell_length(cell, i + 1)?;
            }
        }
    }
    let Some((header, body)) = table.split_first() else {
        return Err(bad("the file is empty".into(), "plik jest pusty".into()));
    };
    // Map each known column to its position in this file; unknown columns are ignored (staff
    // keep notes in extra columns).
    let position: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|(key, pl, en)| {
            header.iter().position(|h| {
                let h = fold(h);
                h == fold(key) || h == fold(pl) || h == fold(en)
            })
        })
        .collect();
    for (i, required) in [(0, "service_id"), (1, "name"), (2, "provider")] {
        if position[i].is_none() {
            let (_, pl, _) = COLUMNS[i];
            return Err(bad(
                format!("no column \"{pl}\" ({required}) in the header row"),
                format!("brak kolumny \"{pl}\" w wierszu nagłówka"),
            ));
        }
    }
    Ok(body
        .iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, r)| {
            let cells = position
                .iter()
                .map(|p| p.and_then(|p| r.get(p)).cloned().unwrap_or_default())
                .collect();
            (i + 2, cells)
        })
        .collect())
}

/// The largest file [`read`] takes: 32 MiB, six times a basket of 10,000 services as CSV.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// What all the parts of an Excel file may unpack to, together: 32 MiB (a basket of 4,000
/// services exported unpacks to 2.4 MB). An .xlsx is a zip archive whose parts deflate about a
/// thousand to one when they repeat themselves, so a 100 KB file can hold a 100 MB worksheet; the
/// sizes its parts declare are added up first, then the bytes are counted as they are inflated,
/// and reading stops at the limit.
pub const MAX_UNPACKED_BYTES: u64 = 32 << 20;

/// The most characters a cell may hold: Excel's own limit, 32,767 (in UTF-16 units, as Excel
/// counts). The core's longest text is far shorter; a longer cell is no basket sheet's.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The most text the cells of a sheet may hold together once read: 32 MiB. A shared string is
/// stored once and shown by any number of cells, each of which gets its own copy of it.
pub const MAX_SHEET_TEXT: usize = 32 << 20;

/// The most cells a sheet may have, and the most its table may span (its rectangle from the first
/// cell to the last): 24 MB of empty cells, and far more than a basket of services fills.
pub const MAX_SHEET_CELLS: usize = 1_000_000;

/// The most shared strings an Excel file may have or declare: one per cell at most.
pub const MAX_SHARED_STRINGS: usize = MAX_SHEET_CELLS;

/// The most cell formats (`xf`) in an Excel file's styles: a basket sheet has a handful, a much
/// formatted workbook a few thousand. The reader copies a cell format's font and number format
/// into each, so their number times the length of those is what reading the styles takes.
pub const MAX_CELL_FORMATS: usize = 10_000;

/// The longest value in an Excel file's styles, in bytes: Excel keeps a font name to 31
/// characters and a number format to 255.
pub const MAX_STYLE_VALUE: usize = 255;

/// A cell no longer than [`MAX_CELL_CHARS`], or the error naming its row.
fn check_cell_length(cell: &str, row: usize) -> Result<(), FileError> {
    // UTF-8 takes at least as many bytes as UTF-16 takes units: most cells need no counting.
    if cell.len() <= MAX_CELL_CHARS || cell.encode_utf16().count() <= MAX_CELL_CHARS {
        return Ok(());
    }
    Err(FileError {
        message: format!(
            "a cell in row {row} holds more than the limit of {MAX_CELL_CHARS} characters (Excel's own)"
        ),
        message_pl: format!(
            "komórka w wierszu {row} ma więcej znaków, niż pozwala limit Excela: {MAX_CELL_CHARS}"
        ),
    })
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
fn xlsx_table(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
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
    let first = book.sheet_names().first().cloned().ok_or_else(|| {
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
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
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
        return Ok(Vec::new());
    }
    // Both at most MAX_SHEET_CELLS, as checked above.
    let (height, width) = ((bottom - top) as usize + 1, (right - left) as usize + 1);
    let mut table = vec![vec![String::new(); width]; height];
    for (row, col, text) in cells {
        table[(row - top) as usize][(col - left) as usize] = text;
    }
    Ok(table)
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

fn fold(s: &str) -> String {
    kooperacje::text::fold(s.trim())
}

fn find<T: Labelled + Copy + std::fmt::Display>(all: &[T], text: &str) -> Option<T> {
    let t = fold(text);
    all.iter()
        .copied()
        .find(|v| fold(&v.to_string()) == t || fold(v.label_pl()) == t || fold(v.label_en()) == t)
}

fn split(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Checks rows and turns them into services: every bad row is reported (several reasons for one
/// row are reported one by one), a service id given twice is a bad row.
pub fn parse(p: &Partnership, rows: &[(usize, Row)]) -> (Vec<ServiceRow>, Vec<RowError>) {
    let mut good = Vec::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (n, cells) in rows {
        let n = *n;
        let before = errors.len();
        let cell = |key: &str| {
            let i = COLUMNS.iter().position(|c| c.0 == key).unwrap_or(0);
            cells.get(i).map(|s| s.trim()).unwrap_or("")
        };
        let mut err = |code: &str, en: String, pl: String| {
            errors.push(RowError::new(n, code, en, pl));
        };
        let name = cell("name");
        let id = match cell("service_id") {
            "" if !name.is_empty() => format!("svc-{}", slug(name)),
            id => id.to_owned(),
        };
        if id.is_empty() {
            err(
                "MISSING_VALUE",
                "missing service id and name".into(),
                "brak identyfikatora i nazwy usługi".into(),
            );
        } else if let Some(first) = seen.get(&id) {
            err(
                "DUPLICATE_SERVICE",
                format!("service {id} is also in row {first}"),
                format!("usługa {id} występuje już w wierszu {first}"),
            );
        } else {
            seen.insert(id.clone(), n);
        }
        let provider_name = cell("provider");
        let member_id = cell("provider_member_id");
        let mut ext_sector = None;
        let mut ext_ministry = None;
        if !cell("provider_sector").is_empty() {
            ext_sector = find(Sector::ALL, cell("provider_sector"));
            if ext_sector.is_none() {
                err(
                    "UNKNOWN_VALUE",
                    format!("unknown sector \"{}\"", cell("provider_sector")),
                    format!("nieznany sektor „{}”", cell("provider_sector")),
                );
            }
        }
        if !cell("provider_ministry").is_empty() {
            ext_ministry = find(Ministry::ALL, cell("provider_ministry"));
            if ext_ministry.is_none() {
                err(
                    "UNKNOWN_VALUE",
                    format!("unknown ministry \"{}\"", cell("provider_ministry")),
                    format!("nieznany resort „{}”", cell("provider_ministry")),
                );
            }
        }
        let provider = if !member_id.is_empty() {
            if p.members
                .contains_key(&kooperacje::MemberId::from(member_id))
            {
                Some(Provider::Member {
                    member_id: member_id.into(),
                })
            } else {
                err(
                    "MEMBER_NOT_FOUND",
                    format!("{member_id} is not a member of the PZK"),
                    format!("{member_id} nie jest partnerem PZK"),
                );
                None
            }
        } else if provider_name.is_empty() {
            err(
                "MISSING_VALUE",
                "missing provider".into(),
                "brak realizatora usługi".into(),
            );
            None
        } else if let Some((mid, _)) = p
            .members
            .iter()
            .find(|(_, m)| fold(&m.profile.name) == fold(provider_name))
        {
            Some(Provider::Member {
                member_id: mid.clone(),
            })
        } else {
            Some(Provider::External {
                name: provider_name.to_owned(),
                sector: ext_sector,
                ministry: ext_ministry,
            })
        };
        let kind = match cell("kind") {
            "" => Some(ServiceKind::Simple),
            k => find(ServiceKind::ALL, k).or_else(|| {
                err(
                    "UNKNOWN_VALUE",
                    format!("unknown kind of service \"{k}\""),
                    format!("nieznany rodzaj usługi „{k}”"),
                );
                None
            }),
        };
        let mut areas = Vec::new();
        for a in split(cell("areas")) {
            match find(Area::ALL, a) {
                Some(area) if !areas.contains(&area) => areas.push(area),
                Some(_) => {}
                None => err(
                    "UNKNOWN_AREA",
                    format!("unknown area of support \"{a}\""),
                    format!("nieznany obszar wsparcia „{a}”"),
                ),
            }
        }
        let mut target = TargetGroups::default();
        for g in split(cell("target_groups")) {
            match find(ClientKind::ALL, g).or_else(|| plural(g)) {
                Some(ClientKind::Person) => target.persons = true,
                Some(ClientKind::Family) => target.families = true,
                Some(ClientKind::Group) => target.groups = true,
                None => err(
                    "UNKNOWN_VALUE",
                    format!("unknown target group \"{g}\""),
                    format!("nieznana grupa docelowa „{g}”"),
                ),
            }
        }
        for (key, slot) in [
            ("age_min", &mut target.age_min),
            ("age_max", &mut target.age_max),
        ] {
            let v = cell(key);
            if !v.is_empty() {
                match v.parse::<u8>() {
                    Ok(a) => *slot = Some(a),
                    _ => err(
                        "BAD_NUMBER",
                        format!("{key}: \"{v}\" is not an age"),
                        format!("{key}: „{v}” nie jest wiekiem"),
                    ),
                }
            }
        }
        let is_member = matches!(provider, Some(Provider::Member { .. }));
        let origin = match cell("origin") {
            "" if is_member => Some(ServiceOrigin::Partner),
            "" => Some(ServiceOrigin::AdjacentArea),
            o => find(ServiceOrigin::ALL, o).or_else(|| {
                err(
                    "UNKNOWN_VALUE",
                    format!("unknown origin \"{o}\""),
                    format!("nieznane pochodzenie usługi „{o}”"),
                );
                None
            }),
        };
        let status = match cell("status") {
            "" => Some(ServiceStatus::Active),
            s => find(ServiceStatus::ALL, s).or_else(|| {
                err(
                    "UNKNOWN_VALUE",
                    format!("unknown status \"{s}\""),
                    format!("nieznany status „{s}”"),
                );
                None
            }),
        };
        let verified_on = match date(cell("verified_on")) {
            Some(d) => Some(d),
            None => {
                let v = cell("verified_on");
                err(
                    "BAD_DATE",
                    format!("last verified: \"{v}\" is not a date (YYYY-MM-DD or DD.MM.YYYY)"),
                    format!("data ostatniej weryfikacji: „{v}” nie jest datą (RRRR-MM-DD lub DD.MM.RRRR)"),
                );
                None
            }
        };
        if errors.len() > before {
            continue;
        }
        let (Some(provider), Some(kind), Some(origin), Some(status), Some(verified_on)) =
            (provider, kind, origin, status, verified_on)
        else {
            continue;
        };
        good.push(ServiceRow {
            row: n,
            service_id: ServiceId::new(id),
            input: ServiceInput {
                name: name.to_owned(),
                description: cell("description").to_owned(),
                kind,
                components: split(cell("components")).map(str::to_owned).collect(),
                provider,
                origin,
                areas,
                target,
                access_conditions: cell("access_conditions").to_owned(),
                contact_person: cell("contact_person").to_owned(),
                verified_on,
            },
            status,
        });
    }
    (good, errors)
}

/// "Osoby", "Rodziny", "Grupy" (the plural a header invites) as well as the labels themselves.
fn plural(text: &str) -> Option<ClientKind> {
    match fold(text).as_str() {
        "osoby" | "persons" | "people" => Some(ClientKind::Person),
        "rodziny" | "families" => Some(ClientKind::Family),
        "grupy" | "groups" => Some(ClientKind::Group),
        _ => None,
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .ok()
}

/// A lower-case ASCII id made from a name ("Poradnictwo rodzinne" → "poradnictwo-rodzinne").
fn slug(name: &str) -> String {
    let folded = kooperacje::text::fold(name);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}
