//! The local basket as the sheet OPS staff know (the model's tool 11): one row per service with
//! Polish column headers, as Excel (`.xlsx`), CSV (semicolon-separated, UTF-8 with BOM, as Polish
//! Excel writes it) or JSON. Reading checks every row and reports each bad one with its number;
//! what the rows change in the basket is worked out by [`crate::import`](mod@crate::import), and decided by the core.
//!
//! Everything here works on bytes and text: no file is opened, so every host (the CLI, Python,
//! JavaScript, Kotlin) reads and writes the same sheets the same way.

use crate::codes::Code;
use chrono::NaiveDate;
use kooperacje::basket::{
    Provider, Service, ServiceInput, ServiceKind, ServiceOrigin, ServiceStatus, TargetGroups,
};
use kooperacje::labels::find;
use kooperacje::{Area, ClientKind, Labelled, Lang, Ministry, Partnership, Sector, ServiceId};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

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

/// A value a column with a fixed set of values may hold, as the sheet's dictionary lists it: the
/// core's stable code and its labels. The sheet holds the Polish label; reading takes any of the
/// three ([`kooperacje::labels::find`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The stable code (`temporarily_unavailable`).
    pub code: &'static str,
    /// The Polish label, as the sheet writes it (`Czasowo niedostępna`).
    pub pl: &'static str,
    /// The English label.
    pub en: &'static str,
}

/// The core's enums whose values a column of the sheet holds: each column with a fixed set of
/// values takes its list from here ([`FIXED_COLUMNS`]), never from a list written again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// [`Sector`]: the provider's sector (sektor realizatora).
    Sector,
    /// [`Ministry`]: the provider's ministry (resort realizatora).
    Ministry,
    /// [`ServiceKind`]: simple or composite (rodzaj usługi).
    ServiceKind,
    /// [`Area`]: the areas of support (obszary wsparcia), several in a cell.
    Area,
    /// [`ClientKind`]: the target groups (grupy docelowe), several in a cell.
    ClientKind,
    /// [`ServiceOrigin`]: where the service comes from (pochodzenie).
    ServiceOrigin,
    /// [`ServiceStatus`]: the service's status.
    ServiceStatus,
}

impl Values {
    /// Every value, in the core's order.
    pub fn choices(self) -> Vec<Choice> {
        fn of<T: Labelled>(all: &[T], code: fn(&T) -> &'static str) -> Vec<Choice> {
            all.iter()
                .map(|v| Choice {
                    code: code(v),
                    pl: v.label_pl(),
                    en: v.label_en(),
                })
                .collect()
        }
        match self {
            Values::Sector => of(Sector::ALL, Sector::code),
            Values::Ministry => of(Ministry::ALL, Ministry::code),
            Values::ServiceKind => of(ServiceKind::ALL, ServiceKind::code),
            Values::Area => of(Area::ALL, Area::code),
            Values::ClientKind => of(ClientKind::ALL, ClientKind::code),
            Values::ServiceOrigin => of(ServiceOrigin::ALL, ServiceOrigin::code),
            Values::ServiceStatus => of(ServiceStatus::ALL, ServiceStatus::code),
        }
    }

    /// Whether a cell holds several values, separated by `;` or line breaks (as the sheet
    /// writes them: `Osoba; Rodzina`), rather than one.
    pub fn multiple(self) -> bool {
        match self {
            Values::Area | Values::ClientKind => true,
            Values::Sector
            | Values::Ministry
            | Values::ServiceKind
            | Values::ServiceOrigin
            | Values::ServiceStatus => false,
        }
    }
}

/// The columns with a fixed set of values, by their [`COLUMNS`] key, in the sheet's order: an
/// Excel sheet offers each as a drop-down list from its dictionary sheet.
pub const FIXED_COLUMNS: [(&str, Values); 7] = [
    ("provider_sector", Values::Sector),
    ("provider_ministry", Values::Ministry),
    ("kind", Values::ServiceKind),
    ("areas", Values::Area),
    ("target_groups", Values::ClientKind),
    ("origin", Values::ServiceOrigin),
    ("status", Values::ServiceStatus),
];

/// The position of a column in [`COLUMNS`], by its key.
pub(crate) fn column_index(key: &str) -> usize {
    COLUMNS.iter().position(|c| c.0 == key).unwrap_or(0)
}

/// A column's name as a spreadsheet shows it, from 0: `A`, …, `Z`, `AA`.
pub fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut name = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        name.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Where a sheet's columns were in the file it was read from, so that a refused value is named
/// as the worker sees it: by cell and header (`J8: Obszary wsparcia`) in an Excel or CSV file (a
/// CSV file is what a spreadsheet shows too, and the same cell names fit it), by the object's
/// index and key (`[6].areas`) in JSON rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    cells: Cells,
    /// For each of [`COLUMNS`]: its column in the table read (from 0) and its header there.
    columns: Vec<Option<(usize, String)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Cells {
    /// A spreadsheet's grid, its table starting in this column (0 is `A`).
    Grid { first_col: usize },
    /// JSON rows: an array of objects.
    Json,
    /// Not known (rows given without their file, [`parse`]): the column's Polish header and the
    /// row's number.
    #[default]
    Unknown,
}

impl Layout {
    /// Where the value of column `column` (of [`COLUMNS`]) of row `row` is: in English and in
    /// Polish (the same but for a place not known).
    pub(crate) fn place(&self, column: usize, row: usize) -> (String, String) {
        match (
            self.cells,
            self.columns.get(column).and_then(Option::as_ref),
        ) {
            (Cells::Grid { first_col }, Some((at, header))) => {
                let place = format!("{}{row}: {header}", column_name(first_col + at));
                (place.clone(), place)
            }
            (Cells::Json, Some((_, key))) => {
                let place = format!("[{}].{key}", row.saturating_sub(2));
                (place.clone(), place)
            }
            (Cells::Grid { .. } | Cells::Json | Cells::Unknown, _) => {
                let header = COLUMNS.get(column).map_or("", |c| c.1);
                (
                    format!("{header} (row {row})"),
                    format!("{header} (wiersz {row})"),
                )
            }
        }
    }
}

/// A sheet as read: its rows (cells in [`COLUMNS`] order, with their row numbers) and where its
/// columns were in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The rows with their numbers.
    pub rows: Vec<(usize, Row)>,
    /// Where each column was.
    pub layout: Layout,
}

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
        Format::from_name(path.extension()?.to_str()?)
    }

    /// The format of a name (`xlsx`, `csv`, `json`, any case), as hosts pass it.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// Its name, as [`Format::from_name`] reads it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// One row as text cells, in [`COLUMNS`] order.
pub type Row = Vec<String>;

/// A bad row: its number (the spreadsheet's row number, the header being row 1, unless an Excel
/// sheet's table starts lower) and why, each reason starting with where the refused value is
/// ([`parse_sheet`]).
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
    fn new(row: usize, code: Code, en: String, pl: String) -> RowError {
        RowError {
            row,
            code: code.code().into(),
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
    /// Where the sheet's columns were (one for all the rows of a sheet): what a refusal of the
    /// core names the cell of the field it refuses with ([`crate::reconcile`]).
    pub layout: Arc<Layout>,
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

/// Rows written in a format: the bytes of the file. JSON is pretty-printed, with a final line
/// feed; CSV is UTF-8 with a BOM, semicolon-separated, formulas quoted (as Polish Excel reads it).
pub fn write_bytes(format: Format, rows: &[Row]) -> Result<Vec<u8>, String> {
    match format {
        #[cfg(feature = "xlsx")]
        Format::Xlsx => crate::xlsx::write_xlsx(rows).map_err(|e| e.to_string()),
        #[cfg(not(feature = "xlsx"))]
        Format::Xlsx => Err(no_xlsx().message),
        Format::Csv => write_csv(rows),
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
            Ok((text + "\n").into_bytes())
        }
    }
}

/// The refusal of an Excel file by a build without the feature `xlsx`.
#[cfg(not(feature = "xlsx"))]
fn no_xlsx() -> FileError {
    FileError {
        message: "Excel files are not supported by this build; use CSV or JSON".into(),
        message_pl: "ta wersja nie obsługuje plików Excel; użyj CSV lub JSON".into(),
    }
}

fn write_csv(rows: &[Row]) -> Result<Vec<u8>, String> {
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
    Ok(out)
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

impl FileError {
    /// Its stable code: always `BAD_FILE`.
    pub fn code(&self) -> &'static str {
        Code::BadFile.code()
    }
}

/// Reads a sheet's rows (cells in [`COLUMNS`] order) with their row numbers, from the file's
/// contents; [`read_sheet`] without where the columns were (what [`parse_sheet`] names a refused
/// value's cell with).
pub fn read_bytes(bytes: &[u8], format: Format) -> Result<Vec<(usize, Row)>, FileError> {
    read_sheet(bytes, format).map(|sheet| sheet.rows)
}

/// Reads a sheet from the file's contents: its rows (cells in [`COLUMNS`] order) with their row
/// numbers (as a spreadsheet numbers them: the header is row 1, unless an Excel sheet's table
/// starts lower), and where each column was. An Excel file's sheet "Koszyk usług" is read (or its
/// first, if none is so named); its other sheets (the dictionary, the instructions) are not. A
/// host reading a file refuses one larger than [`MAX_FILE_BYTES`] before reading it whole; this
/// checks the cells, and an Excel file's unpacked size, itself.
pub fn read_sheet(bytes: &[u8], format: Format) -> Result<Sheet, FileError> {
    let bad = |en: String, pl: String| FileError {
        message: en,
        message_pl: pl,
    };
    // The sheet's first row and column (from 0): an Excel table's may be further down or right.
    #[cfg_attr(not(feature = "xlsx"), allow(unused_mut))]
    let (mut top, mut left) = (0, 0);
    let table: Vec<Vec<String>> = match format {
        // The spreadsheet reader may panic on a malformed file (calamine 0.38 overflows on a cell
        // reference with too many letters, as the fuzz target basket_xlsx found): such a file is
        // unreadable, like any other broken one, not a crash of the command — and says nothing
        // on standard error (the core's quiet guard).
        #[cfg(not(feature = "xlsx"))]
        Format::Xlsx => return Err(no_xlsx()),
        #[cfg(feature = "xlsx")]
        Format::Xlsx => match kooperacje::guard::catch_quietly(|| crate::xlsx::xlsx_table(bytes)) {
            Ok(read) => {
                let (table, first_row, first_col) = read?;
                (top, left) = (first_row, first_col);
                table
            }
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
    let rows = body
        .iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, r)| {
            let cells = position
                .iter()
                .map(|p| p.and_then(|p| r.get(p)).cloned().unwrap_or_default())
                .collect();
            (top + i + 2, cells)
        })
        .collect();
    let cells = match format {
        Format::Xlsx | Format::Csv => Cells::Grid { first_col: left },
        Format::Json => Cells::Json,
    };
    let columns = position
        .iter()
        .map(|p| p.map(|p| (p, header[p].trim().to_owned())))
        .collect();
    Ok(Sheet {
        rows,
        layout: Layout { cells, columns },
    })
}

/// The largest file a host reads as a basket sheet: 32 MiB, six times a basket of 10,000 services as CSV.
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
pub(crate) fn check_cell_length(cell: &str, row: usize) -> Result<(), FileError> {
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

pub(crate) fn fold(s: &str) -> String {
    kooperacje::text::fold(s.trim())
}

fn split(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Checks a sheet's rows and turns them into services: every bad row is reported (several
/// reasons for one row are reported one by one), a service id given twice is a bad row. Each
/// reason starts with where the value is: its cell and its column's header as the file has them
/// (`J8: Obszary wsparcia: unknown area of support "Astrologia"`), or in JSON rows the object's
/// index and key (`[6].areas: …`).
pub fn parse_sheet(p: &Partnership, sheet: &Sheet) -> (Vec<ServiceRow>, Vec<RowError>) {
    parse_rows(p, &sheet.rows, &sheet.layout)
}

/// [`parse_sheet`] of rows without their file ([`read_bytes`]): a reason names the column's
/// Polish header and the row (`Obszary wsparcia (wiersz 8): …`), since the cell is not known.
pub fn parse(p: &Partnership, rows: &[(usize, Row)]) -> (Vec<ServiceRow>, Vec<RowError>) {
    parse_rows(p, rows, &Layout::default())
}

fn parse_rows(
    p: &Partnership,
    rows: &[(usize, Row)],
    layout: &Layout,
) -> (Vec<ServiceRow>, Vec<RowError>) {
    let mut good = Vec::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let shared = Arc::new(layout.clone());
    for (n, cells) in rows {
        let n = *n;
        let before = errors.len();
        let cell = |key: &str| cells.get(column_index(key)).map_or("", |s| s.trim());
        // Every reason names the value's place first, then says what is wrong with it.
        let mut err = |code: Code, key: &str, en: String, pl: String| {
            let (at_en, at_pl) = layout.place(column_index(key), n);
            errors.push(RowError::new(
                n,
                code,
                format!("{at_en}: {en}"),
                format!("{at_pl}: {pl}"),
            ));
        };
        let name = cell("name");
        let id = match cell("service_id") {
            "" if !name.is_empty() => format!("svc-{}", slug(name)),
            id => id.to_owned(),
        };
        if id.is_empty() {
            err(
                Code::MissingValue,
                "service_id",
                "missing service id and name".into(),
                "brak identyfikatora i nazwy usługi".into(),
            );
        } else if let Some(first) = seen.get(&id) {
            // The id is the name's when the row gives none.
            let key = if cell("service_id").is_empty() {
                "name"
            } else {
                "service_id"
            };
            err(
                Code::DuplicateService,
                key,
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
                    Code::UnknownValue,
                    "provider_sector",
                    format!("unknown sector \"{}\"", cell("provider_sector")),
                    format!("nieznany sektor „{}”", cell("provider_sector")),
                );
            }
        }
        if !cell("provider_ministry").is_empty() {
            ext_ministry = find(Ministry::ALL, cell("provider_ministry"));
            if ext_ministry.is_none() {
                err(
                    Code::UnknownValue,
                    "provider_ministry",
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
                    Code::MemberNotFound,
                    "provider_member_id",
                    format!("{member_id} is not a member of the PZK"),
                    format!("{member_id} nie jest partnerem PZK"),
                );
                None
            }
        } else if provider_name.is_empty() {
            err(
                Code::MissingValue,
                "provider",
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
                    Code::UnknownValue,
                    "kind",
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
                    Code::UnknownArea,
                    "areas",
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
                    Code::UnknownValue,
                    "target_groups",
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
                        Code::BadNumber,
                        key,
                        format!("\"{v}\" is not an age (a whole number from 0 to 255)"),
                        format!("„{v}” nie jest wiekiem (liczbą całkowitą od 0 do 255)"),
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
                    Code::UnknownValue,
                    "origin",
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
                    Code::UnknownValue,
                    "status",
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
                    Code::BadDate,
                    "verified_on",
                    format!("\"{v}\" is not a date (YYYY-MM-DD or DD.MM.YYYY)"),
                    format!("„{v}” nie jest datą (RRRR-MM-DD lub DD.MM.RRRR)"),
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
            layout: shared.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_a_spreadsheet_names_them() {
        for (index, name) in [
            (0, "A"),
            (9, "J"),
            (25, "Z"),
            (26, "AA"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16_383, "XFD"),
        ] {
            assert_eq!(column_name(index), name);
        }
    }

    #[test]
    fn every_fixed_column_is_a_column_and_lists_its_enum_s_values() {
        for (key, values) in FIXED_COLUMNS {
            assert!(COLUMNS.iter().any(|c| c.0 == key), "{key}");
            let choices = values.choices();
            assert!(choices.len() >= 2, "{key}");
            // Each value found again by its Polish label, as the sheet holds it.
            for c in &choices {
                assert!(!c.pl.is_empty() && !c.en.is_empty() && !c.code.is_empty());
            }
        }
        assert_eq!(Values::Area.choices().len(), Area::ALL.len());
        assert_eq!(Values::Area.choices()[0].pl, Area::ALL[0].label_pl());
        assert!(Values::ClientKind.multiple() && !Values::ServiceStatus.multiple());
    }

    #[test]
    fn a_place_not_known_is_named_by_the_polish_header_and_the_row() {
        let (en, pl) = Layout::default().place(column_index("areas"), 7);
        assert_eq!(en, "Obszary wsparcia (row 7)");
        assert_eq!(pl, "Obszary wsparcia (wiersz 7)");
    }
}
