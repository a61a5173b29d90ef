//! The command speaks Polish unless told `--lang en`: its help (clap's own headings too), its
//! usage errors (text, or one JSON object under `--json`, exit 2), and it asks before erasing a
//! person. Also the shell completions and the man page made from its definition.

#[path = "common/db.rs"]
mod db;

use db::Db;
use serde_json::Value;

/// clap's English words, which must not appear in the Polish help.
const CLAP_ENGLISH: &[&str] = &[
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Print help",
    "Print version",
    "[OPTIONS]",
    "<COMMAND>",
    "[default:",
    "[env:",
    "[possible values:",
    "For more information",
];

fn help(db: &Db, args: &[&str]) -> String {
    let (out, err) = db.run(args, 0);
    assert_eq!(err, "", "{args:?}");
    out
}

#[test]
fn the_help_is_polish_by_default() {
    let db = Db::new();
    let top = help(&db, &["--help"]);
    for word in [
        "Użycie: kooperacje [OPCJE] <POLECENIE>",
        "Polecenia:",
        "Opcje:",
    ] {
        assert!(top.contains(word), "{word} missing:\n{top}");
    }
    assert!(top.contains("Wyświetla pomoc"), "{top}");
    assert!(top.contains("Wyświetla wersję"), "{top}");
    // The help is wrapped: compared with its whitespace folded.
    let folded = top.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(folded.contains("[domyślnie: kooperacje.db]"), "{top}");
    assert!(
        folded.contains("[zmienna środowiskowa: KOOPERACJE_DB]"),
        "{top}"
    );
    let sub = help(&db, &["basket", "export", "-h"]);
    for word in [
        "Użycie: kooperacje basket export [OPCJE] <PLIK>",
        "Argumenty:",
        "Opcje:",
    ] {
        assert!(sub.contains(word), "{word} missing:\n{sub}");
    }
    assert!(sub.contains("wiersze JSON"), "{sub}");
    for text in [&top, &sub] {
        for english in CLAP_ENGLISH {
            assert!(
                !text.contains(english),
                "{english} in the Polish help:\n{text}"
            );
        }
    }
}

/// Every command and subcommand has its help in Polish: no clap English word, and no line of
/// the English help's descriptions found in the Polish one.
#[test]
fn every_command_has_its_help_in_both_languages() {
    let db = Db::new();
    let commands: &[&[&str]] = &[
        &[],
        &["init"],
        &["demo"],
        &["registry"],
        &["report"],
        &["report", "monitoring"],
        &["report", "overdue"],
        &["replay"],
        &["verify"],
        &["anchor"],
        &["events"],
        &["events", "export"],
        &["events", "import"],
        &["basket"],
        &["basket", "export"],
        &["basket", "import"],
        &["basket", "search"],
        &["person"],
        &["person", "show"],
        &["person", "erase"],
        &["note"],
        &["note", "erase"],
        &["exec"],
        &["completions"],
        &["man"],
        &["help"],
    ];
    for command in commands {
        let pl = help(&db, &[command, &["--help"][..]].concat());
        let en = help(&db, &[command, &["--help", "--lang", "en"][..]].concat());
        assert_ne!(pl, en, "{command:?}");
        assert!(en.contains("Usage: kooperacje"), "{command:?}: {en}");
        assert!(en.contains("Print the help"), "{command:?}: {en}");
        for english in CLAP_ENGLISH {
            assert!(!pl.contains(english), "{command:?}: {english} in\n{pl}");
        }
        // Each described item: its description differs between the two languages, bar the
        // few names that are the same in both (Excel, HSDS).
        let described =
            |l: &&str| l.trim_start().starts_with("--") && l.split_whitespace().count() > 3;
        for line in en.lines().filter(described) {
            let option = line.split_whitespace().next().unwrap();
            let pl_line = pl
                .lines()
                .find(|l| l.split_whitespace().next() == Some(option))
                .unwrap_or_else(|| panic!("{command:?}: {option} not in\n{pl}"));
            assert_ne!(line, pl_line, "{command:?}: {option} untranslated");
        }
        for line in pl.lines() {
            assert!(line.chars().count() <= 100, "{command:?}: too wide: {line}");
        }
    }
}

#[test]
fn help_as_a_command_shows_the_same_help() {
    let db = Db::new();
    assert_eq!(
        help(&db, &["help", "report", "overdue"]),
        help(&db, &["report", "overdue", "--help"])
    );
    assert_eq!(
        help(&db, &["help", "--lang", "en"]),
        help(&db, &["--help", "--lang", "en"])
    );
    let (_, err) = db.run(&["help", "nosuch"], 2);
    assert!(err.contains("nieznane polecenie „nosuch”"), "{err}");
}

#[test]
fn lang_en_anywhere_on_the_line_gives_english_help() {
    let db = Db::new();
    for args in [
        &["--lang", "en", "--help"][..],
        &["--help", "--lang=en"],
        &["--lang=en", "report", "--help"],
    ] {
        let out = help(&db, args);
        assert!(out.contains("Usage: kooperacje"), "{args:?}: {out}");
        assert!(out.contains("Options:"), "{args:?}: {out}");
        assert!(!out.contains("Użycie"), "{args:?}: {out}");
    }
}

#[test]
fn usage_errors_are_polish_and_exit_2() {
    let db = Db::new();
    let (out, err) = db.run(&["no-such-command"], 2);
    assert_eq!(out, "");
    assert!(
        err.contains("błąd: [USAGE] nieznane polecenie „no-such-command”"),
        "{err}"
    );
    assert!(
        err.contains("Użycie: kooperacje [OPCJE] <POLECENIE>"),
        "{err}"
    );
    assert!(!err.contains("Usage:") && !err.contains("error:"), "{err}");

    let (_, err) = db.run(&["report", "overdue", "--as-of", "wczoraj"], 2);
    assert!(
        err.contains("nieprawidłowa wartość „wczoraj” dla „--as-of”"),
        "{err}"
    );
    let (_, err) = db.run(&["verify", "--anchro", "x"], 2);
    assert!(err.contains("nieznany argument „--anchro”"), "{err}");
    assert!(err.contains("może chodziło o: --anchor"), "{err}");
    let (_, err) = db.run(&["basket", "import", "koszyk.csv"], 2);
    assert!(err.contains("brak wymaganych argumentów: --actor"), "{err}");
    let (_, err) = db.run(&["demo", "--lang", "de"], 2);
    assert!(err.contains("[możliwe wartości: pl, en]"), "{err}");
    let (_, err) = db.run(&["report", "overdue", "--as-of"], 2);
    assert!(err.contains("„--as-of” wymaga wartości"), "{err}");

    let (_, err) = db.run(&["--lang", "en", "no-such-command"], 2);
    assert!(
        err.contains("error: [USAGE] unrecognized subcommand 'no-such-command'"),
        "{err}"
    );
    assert!(
        err.contains("Usage: kooperacje [OPTIONS] <COMMAND>"),
        "{err}"
    );
    assert!(!db.path.exists(), "a usage error created the database");
}

#[test]
fn usage_errors_under_json_are_one_json_object_and_exit_2() {
    let db = Db::new();
    for args in [
        &["no-such-command"][..],
        &["report", "overdue", "--as-of", "wczoraj"],
        &["basket", "import", "koszyk.csv"],
        &["verify", "--no-such-option"],
        &["report"],
    ] {
        let r = db.output(&[&["--json"][..], args].concat());
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{args:?}");
        let v: Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", r.stdout));
        assert_eq!(v["ok"], false, "{args:?}");
        assert_eq!(v["exit_code"], 2, "{args:?}");
        assert_eq!(v["error"]["code"], "USAGE", "{args:?}");
        assert_eq!(v["error"]["kind"], "invalid", "{args:?}");
        let (en, pl) = (&v["error"]["message"], &v["error"]["message_pl"]);
        assert!(en.as_str().is_some_and(|m| !m.is_empty()), "{args:?}: {v}");
        assert!(pl.as_str().is_some_and(|m| !m.is_empty()), "{args:?}: {v}");
        assert_ne!(en, pl, "{args:?}");
    }
    let v = db.json(&["report"], 2);
    assert_eq!(
        v["error"]["message_pl"],
        "„kooperacje report” wymaga polecenia, a nie podano żadnego [polecenia: monitoring, \
         overdue]"
    );
    // --json after the error, too.
    let v = db.json(&["report", "overdue", "--as-of", "wczoraj"], 2);
    assert_eq!(
        v["error"]["message_pl"],
        "nieprawidłowa wartość „wczoraj” dla „--as-of”"
    );
}

#[test]
fn person_erase_without_yes_off_a_terminal_erases_nothing() {
    let db = Db::new();
    db.demo();
    let before = db.json(&["person", "show", "os-000417"], 0);
    assert_ne!(before["state"], "erased", "{before}");
    // Standard input is not a terminal here (the test's null or pipe).
    let e = db.json(&["person", "erase", "os-000417"], 2);
    assert_eq!(e["error"]["code"], "USAGE");
    assert!(
        e["error"]["message_pl"].as_str().unwrap().contains("--yes"),
        "{e}"
    );
    let (_, err) = db.run(&["person", "erase", "os-000417"], 2);
    assert!(err.contains("nie można cofnąć"), "{err}");
    assert_eq!(db.json(&["person", "show", "os-000417"], 0), before);
    db.json(&["person", "erase", "os-000417", "--yes"], 0);
    assert_eq!(
        db.json(&["person", "show", "os-000417"], 0)["state"],
        "erased"
    );
}

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    let db = Db::new();
    for shell in ["bash", "zsh", "fish"] {
        let (out, _) = db.run(&["completions", shell], 0);
        assert!(out.len() > 500, "{shell}: {out}");
        for sub in ["registry", "basket", "completions", "lang"] {
            assert!(out.contains(sub), "{shell}: {sub} missing");
        }
    }
    db.run(&["completions", "powershell-7"], 2);
    assert!(!db.path.exists(), "completions created the database");
}

#[test]
fn the_man_page_renders_from_the_definition() {
    let db = Db::new();
    let (pl, _) = db.run(&["man"], 0);
    assert!(
        pl.starts_with(".ie") || pl.contains(".TH kooperacje"),
        "{pl}"
    );
    assert!(pl.contains("Plik bazy danych"), "{pl}");
    for heading in [".SH NAZWA", ".SH SKŁADNIA", ".SH OPCJE", ".SH POLECENIA"] {
        assert!(pl.contains(heading), "{heading} missing:\n{pl}");
    }
    for english in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(!pl.contains(english), "{english} in the Polish page");
    }
    for sub in ["registry", "basket", "verify"] {
        assert!(pl.contains(sub), "{sub} missing");
    }
    // Every command has its own section, with its own options (the global ones only once).
    let section = |page: &str, name: &str| {
        let start = page
            .find(&format!(".SH \"{name}\"\n"))
            .unwrap_or_else(|| panic!("no section {name}:\n{page}"));
        let rest = &page[start + 1..];
        rest[..rest.find("\n.SH ").unwrap_or(rest.len())].to_owned()
    };
    let erase = section(&pl, "KOOPERACJE PERSON ERASE");
    for text in [".SS OPIS", ".SS OPCJE", "pseudonym", "yes", "Nieodwracalne"] {
        assert!(erase.contains(text), "{text} missing:\n{erase}");
    }
    assert!(!erase.contains("lock\\-timeout"), "{erase}");
    assert_eq!(pl.matches("lock\\-timeout").count(), 2, "{pl}");
    for name in [
        "KOOPERACJE REPORT OVERDUE",
        "KOOPERACJE BASKET IMPORT",
        "KOOPERACJE EVENTS IMPORT",
    ] {
        section(&pl, name);
    }
    let (en, _) = db.run(&["man", "--lang", "en"], 0);
    let erase = section(&en, "KOOPERACJE PERSON ERASE");
    assert!(
        erase.contains(".SS DESCRIPTION") && erase.contains(".SS OPTIONS"),
        "{erase}"
    );
    assert!(en.contains("The database file"), "{en}");
    assert!(
        en.contains(".SH SYNOPSIS") && en.contains(".SH OPTIONS"),
        "{en}"
    );
    // man itself formats it, when it is installed.
    let page = db.file("kooperacje.1");
    std::fs::write(&page, &pl).unwrap();
    if let Ok(out) = std::process::Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
    {
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("kooperacje"), "{text}");
            assert!(text.contains("KOOPERACJE_DB"), "{text}");
        }
    }
}

/// Every report's text, in both languages, on the demo's database.
fn reports(db: &Db, lang: &str) -> Vec<(String, String)> {
    let runs: &[&[&str]] = &[
        &["demo"],
        &["registry"],
        &["registry", "--as-of", "2027-05-10"],
        &["report", "overdue", "--as-of", "2026-10-01"],
        &["report", "monitoring", "--period", "2026-05"],
        &["report", "monitoring", "--period", "2026-06"],
        &["basket", "search"],
        &["basket", "search", "--all"],
        &["replay"],
        &["verify"],
        &["person", "show", "os-000417"],
        &["init"],
    ];
    runs.iter()
        .map(|args| {
            let (out, _) = db.run(&[args, &["--lang", lang][..]].concat(), 0);
            (args.join(" "), out)
        })
        .collect()
}

#[test]
fn every_line_of_the_text_output_fits_100_columns() {
    let db = Db::new();
    db.demo();
    for lang in ["pl", "en"] {
        for (args, text) in reports(&db, lang) {
            for line in text.lines() {
                let width = line.chars().count();
                assert!(width <= 100, "{args} ({lang}): {width} columns: {line}");
            }
        }
    }
}

#[test]
fn polish_text_writes_dates_as_dd_mm_rrrr_and_json_keeps_iso() {
    let db = Db::new();
    db.demo();
    let iso = |s: &str| {
        s.split(|c: char| !(c.is_ascii_digit() || c == '-'))
            .any(|w| chrono::NaiveDate::parse_from_str(w, "%Y-%m-%d").is_ok())
    };
    let polish = |s: &str| {
        s.split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .any(|w| chrono::NaiveDate::parse_from_str(w.trim_matches('.'), "%d.%m.%Y").is_ok())
    };
    for (args, text) in reports(&db, "pl") {
        assert!(!iso(&text), "{args}: an ISO date in Polish text:\n{text}");
    }
    let pl = reports(&db, "pl");
    let (_, registry) = &pl[1];
    assert!(polish(registry), "{registry}");
    let (_, overdue) = &pl[3];
    assert!(
        overdue.contains("Zaległości na dzień 01.10.2026"),
        "{overdue}"
    );
    let (_, overdue_en) = &reports(&db, "en")[3];
    assert!(
        overdue_en.contains("Overdue as of 2026-10-01"),
        "{overdue_en}"
    );
    let v = db.json(&["registry"], 0);
    let first = &v["registry"][0];
    assert!(iso(first["appointed_on"].as_str().unwrap()), "{first}");
    let v = db.json(&["report", "overdue", "--as-of", "2026-10-01"], 0);
    assert_eq!(v["as_of"], "2026-10-01");
}

#[test]
fn polish_counts_agree_with_their_number() {
    let db = Db::new();
    let (out, _) = db.run(&["demo"], 0);
    let stored = db.json(&["replay"], 0)["events"].as_u64().unwrap();
    // The demo stores 134 events: "134 zdarzenia" (few), not "134 zdarzeń".
    let form = kooperacje::labels::plural_pl(stored, "zdarzenie", "zdarzenia", "zdarzeń");
    assert!(out.contains(&format!("Zapisano {stored} {form} ")), "{out}");
    let (verify, _) = db.run(&["verify"], 0);
    assert!(verify.contains(&format!(": {stored} {form}.")), "{verify}");
    let (person, _) = db.run(&["person", "show", "os-000417"], 0);
    assert!(!person.contains("present"), "{person}");
    assert!(person.contains("zapisane"), "{person}");
    let (monitoring, _) = db.run(&["report", "monitoring", "--period", "2026-05"], 0);
    assert!(!monitoring.contains("family"), "{monitoring}");
}

/// `verify` on a terminal (a pseudo-terminal made by util-linux `script`, when it is installed):
/// the bar counts the events from the start (it sat at 0/0), in Polish numbers, in colour unless
/// NO_COLOR; piped, nothing is drawn.
#[test]
fn the_progress_bar_counts_the_events_on_a_terminal_only() {
    let db = Db::new();
    db.demo();
    let events = db.json(&["replay"], 0)["events"].as_u64().unwrap();
    let (_, err) = db.run(&["verify"], 0);
    assert_eq!(err, "", "a bar drawn into a pipe");
    let on_terminal = |no_color: bool| {
        let line = format!("{} --db {} verify", db::EXE, db.path.display());
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"]);
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        cmd.output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let Some(coloured) = on_terminal(false) else {
        eprintln!("no util-linux `script` here: the terminal case is not run");
        return;
    };
    assert!(coloured.contains("Sprawdzanie łańcucha"), "{coloured:?}");
    assert!(
        coloured.contains(&format!("{events}/{events}")),
        "{coloured:?}"
    );
    assert!(!coloured.contains(" 0/0 "), "{coloured:?}");
    assert!(coloured.contains("\u{1b}[36m"), "{coloured:?}");
    let plain = on_terminal(true).unwrap();
    assert!(plain.contains(&format!("{events}/{events}")), "{plain:?}");
    assert!(!plain.contains("\u{1b}[36m"), "{plain:?}");
}

/// On a terminal (util-linux `script`, when installed) `person erase` asks: "n" erases nothing,
/// "tak" erases.
#[test]
fn person_erase_asks_on_a_terminal() {
    use std::io::Write;
    let db = Db::new();
    db.demo();
    let answer = |text: &str| {
        let line = format!(
            "{} --db {} person erase os-000417",
            db::EXE,
            db.path.display()
        );
        let mut child = std::process::Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .ok()?;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let Some(no) = answer("n\n") else {
        eprintln!("no util-linux `script` here: the terminal case is not run");
        return;
    };
    assert!(
        no.contains("Usunąć nieodwracalnie dane osoby os-000417?"),
        "{no:?}"
    );
    assert!(no.contains("niczego nie usunięto"), "{no:?}");
    assert_eq!(
        db.json(&["person", "show", "os-000417"], 0)["state"],
        "present"
    );
    let yes = answer("tak\n").unwrap();
    assert!(yes.contains("usunięto"), "{yes:?}");
    assert_eq!(
        db.json(&["person", "show", "os-000417"], 0)["state"],
        "erased"
    );
}
