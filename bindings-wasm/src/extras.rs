//! Everything besides the model: the catalogue of labelled enums and error codes.

use crate::convert::{text, to_js};
use crate::errors::{guard, malformed, name_of_kind};
use kooperacje::{catalogue, session, Lang};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// Every user-facing enum with its codes and Polish and English labels, and every error code
/// with its area and kind: `{enums: {ZzkStage: [{code, pl, en}, …], …}, errors: [{code, area,
/// kind}, …]}` (the core's `catalogue::to_json`).
#[wasm_bindgen(unchecked_return_type = "Catalogue")]
pub fn catalogue() -> Result<JsValue, JsValue> {
    guard(|| to_js(&catalogue::to_json()))
}

/// The label of one value of a labelled enum, in Polish (`"pl"`, the default) or English
/// (`"en"`): `label("ZzkStage", "suspended")` is `"Zawieszony"` (the core's `session::label`).
/// Throws `MALFORMED_JSON` for an unknown enum, code or language.
#[wasm_bindgen]
pub fn label(
    #[wasm_bindgen(js_name = enumName, unchecked_param_type = "EnumName")] enum_name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    lang: Option<LangArg>,
) -> Result<String, JsValue> {
    guard(|| {
        let enum_name = text(&enum_name, "enumName")?;
        let code = text(&code, "code")?;
        let lang = match lang {
            Some(l) => l
                .as_string()
                .ok_or_else(|| malformed("label: the language is \"pl\" or \"en\""))?,
            None => "pl".to_owned(),
        };
        let lang = match lang.as_str() {
            "pl" => Lang::Pl,
            "en" => Lang::En,
            other => {
                return Err(malformed(format!(
                    "label: the language is \"pl\" or \"en\", not {other:?}"
                )))
            }
        };
        Ok(session::label(&enum_name, &code, lang)?.to_owned())
    })
}

#[wasm_bindgen]
extern "C" {
    /// A language of the labels.
    #[wasm_bindgen(typescript_type = "\"pl\" | \"en\"")]
    pub type LangArg;
}

/// Every error code with its area, kind and the `name` its errors carry in JavaScript.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorInfo[]")]
pub fn error_codes() -> Result<JsValue, JsValue> {
    guard(|| {
        let rows: Vec<Value> = kooperacje::error::codes()
            .iter()
            .map(|e| {
                json!({"code": e.code, "area": e.area, "kind": e.kind, "name": name_of_kind(e.kind)})
            })
            .collect();
        to_js(&rows)
    })
}
