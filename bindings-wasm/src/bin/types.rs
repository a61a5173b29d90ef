//! Writes the package's TypeScript declarations (see `kooperacje_wasm::typegen`) to the file
//! named by the first argument, or to standard output.

use std::process::ExitCode;

fn main() -> ExitCode {
    let text = match kooperacje_wasm::typegen::declarations() {
        Ok(text) => text,
        Err(e) => {
            eprintln!("kooperacje-wasm-types: {e}");
            return ExitCode::FAILURE;
        }
    };
    match std::env::args_os().nth(1) {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, text) {
                eprintln!("kooperacje-wasm-types: {}: {e}", path.to_string_lossy());
                return ExitCode::FAILURE;
            }
        }
        None => print!("{text}"),
    }
    ExitCode::SUCCESS
}
