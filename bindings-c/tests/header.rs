//! The committed header, `include/kooperacje.h`, is what cbindgen writes from the sources now (as
//! the JSON Schemas are checked): a function added, changed or documented anew without the header
//! rewritten fails here. `UPDATE_HEADER=1 cargo test -p kooperacje-c --test header` rewrites it.

use std::path::Path;

#[test]
fn the_header_is_what_cbindgen_writes_from_the_sources() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(dir)
        .with_config(config)
        .generate()
        .expect("cbindgen reads the crate")
        .write(&mut generated);
    let generated = String::from_utf8(generated).expect("the header is UTF-8");
    let path = dir.join("include/kooperacje.h");
    if std::env::var_os("UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("write the header");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run UPDATE_HEADER=1 cargo test -p kooperacje-c --test header",
        path.display()
    );
    // What every host relies on is declared.
    for name in [
        "kooperacje_abi_version",
        "kooperacje_session_new",
        "kooperacje_session_execute",
        "kooperacje_string_free",
        "kooperacje_error_free",
        "KOOPERACJE_STATUS_OK",
        "#if defined(KOOPERACJE_TEST_HOOKS)",
    ] {
        assert!(generated.contains(name), "the header lacks {name}");
    }
}
