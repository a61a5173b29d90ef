//! Runs the real `kooperacje` binary. Expected words come from the core's label API and the
//! domain rules (what the story must show), not from a recording of the output.

#[path = "common/db.rs"]
mod db;

use kooperacje::reports::OverdueKind;
use kooperacje::{Labelled, PzkStage, Sector, SuspensionGround, ZzkStage};
use kooperacje_cli::story::{ZZK_FULL, ZZK_REFUSED, ZZK_WITHDRAWN};
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::{Command, Output};

/// Runs the binary in a fresh directory, so each run starts from a new database.
fn run(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("a temporary directory");
    Command::new(env!("CARGO_BIN_EXE_kooperacje"))
        .args(args)
        .current_dir(dir.path())
        .env("KOOPERACJE_DB", "demo.db")
        .output()
        .expect("the binary runs")
}

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The registry row of a ZZK in the text output, its cells' wrapped lines joined.
fn registry_row(text: &str, zzk: &str) -> String {
    db::table_rows(text)
        .into_iter()
        .find(|row| row.iter().any(|c| c == zzk))
        .unwrap_or_else(|| panic!("no row for {zzk} in:\n{text}"))
        .join(" | ")
}

/// The text with every table's cells unwrapped, one row a line, so that a label wrapped in its
/// column is found whole.
fn unwrapped(text: &str) -> String {
    let rows: Vec<String> = db::table_rows(text)
        .iter()
        .map(|row| row.join(" | "))
        .collect();
    format!("{text}\n{}", rows.join("\n"))
}

/// The registry rows show each family's stage by the core's label in `lang`.
fn assert_stages(text: &str, label: fn(&ZzkStage) -> &'static str) {
    for (zzk, stage) in [
        (ZZK_FULL, ZzkStage::Closed),
        (ZZK_WITHDRAWN, ZzkStage::Suspended),
    ] {
        let row = registry_row(text, zzk);
        assert!(row.contains(label(&stage)), "{zzk}: {row}");
    }
}

fn demo_json() -> Value {
    serde_json::from_str(&stdout(&["demo", "--json"])).expect("--json prints JSON")
}

#[test]
fn the_demo_speaks_polish_by_default() {
    let text = unwrapped(&stdout(&["demo"]));
    for label in [
        ZzkStage::Suspended.label_pl(),
        ZzkStage::Closed.label_pl(),
        ZzkStage::ConsentRefused.label_pl(),
        PzkStage::Operating.label_pl(),
        OverdueKind::SuspensionReview.label_pl(),
        SuspensionGround::ConsentWithdrawn.label_pl(),
    ] {
        assert!(text.contains(label), "no {label:?} in:\n{text}");
    }
    assert_stages(&text, |s| s.label_pl());
    assert!(text.contains("Rejestr ZZK"));
    // The date as Polish writes it, DD.MM.RRRR.
    assert!(text.contains("Zaległości na dzień 30.09.2026"));
    assert!(!text.contains(ZzkStage::Suspended.label_en()));
}

#[test]
fn the_demo_speaks_english_on_request() {
    let text = unwrapped(&stdout(&["demo", "--lang", "en"]));
    for label in [
        ZzkStage::Suspended.label_en(),
        ZzkStage::Closed.label_en(),
        ZzkStage::ConsentRefused.label_en(),
        PzkStage::Operating.label_en(),
        OverdueKind::SuspensionReview.label_en(),
    ] {
        assert!(text.contains(label), "no {label:?} in:\n{text}");
    }
    assert_stages(&text, |s| s.label_en());
    assert!(text.contains("ZZK registry"));
    assert!(!text.contains("Rejestr ZZK"));
    assert!(!text.contains(ZzkStage::Suspended.label_pl()));
}

#[test]
fn the_story_covers_what_the_model_asks_of_it() {
    let v = demo_json();
    for key in ["registry", "indicators", "overdue"] {
        assert!(v.get(key).is_some(), "no {key:?} in the JSON");
    }
    let registry = v["registry"].as_array().expect("registry");
    // The registry holds appointed ZZKs (step 1.2): two families reach one; the person refusing
    // consent never does, and is counted among the cases by stage below.
    assert_eq!(registry.len(), 2, "{registry:?}");
    let stage = |id: &str| {
        registry
            .iter()
            .find(|r| r["zzk_id"] == id)
            .map(|r| r["stage"].clone())
    };
    assert_eq!(stage(ZZK_FULL), Some(Value::from(ZzkStage::Closed.code())));
    assert_eq!(
        stage(ZZK_WITHDRAWN),
        Some(Value::from(ZzkStage::Suspended.code()))
    );
    assert_eq!(stage(ZZK_REFUSED), None);
    let full = registry.iter().find(|r| r["zzk_id"] == ZZK_FULL).unwrap();
    assert!(full["closed_on"].is_string());
    assert_eq!(full["suspensions"], 1);

    let i = &v["indicators"];
    assert_eq!(i["stage"], PzkStage::Operating.code());
    let by_stage = i["zzks_by_stage"].as_object().expect("zzks_by_stage");
    for stage in [
        ZzkStage::Closed,
        ZzkStage::ConsentRefused,
        ZzkStage::Suspended,
    ] {
        assert_eq!(
            by_stage.get(stage.code()),
            Some(&Value::from(1)),
            "{by_stage:?}"
        );
    }
    assert_eq!(by_stage.values().filter_map(Value::as_u64).sum::<u64>(), 3);
    let members: u64 = i["members_by_status"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert!(members >= 6, "{members} institutions");
    let sectors: BTreeSet<&str> = i["members_by_sector"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(sectors.len() >= 5, "sectors {sectors:?}");
    assert!(sectors.iter().all(|s| Sector::from_code(s).is_some()));
    let services: u64 = i["services_by_status"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert!(services >= 15, "{services} services");

    let overdue = v["overdue"].as_array().expect("overdue");
    assert!(
        overdue
            .iter()
            .any(|o| o["kind"] == OverdueKind::SuspensionReview.code()
                && o["zzk_id"] == ZZK_WITHDRAWN)
    );
    // The closed family's tasks are no longer anyone's overdue work.
    assert!(overdue.iter().all(|o| o["zzk_id"] != ZZK_FULL));
}

#[test]
fn the_output_does_not_depend_on_the_day_it_runs() {
    assert_eq!(stdout(&["demo"]), stdout(&["demo"]));
    assert_eq!(demo_json()["as_of"], "2026-09-30");
}

#[test]
fn as_of_moves_the_report_date() {
    let early =
        serde_json::from_str::<Value>(&stdout(&["demo", "--json", "--as-of", "2026-07-01"]))
            .unwrap();
    let late = demo_json();
    assert_eq!(early["as_of"], "2026-07-01");
    let count = |v: &Value| v["overdue"].as_array().unwrap().len();
    assert!(count(&early) < count(&late));
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["no-such-command"][..],
        &["demo", "--lang", "de"],
        &["demo", "--as-of", "yesterday"],
        &[],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?} says nothing");
    }
}
