//! The interoperability formats of kooperacje, for every host: the local basket as the sheet OPS
//! staff keep (Excel, CSV with Polish Excel's conventions, JSON rows), its import (which rows add,
//! revise or change the status of a service, and the row-by-row report), and the Open Referral
//! HSDS 3.0 export. Pure: bytes and text in, bytes, text, events and reports out; the CLI, the
//! Python, WebAssembly and mobile bindings read and write the files themselves. The rules stay in
//! the core: every change a sheet asks for is a basket command the core decides.

#![warn(missing_docs)]

pub mod codes;
pub mod hsds;
pub mod import;
pub mod sheet;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use codes::Code;
pub use import::{import, reconcile, Change, ImportError, Imported, Options, Report, RowPlan};
pub use sheet::{FileError, Format, Layout, Row, RowError, ServiceRow, Sheet};

use kooperacje::Partnership;

/// What a basket can be exported as: a sheet, or HSDS 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// The basket sheet in a format.
    Sheet(Format),
    /// Open Referral HSDS 3.0 JSON ([`hsds::export`]).
    Hsds,
}

impl Export {
    /// The export of a name, as hosts pass it: `xlsx`, `csv`, `json` or `hsds` (any case).
    pub fn from_name(name: &str) -> Option<Export> {
        if name.eq_ignore_ascii_case("hsds") {
            return Some(Export::Hsds);
        }
        Format::from_name(name).map(Export::Sheet)
    }

    /// Whether its bytes are text (UTF-8): all but Excel's.
    pub fn is_text(self) -> bool {
        self != Export::Sheet(Format::Xlsx)
    }
}

/// The basket of a PZK as the bytes of a file: a sheet, or HSDS 3.0 as pretty-printed JSON with a
/// final line feed. The same basket always gives the same bytes (an Excel file's too, but for the
/// time of writing it holds).
pub fn export(p: &Partnership, what: Export) -> Result<Vec<u8>, String> {
    match what {
        Export::Sheet(format) => sheet::write_bytes(format, &sheet::rows(p)),
        Export::Hsds => {
            let text = serde_json::to_string_pretty(&hsds::export(p)).map_err(|e| e.to_string())?;
            Ok((text + "\n").into_bytes())
        }
    }
}
