//! The basket sheet and the HSDS export for JavaScript (`basketExport`, `basketImport`): the format
//! library (`kooperacje-formats`) reads, checks and reconciles; this only converts. Only with the
//! crate feature `basket`: in the package's entry point `kooperacje/basket` (build.sh), not in the
//! main module, to keep that within its size budget. Excel files need the feature `xlsx` as well,
//! which no module of the package has; without it `"xlsx"` is refused with `BAD_FILE`.

use crate::convert::{bytes, instant, text, to_js};
use crate::errors::{guard_js, malformed, to_js as error_to_js, Fields};
use crate::model::Model;
use kooperacje::{ActorId, Error, Lang, PartnershipId, ValidationError};
use kooperacje_formats::{Code, Export, Format, ImportError, Options};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const BASKET_TYPES: &'static str = r#"
/** A file format of the basket: a sheet (`xlsx`, `csv`, `json` rows) or, to export, HSDS 3.0. */
export type BasketFormat = "xlsx" | "csv" | "json" | "hsds";
/** A refused row of a basket sheet: its number (the header being row 1) and why. */
export interface BasketRowError {
  /** The spreadsheet's row number. */
  row: number;
  /** Stable code: the sheet's (`UNKNOWN_VALUE`, `BAD_DATE`, …) or the core's. */
  code: string;
  /** The reason in English. */
  message: string;
  /** The reason in Polish. */
  message_pl: string;
}
/** What a basket import did, row by row. */
export interface BasketImportReport {
  partnership_id: PartnershipId;
  /** Services added. */
  added: number;
  /** Services revised (perhaps with their status changed too). */
  revised: number;
  /** Services whose status alone changed. */
  status_changed: number;
  /** Services exactly as the basket had them. */
  unchanged: number;
  /** The rows refused, by row number; several reasons of one row one by one. */
  skipped: BasketRowError[];
}
/** When and by whom an import's commands are made, and whether bad rows are skipped. */
export interface BasketImportOptions {
  /** When every command is made: a Date or an RFC 3339 time. */
  at: Date | string;
  /** Who makes them. */
  actor: string;
  /** The reason each change records in the service's history (default `"import"`). */
  reason?: string;
  /** Import the good rows when some are refused (default `false`: then nothing is imported). */
  skipInvalid?: boolean;
}
"#;

/// A refusal of the format library (`BAD_FILE`, `UNKNOWN_FORMAT`, …), with its own kind and area.
fn refused(code: Code, message: String, message_pl: String) -> JsValue {
    Fields::coded(code.kind(), code.code(), code.area(), message, message_pl).to_js()
}

fn unknown_format(name: &str) -> JsValue {
    let code = Code::UnknownFormat;
    refused(
        code,
        format!("{code}: {name:?}"),
        format!("{}: {name:?}", code.message_pl()),
    )
}

fn core(e: Error) -> JsValue {
    error_to_js(&e)
}

/// The basket of a PZK as a file's contents: text for `"csv"`, `"json"` (rows) and `"hsds"`
/// (HSDS 3.0), bytes for `"xlsx"` (in a build with Excel files). Throws `PARTNERSHIP_NOT_FOUND`
/// for an unknown PZK and `UNKNOWN_FORMAT` for an unknown format.
#[wasm_bindgen(js_name = basketExport, unchecked_return_type = "string | Uint8Array")]
pub fn basket_export(
    model: &Model,
    #[wasm_bindgen(js_name = partnershipId, unchecked_param_type = "PartnershipId")]
    partnership_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BasketFormat")] format: JsValue,
) -> Result<JsValue, JsValue> {
    guard_js(|| {
        let pid = text(&partnership_id, "partnershipId").map_err(core)?;
        let format = text(&format, "format").map_err(core)?;
        let what = Export::from_name(&format).ok_or_else(|| unknown_format(&format))?;
        let p = model
            .state()
            .partnerships
            .get(&PartnershipId::from(pid.as_str()))
            .ok_or_else(|| {
                core(ValidationError::not_found(kooperacje::Entity::Partnership, &pid).into())
            })?;
        let out = kooperacje_formats::export(p, what).map_err(|e| match what {
            Export::Sheet(Format::Xlsx) => refused(Code::BadFile, e.clone(), e),
            _ => core(Error::Internal(format!("basket export: {e}"))),
        })?;
        if what.is_text() {
            let text = String::from_utf8(out)
                .map_err(|e| core(Error::Internal(format!("basket export: {e}"))))?;
            Ok(JsValue::from_str(&text))
        } else {
            Ok(js_sys::Uint8Array::from(out.as_slice()).into())
        }
    })
}

/// Imports a basket sheet (a string for CSV and JSON, or a `Uint8Array`) into a PZK of the model:
/// the rows are checked and reconciled with the basket, and the changes' events applied all or
/// none (and kept, like any command's). Returns the row-by-row report; with rows refused and
/// `skipInvalid` not set, throws `INVALID_ROWS` (its message lists each row) and changes nothing;
/// an unreadable file throws `BAD_FILE`.
#[wasm_bindgen(js_name = basketImport, unchecked_return_type = "BasketImportReport")]
pub fn basket_import(
    model: &mut Model,
    #[wasm_bindgen(js_name = partnershipId, unchecked_param_type = "PartnershipId")]
    partnership_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"xlsx\" | \"csv\" | \"json\"")] format: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BasketImportOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    guard_js(|| {
        let pid = text(&partnership_id, "partnershipId").map_err(core)?;
        let name = text(&format, "format").map_err(core)?;
        let format = Format::from_name(&name).ok_or_else(|| unknown_format(&name))?;
        let data = match data.as_string() {
            Some(s) => s.into_bytes(),
            None => bytes(&data, "data").map_err(core)?,
        };
        let options = read_options(&options).map_err(core)?;
        let imported = kooperacje_formats::import(
            model.state(),
            &PartnershipId::from(pid.as_str()),
            &data,
            format,
            &options,
        )
        .map_err(|e| match &e {
            ImportError::Domain(inner) => error_to_js(inner),
            ImportError::File(_) | ImportError::Rows(_) => Fields::coded(
                e.kind(),
                e.code(),
                e.area(),
                e.message(Lang::En),
                e.message(Lang::Pl),
            )
            .to_js(),
        })?;
        if !imported.events.is_empty() {
            // Applied as any recorded events are, all or none, and kept in the model's log.
            let events = js_sys::Array::new();
            for e in &imported.events {
                let json = serde_json::to_string(e)
                    .map_err(|e| core(Error::Internal(format!("basket import: {e}"))))?;
                events.push(&JsValue::from_str(&json));
            }
            model.apply(events.into())?;
        }
        to_js(&imported.report.to_json()).map_err(core)
    })
}

fn read_options(value: &JsValue) -> Result<Options, Error> {
    if !value.is_object() {
        return Err(malformed(
            "options: expected {at, actor, reason?, skipInvalid?}",
        ));
    }
    let get = |key: &str| js_sys::Reflect::get(value, &JsValue::from_str(key)).ok();
    let at = instant(&get("at").unwrap_or(JsValue::UNDEFINED), "options.at")?;
    let actor = text(&get("actor").unwrap_or(JsValue::UNDEFINED), "options.actor")?;
    let reason = match get("reason").filter(|v| !v.is_undefined()) {
        Some(v) => text(&v, "options.reason")?,
        None => "import".to_owned(),
    };
    let skip_invalid = match get("skipInvalid").filter(|v| !v.is_undefined()) {
        Some(v) => v
            .as_bool()
            .ok_or_else(|| malformed("options.skipInvalid: expected a boolean"))?,
        None => false,
    };
    Ok(Options {
        at,
        actor: ActorId::from(actor.as_str()),
        reason,
        skip_invalid,
    })
}
