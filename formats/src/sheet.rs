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
/// contents. A host reading a file refuses one larger than [`MAX_FILE_BYTES`] before reading it
/// whole; this checks the cells, and an Excel file's unpacked size, itself.
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
        #[cfg(not(feature = "xlsx"))]
        Format::Xlsx => return Err(no_xlsx()),
        #[cfg(feature = "xlsx")]
        Format::Xlsx => match kooperacje::guard::catch_quietly(|| crate::xlsx::xlsx_table(bytes)) {
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
        let mut err = |code: Code, en: String, pl: String| {
            errors.push(RowError::new(n, code, en, pl));
        };
        let name = cell("name");
        let id = match cell("service_id") {
            "" if !name.is_empty() => format!("svc-{}", slug(name)),
            id => id.to_owned(),
        };
        if id.is_empty() {
            err(
                Code::MissingValue,
                "missing service id and name".into(),
                "brak identyfikatora i nazwy usługi".into(),
            );
        } else if let Some(first) = seen.get(&id) {
            err(
                Code::DuplicateService,
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
                    format!("{member_id} is not a member of the PZK"),
                    format!("{member_id} nie jest partnerem PZK"),
                );
                None
            }
        } else if provider_name.is_empty() {
            err(
                Code::MissingValue,
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
                    Code::UnknownValue,
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
