//! `uniffi-bindgen` of this workspace, the same version as the scaffolding the library is built
//! with (generated code refuses a library of another version): `cargo run -p uniffi-bindgen --
//! generate --library target/debug/libkooperacje_mobile.so --language kotlin --out-dir …`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
