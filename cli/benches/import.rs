//! `kooperacje basket import` on the release binary, end to end: an unchanged basket of 1,000,
//! 2,000 and 4,000 services (plus the demo's 18), whose time should grow with the number of rows,
//! not with its square, so each ratio between sizes should stay near 2; and the hostile Excel
//! files of the tests (`tests/common/bombs.rs`), with the time and peak memory each takes to be
//! refused. Prints the figures; asserts only that every row came back unchanged and that every
//! hostile file was refused. Run with `scripts/bench-cli`.

#[path = "../tests/common/bombs.rs"]
mod bombs;
#[path = "../tests/common/guarded.rs"]
mod guarded;

use kooperacje::Labelled;
use kooperacje_cli::sheet::{self, Format, COLUMNS};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs the CLI with `--json` on a database; the JSON it prints.
fn run(db: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_kooperacje"))
        .env_remove("KOOPERACJE_DB")
        .arg("--db")
        .arg(db)
        .arg("--json")
        .args(args)
        .output()
        .expect("the CLI runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{args:?}: {}\n{text}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {text}"))
}

/// `n` external services, each a row of the basket sheet.
fn rows(n: usize) -> Vec<sheet::Row> {
    let area = kooperacje::Area::ALL[0].label_pl();
    (0..n)
        .map(|i| {
            COLUMNS
                .iter()
                .map(|(key, _, _)| match *key {
                    "service_id" => format!("svc-bench-{i:05}"),
                    "name" => format!("Usługa testowa {i}"),
                    "provider" => format!("Fundacja nr {}", i % 50),
                    "description" => format!("Opis usługi {i}: konsultacje i wsparcie."),
                    "areas" => area.to_owned(),
                    "target_groups" => "Rodziny".into(),
                    "access_conditions" => "Skierowanie z OPS.".into(),
                    "contact_person" => format!("Koordynator {}", i % 50),
                    "verified_on" => "2026-01-15".into(),
                    _ => String::new(),
                })
                .collect()
        })
        .collect()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    println!("basket import of an unchanged basket (release binary, best of 3 runs):");
    println!(
        "{:>9} {:>6} {:>10} {:>14} {:>16}",
        "services", "rows", "seconds", "ms per row", "ratio to half"
    );
    let mut previous: Option<f64> = None;
    for n in [1_000, 2_000, 4_000] {
        let db = dir.path().join(format!("bench-{n}.db"));
        run(&db, &["demo"]);
        let file = dir.path().join(format!("koszyk-{n}.csv"));
        sheet::write(&file, Format::Csv, &rows(n)).expect("the sheet is written");
        let added = run(
            &db,
            &["basket", "import", file.to_str().expect("UTF-8 path")],
        );
        assert_eq!(added["added"], n, "{added:#}");
        // The whole basket as exported, imported again: every row unchanged.
        let export = dir.path().join(format!("eksport-{n}.csv"));
        let path = export.to_str().expect("UTF-8 path");
        let total = run(&db, &["basket", "export", path])["services"]
            .as_u64()
            .expect("a count") as usize;
        let mut best = f64::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            let v = run(&db, &["basket", "import", path]);
            best = best.min(t.elapsed().as_secs_f64());
            assert_eq!(v["unchanged"], total, "{v:#}");
        }
        let ratio = previous.map_or("—".to_owned(), |p| format!("{:.2}", best / p));
        println!(
            "{n:>9} {total:>6} {best:>10.3} {:>14.3} {ratio:>16}",
            best * 1000.0 / total as f64
        );
        previous = Some(best);
    }

    println!(
        "\nhostile Excel files, refused (release binary, best of 3 runs; peak resident memory):"
    );
    println!(
        "{:<24} {:>9} {:>9} {:>10}",
        "file", "KiB", "seconds", "peak MiB"
    );
    let db = dir.path().join("bench-1000.db");
    for bomb in bombs::all() {
        let file = dir.path().join(format!("{}.xlsx", bomb.name));
        std::fs::write(&file, &bomb.bytes).expect("the file is written");
        let (mut seconds, mut peak) = (f64::MAX, 0f64);
        for _ in 0..3 {
            let out = guarded::run(
                env!("CARGO_BIN_EXE_kooperacje"),
                [
                    "--db".as_ref(),
                    db.as_os_str(),
                    "--json".as_ref(),
                    "basket".as_ref(),
                    "import".as_ref(),
                    file.as_os_str(),
                ],
            );
            assert_eq!(out.code, Some(1), "{}: {}", bomb.name, out.stdout);
            assert!(
                out.stdout.contains("BAD_FILE"),
                "{}: {}",
                bomb.name,
                out.stdout
            );
            seconds = seconds.min(out.seconds);
            peak = peak.max(out.peak_mib);
        }
        println!(
            "{:<24} {:>9} {seconds:>9.3} {peak:>10.1}",
            bomb.name,
            bomb.bytes.len() / 1024
        );
    }
}
