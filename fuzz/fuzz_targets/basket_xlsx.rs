//! Basket import from Excel: `sheet::read_bytes(…, Format::Xlsx)`, then the same checks and basket
//! commands as `basket_csv` (see `kooperacje_fuzz::basket_import`).
//!
//! An input that starts with `PK` is taken as a whole `.xlsx` file (a zip archive). Any other input
//! is split at NUL bytes into the worksheet's XML, the shared strings and the styles, which are
//! packed into a workbook (stored, uncompressed entries): a mutation of a whole file mostly breaks
//! the archive's checksums, so this second form is what reaches the worksheet parsing and the
//! conversion of cells (numbers, dates, booleans, errors) into the import's text.

#![no_main]

use kooperacje_fuzz::sheet::Format;
use libfuzzer_sys::fuzz_target;
use std::io::Write;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Koszyk usług" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// A workbook whose worksheet, shared strings and styles are the given parts.
fn workbook(parts: &[u8]) -> Vec<u8> {
    let mut split = parts.splitn(3, |b| *b == 0);
    let sheet = split.next().unwrap_or_default();
    let strings = split.next().unwrap_or_default();
    let styles = split.next().unwrap_or_default();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
        ("xl/styles.xml", styles),
    ] {
        zip.start_file(name, stored).expect("a zip entry starts");
        zip.write_all(bytes).expect("a zip entry is written");
    }
    zip.finish().expect("the zip is written").into_inner()
}

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        kooperacje_fuzz::basket_import(data, Format::Xlsx);
    } else {
        kooperacje_fuzz::basket_import(&workbook(data), Format::Xlsx);
    }
});
