//! Every field an error can name has a Polish name ([`kooperacje::fields::field_pl`]), and Polish
//! messages name fields by it and write dates as DD.MM.RRRR, while the English messages and the
//! machine keys stay as they were.

use kooperacje::error::ValidationError;
use kooperacje::fields::{field_pl, has_polish_name};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every property of a JSON Schema, at any depth, that an error can name: one whose value can
/// be a text, an id, a date or time, a number or a list. An enum, a flag or an object that is
/// wrong is refused while the JSON is read (`MALFORMED_JSON`, whose message quotes the reader's),
/// before any rule could name it, and an object's fields are named by their own keys.
fn properties(schema: &serde_json::Value, defs: &serde_json::Value, into: &mut BTreeSet<String>) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                let named = props.iter().filter(|(_, v)| nameable(v, defs, 0));
                into.extend(named.map(|(k, _)| k.clone()));
            }
            map.values().for_each(|v| properties(v, defs, into));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| properties(v, defs, into)),
        _ => {}
    }
}

/// Whether a value of `schema` can be a text, a number or a list (see [`properties`]).
fn nameable(schema: &serde_json::Value, defs: &serde_json::Value, depth: usize) -> bool {
    assert!(depth < 32, "a $ref cycle at {schema}");
    if let Some(name) = schema["$ref"].as_str() {
        let name = name.rsplit('/').next().unwrap();
        return nameable(&defs[name], defs, depth + 1);
    }
    if schema.get("enum").is_some() || schema.get("const").is_some() {
        return false;
    }
    let alternatives = ["anyOf", "oneOf", "allOf"]
        .iter()
        .filter_map(|k| schema[k].as_array())
        .flatten();
    let types = match &schema["type"] {
        serde_json::Value::String(t) => vec![t.as_str()],
        serde_json::Value::Array(ts) => ts.iter().filter_map(|t| t.as_str()).collect(),
        _ => vec![],
    };
    types
        .iter()
        .any(|t| ["string", "integer", "number", "array"].contains(t))
        || alternatives
            .into_iter()
            .any(|s| nameable(s, defs, depth + 1))
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// The literal field keys the rules of `core/src` pass to errors: `field: "…"`, the checking
/// helpers' first argument (`not_in_future("held_on", …)`), and the `("pesel", &self.pesel)`
/// pairs of the personal-data record.
fn literal_keys() -> BTreeSet<String> {
    const CALLS: &[&str] = &[
        "field: \"",
        "not_in_future(\"",
        "not_before(\"",
        "check_id(\"",
        "check_year(\"",
        "check_time(\"",
        "check_effective_day(\"",
        "require(\"",
        "optional(\"",
        "pesel(\"",
        "postcode(\"",
        "phone(\"",
        "email(\"",
        ".bounds(\"",
        "within(\"",
        ".id(\"",
    ];
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut keys = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let take = |start: usize| {
            let rest = &text[start..];
            let key = &rest[..rest.find('"').unwrap_or(0)];
            let looks_like_key = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.[]".contains(c));
            (looks_like_key, key.to_owned(), rest[key.len()..].to_owned())
        };
        for call in CALLS {
            for (i, _) in text.match_indices(call) {
                if let (true, key, _) = take(i + call.len()) {
                    keys.insert(key);
                }
            }
        }
        for (i, _) in text.match_indices("(\"") {
            if let (true, key, after) = take(i + 2) {
                if after.starts_with("\", &self.") {
                    keys.insert(key);
                }
            }
        }
    }
    keys
}

#[test]
fn every_property_of_the_commands_and_events_has_a_polish_name() {
    let mut keys = BTreeSet::new();
    for schema in [kooperacje::schema::commands(), kooperacje::schema::events()] {
        properties(&schema, &schema["$defs"], &mut keys);
    }
    // The walk found the schemas' properties (a broken walk would find nothing to check).
    for key in [
        "verified_on",
        "valid_until",
        "held_on",
        "age_min",
        "at",
        "actor",
    ] {
        assert!(keys.contains(key), "{key} not found in the schemas");
    }
    assert!(keys.len() > 100, "only {} properties found", keys.len());
    // … and only those an error can name: a flag, an enum and an object are not.
    for key in ["remote", "status", "client"] {
        assert!(
            !keys.contains(key),
            "{key} counted as a field an error names"
        );
    }
    let missing: Vec<_> = keys.iter().filter(|k| !has_polish_name(k)).collect();
    assert!(missing.is_empty(), "no Polish name for {missing:?}");
}

#[test]
fn every_key_the_rules_name_has_a_polish_name() {
    let keys = literal_keys();
    for key in [
        "verified_on",
        "client.household",
        "target.age_min",
        "institution.areas",
        "pesel",
        "given_name",
        "question",
        "at",
        "birth_year",
    ] {
        assert!(keys.contains(key), "{key} not found in core/src");
    }
    let missing: Vec<_> = keys.iter().filter(|k| !has_polish_name(k)).collect();
    assert!(missing.is_empty(), "no Polish name for {missing:?}");
}

#[test]
fn a_path_is_named_by_its_last_segment_and_keeps_the_key() {
    assert_eq!(field_pl("verified_on"), "data ostatniej weryfikacji");
    assert_eq!(field_pl("valid_until"), "termin ważności");
    assert_eq!(field_pl("held_on"), "data spotkania");
    assert_eq!(field_pl("target.age_min"), "wiek od (target.age_min)");
    assert_eq!(field_pl("members[0].name"), "nazwa (members[0].name)");
    assert_eq!(field_pl("goals[2]"), "cele szczegółowe (goals[2])");
    assert_eq!(field_pl("no_such_key"), "no_such_key");
    assert!(!has_polish_name("no_such_key"));
}

#[test]
fn polish_messages_name_fields_in_polish_and_write_dates_day_first() {
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let e = ValidationError::DateInFuture {
        field: "verified_on",
        date: day("2026-12-01"),
    };
    assert_eq!(e.to_string(), "verified_on 2026-12-01 is in the future");
    assert_eq!(
        e.message_pl(),
        "Data ostatniej weryfikacji (01.12.2026) jest w przyszłości"
    );
    let e = ValidationError::DateOutOfOrder {
        field: "deadline",
        date: day("2026-03-01"),
        earliest: day("2026-03-15"),
    };
    assert_eq!(
        e.to_string(),
        "deadline 2026-03-01 is out of order: it must not be before 2026-03-15"
    );
    assert_eq!(
        e.message_pl(),
        "Termin realizacji (01.03.2026) jest w złej kolejności: nie może przypadać przed 15.03.2026"
    );
    let e = ValidationError::TextTooLong {
        field: "provider.name",
        max: 200,
    };
    assert_eq!(e.to_string(), "provider.name is longer than 200 characters");
    assert_eq!(
        e.message_pl(),
        "Pole „nazwa” (provider.name) jest dłuższe niż 200 znaków"
    );
    // Counts agree with their number (the one plural rule, kooperacje::labels::plural_pl).
    let e = ValidationError::TextTooLong {
        field: "title",
        max: 64,
    };
    assert_eq!(e.message_pl(), "Pole „tytuł” jest dłuższe niż 64 znaki");
    let e = ValidationError::TextTooLong {
        field: "title",
        max: 1,
    };
    assert_eq!(e.message_pl(), "Pole „tytuł” jest dłuższe niż 1 znak");
    let e = ValidationError::EmptyList {
        field: "client.household",
    };
    assert_eq!(
        e.message_pl(),
        "Lista „członkowie gospodarstwa domowego” (client.household) nie może być pusta"
    );
    let e = ValidationError::OutOfRange {
        field: "target.age_min",
        min: 0,
        max: 120,
    };
    assert_eq!(
        e.message_pl(),
        "Wartość pola „wiek od” (target.age_min) jest poza zakresem (0–120)"
    );
    let e = ValidationError::TimeOutOfOrder {
        latest: "2026-04-15T10:30:00+00:00".into(),
    };
    assert_eq!(
        e.message_pl(),
        "Czas polecenia jest wcześniejszy niż ostatnie zdarzenie (15.04.2026 10:30:00 UTC)"
    );
    // The machine key stays in the error's JSON.
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["variant"], "TimeOutOfOrder");
    let e = ValidationError::EmptyText { field: "title" };
    assert_eq!(serde_json::to_value(&e).unwrap()["field"], "title");
    assert_eq!(e.message_pl(), "Pole „tytuł” nie może być puste");
}
