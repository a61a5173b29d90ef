//! The catalogue: every user-facing enum with its stable codes and Polish and English labels, and
//! every error code with its area. Hosts build their translation tables, drop-down lists and
//! report headings from it, and bindings expose it as it is, so no language keeps its own copy of
//! the labels.

#[cfg(feature = "privacy")]
use crate::access::{AccessOutcome, AgeBand, DataCategory};
use crate::basket::{ServiceChangeKind, ServiceKind, ServiceOrigin, ServiceStatus};
use crate::classification::{Area, Ministry, Sector, TerritorialLevel};
use crate::consent::{ConsentCapacity, ConsentForm, KeyDecision};
use crate::error::CatalogueEntry;
use crate::evaluation::{
    Achievement, FamilyAbsence, PzkGoal, QuestionnaireKind, SupportContinuation, SurveyForm,
};
use crate::labels::Labelled;
use crate::meeting::{PzkMeetingKind, ZzkMeetingKind};
use crate::monitoring::MonitoringSource;
use crate::partnership::{InitiationStep, MemberStatus, PzkStage, RequestKind, RequestStatus};
use crate::plan::{SituationArea, TaskStatus};
use crate::readiness::{ReadinessCondition, ReadinessLevel};
#[cfg(feature = "privacy")]
use crate::receipt::{ConsentState, PartyRole, PersonalDataKind, Purpose, ReceiptEventKind};
use crate::reports::OverdueKind;
use crate::roles::Role;
use crate::validate::Sex;
use crate::zzk::{
    ClientKind, ClosureReason, GroupKind, RepresentativeCapacity, ReturnGround, SocialWorkPhase,
    SuspensionGround, ZzkStage,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// One value of a user-facing enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    /// The stable code used in JSON.
    pub code: &'static str,
    /// Polish label.
    pub pl: &'static str,
    /// English label.
    pub en: &'static str,
}

fn values<T: Labelled + Copy>(all: &[T], code: impl Fn(&T) -> &'static str) -> Vec<EnumValue> {
    all.iter()
        .map(|v| EnumValue {
            code: code(v),
            pl: v.label_pl(),
            en: v.label_en(),
        })
        .collect()
}

/// An enum the catalogue lists: implemented by `catalogue!` for each enum of its list, and
/// required by `labelled_enum!` of each enum it declares (through [`listed`]). A labelled enum
/// left out of the list is a compile error, not a gap a host finds in its drop-down lists; one
/// listed twice is a compile error too (two implementations).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a labelled enum, but the catalogue does not list it",
    label = "not in the catalogue",
    note = "add `{Self}` to the list of `catalogue!` in core/src/catalogue.rs"
)]
pub(crate) trait Listed {}

/// Compiles only for an enum the catalogue lists: `labelled_enum!` evaluates it for each enum it
/// declares.
pub(crate) const fn listed<T: Listed>() {}

macro_rules! catalogue {
    ($($(#[$attr:meta])* $t:ident),+ $(,)?) => {
        $( $(#[$attr])* impl Listed for $t {} )+

        /// Every user-facing enum by its Rust name (`"ZzkStage"`), with its values in declaration order.
        pub fn enums() -> BTreeMap<&'static str, Vec<EnumValue>> {
            let mut enums = BTreeMap::new();
            $( $(#[$attr])* enums.insert(stringify!($t), values($t::ALL, $t::code)); )+
            enums
        }
    };
}

// Every enum declared with `labelled_enum!`, each once (the compiler checks both: see `Listed`).
catalogue!(
    Area,
    Ministry,
    Sector,
    TerritorialLevel,
    ReadinessCondition,
    ReadinessLevel,
    PzkStage,
    InitiationStep,
    MemberStatus,
    RequestKind,
    RequestStatus,
    ServiceKind,
    ServiceOrigin,
    ServiceStatus,
    ServiceChangeKind,
    ConsentCapacity,
    ConsentForm,
    KeyDecision,
    ZzkStage,
    ClientKind,
    GroupKind,
    SocialWorkPhase,
    SuspensionGround,
    ReturnGround,
    ClosureReason,
    RepresentativeCapacity,
    PzkMeetingKind,
    ZzkMeetingKind,
    SituationArea,
    TaskStatus,
    MonitoringSource,
    Achievement,
    PzkGoal,
    QuestionnaireKind,
    SurveyForm,
    SupportContinuation,
    FamilyAbsence,
    OverdueKind,
    Sex,
    Role,
    #[cfg(feature = "privacy")]
    DataCategory,
    #[cfg(feature = "privacy")]
    AgeBand,
    #[cfg(feature = "privacy")]
    AccessOutcome,
    #[cfg(feature = "privacy")]
    Purpose,
    #[cfg(feature = "privacy")]
    PersonalDataKind,
    #[cfg(feature = "privacy")]
    PartyRole,
    #[cfg(feature = "privacy")]
    ReceiptEventKind,
    #[cfg(feature = "privacy")]
    ConsentState,
);

/// The whole catalogue as JSON: `{"enums": {"ZzkStage": [{"code", "pl", "en"}, …], …},
/// "errors": [{"code", "area", "kind"}, …]}`, with the core's error codes.
pub fn to_json() -> serde_json::Value {
    to_json_with(crate::error::codes())
}

/// [`to_json`] with other error codes: a host that keeps a store lists the store's too
/// (`kooperacje_store::StoreError::catalogue()`, which holds the core's codes and its own).
pub fn to_json_with(errors: &[CatalogueEntry]) -> serde_json::Value {
    serde_json::json!({ "enums": enums(), "errors": errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_a_code_and_two_labels() {
        for (name, values) in enums() {
            assert!(!values.is_empty(), "{name}");
            for v in values {
                assert!(
                    !v.code.is_empty() && !v.pl.is_empty() && !v.en.is_empty(),
                    "{name}: {v:?}"
                );
            }
        }
        let json = to_json();
        assert_eq!(json["enums"]["ZzkStage"][0]["code"], "need_reported");
        assert_eq!(
            json["errors"].as_array().map(Vec::len),
            Some(crate::error::codes().len())
        );
        let suspended = json["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["code"] == "ZZK_SUSPENDED");
        assert_eq!(
            suspended,
            Some(&serde_json::json!({"code": "ZZK_SUSPENDED", "area": "zzk", "kind": "stage"}))
        );
    }
}
