//! `kooperacje-fuzz-bombs DIR`: writes each hostile Excel file of the CLI's tests into DIR as
//! `bomb_<name>.xlsx`, for scripts/fuzz to give the fuzz target basket_xlsx as seeds.

#[path = "../../../cli/tests/common/bombs.rs"]
mod bombs;

fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: kooperacje-fuzz-bombs DIR");
        return std::process::ExitCode::from(2);
    };
    let dir = std::path::PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return std::process::ExitCode::FAILURE;
    }
    for bomb in bombs::all() {
        let path = dir.join(format!("bomb_{}.xlsx", bomb.name));
        if let Err(e) = std::fs::write(&path, &bomb.bytes) {
            eprintln!("{}: {e}", path.display());
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}
