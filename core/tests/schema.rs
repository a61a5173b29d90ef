//! The published JSON Schemas in `schema/` must equal what the Rust types generate.
//! Regenerate with `UPDATE_SCHEMA=1 cargo test -p kooperacje --test schema`.

use std::path::PathBuf;

fn check(file: &str, generated: serde_json::Value) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../schema")
        .join(file);
    let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let published = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} missing ({e}); run UPDATE_SCHEMA=1 cargo test -p kooperacje --test schema",
            path.display()
        )
    });
    assert!(
        published == text,
        "{} is stale: the Rust types changed. Run UPDATE_SCHEMA=1 cargo test -p kooperacje --test schema and commit the result",
        path.display()
    );
}

#[test]
fn event_schema_is_current() {
    check("events.schema.json", kooperacje::schema::events());
}

#[test]
fn command_schema_is_current() {
    check("commands.schema.json", kooperacje::schema::commands());
}

#[test]
fn state_schema_is_current() {
    check("state.schema.json", kooperacje::schema::state());
}

#[test]
fn event_schema_names_every_event_type_and_the_version_field() {
    let schema = kooperacje::schema::events();
    let text = schema.to_string();
    for t in [
        "need_reported",
        "zzk_suspended",
        "consent_withdrawn",
        "service_added",
        "pzk_meeting_held",
    ] {
        assert!(
            text.contains(&format!("\"{t}\"")),
            "{t} missing from the event schema"
        );
    }
    assert!(schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v == "schema"));
}
