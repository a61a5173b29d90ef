//! Everything besides the model: the catalogue of labelled enums and error codes, and the
//! canonical JSON form of commands and events (for hosts that store the JSON as it is).

use crate::errors::{guard, malformed, KooperacjeError};
use kooperacje::catalogue;
use kooperacje::{CommandEnvelope, Error, EventEnvelope, Lang, State};

/// One error code of the library, with its area and kind (the variant of [`KooperacjeError`]).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ErrorInfo {
    /// Stable machine code.
    pub code: String,
    /// Area (`validation`, `zzk`, …).
    pub area: String,
    /// Kind (`not_found`, `stage`, …).
    pub kind: String,
}

/// One value of a labelled enum: its stable code and its Polish and English labels.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LabelledValue {
    /// The stable code used in JSON (`"suspended"`).
    pub code: String,
    /// Polish label (`"Zawieszony"`).
    pub pl: String,
    /// English label (`"Suspended"`).
    pub en: String,
}

/// The package's version (the workspace's, e.g. `"0.1.0"`).
#[uniffi::export]
pub fn version() -> Result<String, KooperacjeError> {
    guard(|| Ok(env!("CARGO_PKG_VERSION").to_owned()))
}

/// The version of the events' JSON form this build writes (`schema` of every event).
#[uniffi::export]
pub fn event_schema_version() -> Result<u32, KooperacjeError> {
    guard(|| Ok(kooperacje::SCHEMA_VERSION))
}

/// Every error code with its area and kind, in the core's order.
#[uniffi::export]
pub fn error_codes() -> Result<Vec<ErrorInfo>, KooperacjeError> {
    guard(|| {
        Ok(kooperacje::error::codes()
            .iter()
            .map(|e| ErrorInfo {
                code: e.code.to_owned(),
                area: e.area.to_owned(),
                kind: e.kind.code().to_owned(),
            })
            .collect())
    })
}

/// The catalogue as JSON text: every user-facing enum with its codes and labels, and every
/// error code with its area and kind (`{"enums": {"ZzkStage": [{"code", "pl", "en"}, …], …},
/// "errors": [{"code", "area", "kind"}, …]}`, the core's `catalogue::to_json`): the core's, and
/// the basket sheet's (`basketImport`).
#[uniffi::export]
pub fn catalogue_json() -> Result<String, KooperacjeError> {
    guard(|| {
        let mut errors = kooperacje::error::codes().to_vec();
        errors.extend(kooperacje_formats::Code::catalogue());
        let json = catalogue::to_json_with(&errors);
        Ok(serde_json::to_string(&json).map_err(Error::from)?)
    })
}

/// The values of one labelled enum (`"ZzkStage"`), in declaration order: the order of the
/// Kotlin `enum class` (its `ordinal`) and of the Swift `enum`. Throws `MALFORMED_JSON` for an
/// unknown enum.
#[uniffi::export]
pub fn labels(enum_name: String) -> Result<Vec<LabelledValue>, KooperacjeError> {
    guard(|| {
        let enums = catalogue::enums();
        let values = enums
            .get(enum_name.as_str())
            .ok_or_else(|| malformed(format!("labels: no enum {enum_name:?}")))?;
        Ok(values
            .iter()
            .map(|v| LabelledValue {
                code: v.code.to_owned(),
                pl: v.pl.to_owned(),
                en: v.en.to_owned(),
            })
            .collect())
    })
}

/// The label of one value of a labelled enum: `label("ZzkStage", "suspended", Lang.PL)` is
/// `"Zawieszony"` (the core's `session::label`). Throws `MALFORMED_JSON` for an unknown enum or
/// code.
#[uniffi::export]
pub fn label(enum_name: String, code: String, lang: Lang) -> Result<String, KooperacjeError> {
    guard(|| Ok(kooperacje::session::label(&enum_name, &code, lang)?.to_owned()))
}

/// A command envelope from its canonical JSON text (`{"at", "actor", "command": {"type", …}}`).
#[uniffi::export]
pub fn command_from_json(json: String) -> Result<CommandEnvelope, KooperacjeError> {
    guard(|| serde_json::from_str(&json).map_err(|e| malformed(format!("command: {e}"))))
}

/// A command envelope as its canonical JSON text.
#[uniffi::export]
pub fn command_to_json(command: CommandEnvelope) -> Result<String, KooperacjeError> {
    guard(|| Ok(serde_json::to_string(&command).map_err(Error::from)?))
}

/// An event envelope from its canonical JSON text, decoded as a store's event is (an unknown
/// `schema` is `UNSUPPORTED_SCHEMA`).
#[uniffi::export]
pub fn event_from_json(json: String) -> Result<EventEnvelope, KooperacjeError> {
    guard(|| Ok(State::decode_event(&json)?))
}

/// An event envelope as its canonical JSON text: what a host stores.
#[uniffi::export]
pub fn event_to_json(event: EventEnvelope) -> Result<String, KooperacjeError> {
    guard(|| Ok(serde_json::to_string(&event).map_err(Error::from)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_core() {
        assert_eq!(
            label("ZzkStage".into(), "suspended".into(), Lang::Pl).unwrap(),
            "Zawieszony"
        );
        assert_eq!(
            label("ZzkStage".into(), "suspended".into(), Lang::En).unwrap(),
            "Suspended"
        );
        let e = label("ZzkStage".into(), "nope".into(), Lang::Pl).unwrap_err();
        assert_eq!(e.code(), "MALFORMED_JSON");
        let all = labels("ZzkStage".into()).unwrap();
        assert_eq!(all.len(), kooperacje::ZzkStage::ALL.len());
        for (value, stage) in all.iter().zip(kooperacje::ZzkStage::ALL) {
            assert_eq!(value.code, stage.code());
        }
    }

    #[test]
    fn every_error_code_is_listed_with_its_kind() {
        let codes = error_codes().unwrap();
        assert_eq!(codes.len(), kooperacje::error::codes().len());
        assert!(codes
            .iter()
            .any(|c| c.code == "ZZK_SUSPENDED" && c.kind == "stage"));
    }
}
