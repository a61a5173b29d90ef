//! The basket sheet as the CLI reads and writes it: files, with the format library
//! (`kooperacje_formats::sheet`) doing everything else.

pub use kooperacje_formats::sheet::*;
use std::io::Read;
use std::path::Path;

/// Writes rows in a format to a file.
pub fn write(path: &Path, format: Format, rows: &[Row]) -> Result<(), String> {
    let bytes = write_bytes(format, rows)?;
    std::fs::write(path, bytes).map_err(|e| e.to_string())
}

/// Reads a sheet: its rows (cells in [`COLUMNS`] order) with their row numbers, and where each
/// column was, so a refusal names its cell and header (`D7: Obszary wsparcia`). A file larger
/// than [`MAX_FILE_BYTES`] is refused unread.
pub fn read(path: &Path, format: Format) -> Result<Sheet, FileError> {
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
    read_sheet(&bytes, format)
}
