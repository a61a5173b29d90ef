//! Excel files (feature `xlsx`): writing a basket sheet, and reading one within limits.

use crate::sheet::*;
use calamine::{DataRef, Reader};
use chrono::NaiveDate;
use std::io::{BufReader, Read};

/// Rows as the bytes of an Excel file: one sheet, "Koszyk usług", Polish headers in bold, the
/// header row frozen and filtered, dates and numbers as Excel's own.
pub(crate) fn write_xlsx(rows: &[Row]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
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
    book.save_to_buffer()
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
pub(crate) fn xlsx_table(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
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
