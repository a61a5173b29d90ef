//! Hostile Excel files, made on the fly and never committed: small files that unpack (or, once
//! read, amount) to far more than a basket sheet, each aimed at one limit of
//! `kooperacje_cli::sheet`. Used by `cli/tests/hostile.rs`, `cli/benches/import.rs` and, through
//! `fuzz/examples/xlsx_bombs.rs`, as seeds of the fuzz target basket_xlsx.
//!
//! Everything is written in chunks, so making a 100 MB part never holds it in memory; deflate
//! packs such repetition about a thousand to one.

#![allow(dead_code)]

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A hostile file.
pub struct Bomb {
    /// A name for the file (without `.xlsx`).
    pub name: &'static str,
    /// The `.xlsx` file.
    pub bytes: Vec<u8>,
    /// What it is aimed at, in words.
    pub aim: &'static str,
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Koszyk usług" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";
const SST_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>"#;
/// The header row a basket sheet starts with (its three required columns), as inline strings.
const HEADER_ROW: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Identyfikator usługi</t></is></c><c r="B1" t="inlineStr"><is><t>Nazwa usługi</t></is></c><c r="C1" t="inlineStr"><is><t>Realizator</t></is></c></row>"#;

/// One part of a workbook: its name and its text, given as pieces, each written `times` times.
type Part = (&'static str, Vec<(String, usize)>);

fn once(text: &str) -> Vec<(String, usize)> {
    vec![(text.to_owned(), 1)]
}

/// A workbook of the given parts (deflated), with the package's fixed parts around them; parts
/// not given are the empty sheet, no shared strings and the plain styles.
fn workbook(parts: Vec<Part>) -> Vec<u8> {
    let mut all: Vec<Part> = vec![
        ("[Content_Types].xml", once(CONTENT_TYPES)),
        ("_rels/.rels", once(RELS)),
        ("xl/workbook.xml", once(WORKBOOK)),
        ("xl/_rels/workbook.xml.rels", once(WORKBOOK_RELS)),
    ];
    for name in [
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
    ] {
        if let Some(p) = parts.iter().find(|p| p.0 == name) {
            all.push(p.clone());
        } else if name == "xl/styles.xml" {
            all.push((name, once(STYLES)));
        } else if name == "xl/worksheets/sheet1.xml" {
            all.push((name, once(&format!("{SHEET_START}{HEADER_ROW}{SHEET_END}"))));
        }
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, pieces) in all {
        zip.start_file(name, deflated).expect("a zip entry starts");
        for (text, times) in pieces {
            for _ in 0..times {
                zip.write_all(text.as_bytes())
                    .expect("a zip entry is written");
            }
        }
    }
    zip.finish().expect("the zip is written").into_inner()
}

/// A sheet: the header row, then the pieces.
fn sheet(body: Vec<(String, usize)>) -> Part {
    let mut pieces = vec![(format!("{SHEET_START}{HEADER_ROW}"), 1)];
    pieces.extend(body);
    pieces.push((SHEET_END.to_owned(), 1));
    ("xl/worksheets/sheet1.xml", pieces)
}

/// Shared strings: the start tag (with its attributes), then the pieces.
fn shared_strings(attributes: &str, body: Vec<(String, usize)>) -> Part {
    let start = SST_START.replace("main\">", &format!("main\"{attributes}>"));
    let mut pieces = vec![(start, 1)];
    pieces.extend(body);
    pieces.push(("</sst>".to_owned(), 1));
    ("xl/sharedStrings.xml", pieces)
}

/// Sets the uncompressed size the zip's headers declare for one entry (in its local header and in
/// the central directory), leaving its data as it is: an archive that lies about its size.
fn declare_size(zip: &mut [u8], entry: &str, size: u32) {
    let name = entry.as_bytes();
    let mut patched = 0;
    let mut i = 0;
    while i + 46 <= zip.len() {
        let (signature, name_at, size_at) = match &zip[i..i + 4] {
            b"PK\x03\x04" => ("local", 30, 22),
            b"PK\x01\x02" => ("central", 46, 24),
            _ => {
                i += 1;
                continue;
            }
        };
        let len_at = if signature == "local" { 26 } else { 28 };
        let len = u16::from_le_bytes([zip[i + len_at], zip[i + len_at + 1]]) as usize;
        if zip.get(i + name_at..i + name_at + len) == Some(name) {
            zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        i += 4;
    }
    assert_eq!(patched, 2, "{entry}: a local header and a central one");
}

/// A cell of row 2 that shows shared string 0, `<c r="B2" t="s"><v>0</v></c>`.
const SHARED_CELL: &str = r#"<c r="B2" t="s"><v>0</v></c>"#;

/// The hostile files.
pub fn all() -> Vec<Bomb> {
    let mb = 1 << 20;
    let mut lying = workbook(vec![
        sheet(vec![(format!("<row r=\"2\">{SHARED_CELL}</row>"), 1)]),
        shared_strings(
            "",
            vec![
                ("<si><t>".into(), 1),
                ("a".repeat(4096), 25_600),
                ("</t></si>".into(), 1),
            ],
        ),
    ]);
    declare_size(&mut lying, "xl/sharedStrings.xml", 1000);
    vec![
        Bomb {
            name: "repeated_cells",
            aim: "3,000,000 cells in one row, each showing a shared string of 1,000 letters \
                  (an 84 MB worksheet)",
            bytes: workbook(vec![
                sheet(vec![
                    ("<row r=\"2\">".into(), 1),
                    (SHARED_CELL.into(), 3_000_000),
                    ("</row>".into(), 1),
                ]),
                shared_strings("", once(&format!("<si><t>{}</t></si>", "x".repeat(1000)))),
            ]),
        },
        Bomb {
            name: "amplified_shared_string",
            aim: "600,000 cells (a 17 MB worksheet) each showing one shared string of 32,000 \
                  letters: 19 GB of text once read",
            bytes: workbook(vec![
                sheet(vec![
                    ("<row r=\"2\">".into(), 1),
                    (SHARED_CELL.into(), 600_000),
                    ("</row>".into(), 1),
                ]),
                shared_strings("", once(&format!("<si><t>{}</t></si>", "x".repeat(32_000)))),
            ]),
        },
        Bomb {
            name: "huge_shared_string",
            aim: "a shared string of 100 MB of one letter",
            bytes: workbook(vec![
                sheet(vec![(format!("<row r=\"2\">{SHARED_CELL}</row>"), 1)]),
                shared_strings(
                    "",
                    vec![
                        ("<si><t>".into(), 1),
                        ("a".repeat(4096), 100 * mb / 4096),
                        ("</t></si>".into(), 1),
                    ],
                ),
            ]),
        },
        Bomb {
            name: "lying_sizes",
            aim: "a shared string of 100 MB whose part declares 1,000 bytes",
            bytes: lying,
        },
        Bomb {
            name: "huge_inline_cell",
            aim: "one cell holding 100 MB of one letter",
            bytes: workbook(vec![sheet(vec![
                ("<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>".into(), 1),
                ("a".repeat(4096), 100 * mb / 4096),
                ("</t></is></c></row>".into(), 1),
            ])]),
        },
        Bomb {
            name: "long_cell",
            aim: "one cell of 40,000 letters, beyond Excel's 32,767",
            bytes: workbook(vec![sheet(once(&format!(
                "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>{}</t></is></c></row>",
                "a".repeat(40_000)
            )))]),
        },
        Bomb {
            name: "declared_strings",
            aim: "shared strings declaring 4,000,000,000 entries (a reader reserving room for \
                  them asks for 96 GB)",
            bytes: workbook(vec![
                sheet(vec![(format!("<row r=\"2\">{SHARED_CELL}</row>"), 1)]),
                shared_strings(
                    " count=\"4000000000\" uniqueCount=\"4000000000\"",
                    once("<si><t>x</t></si>"),
                ),
            ]),
        },
        Bomb {
            name: "many_shared_strings",
            aim: "1,500,000 shared strings of one letter",
            bytes: workbook(vec![
                sheet(vec![(format!("<row r=\"2\">{SHARED_CELL}</row>"), 1)]),
                shared_strings("", vec![("<si><t>x</t></si>".into(), 1_500_000)]),
            ]),
        },
        Bomb {
            name: "amplified_styles",
            aim: "100,000 cell formats, each copying a font whose name is 200,000 letters: 20 GB \
                  once read",
            bytes: workbook(vec![(
                "xl/styles.xml",
                vec![
                    (
                        format!(
                            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
                             <styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
                             <fonts count=\"1\"><font><name val=\"{}\"/></font></fonts><cellXfs>",
                            "F".repeat(200_000)
                        ),
                        1,
                    ),
                    ("<xf numFmtId=\"0\" fontId=\"0\"/>".into(), 100_000),
                    ("</cellXfs></styleSheet>".into(), 1),
                ],
            )]),
        },
    ]
}
