//! The catalogue: every user-facing enum with its stable codes and Polish and English labels, and
//! every error code with its area. Hosts build their translation tables, drop-down lists and
//! report headings from it, and bindings expose it as it is, so no language keeps its own copy of
//! the labels.

use crate::basket::{ServiceChangeKind, ServiceKind, ServiceOrigin, ServiceStatus};
use crate::classification::{Area, Ministry, Sector, TerritorialLevel};
use crate::consent::{ConsentCapacity, ConsentForm, KeyDecision};
use crate::evaluation::{Achievement, PzkGoal, QuestionnaireKind, SurveyForm};
use crate::labels::Labelled;
use crate::meeting::{PzkMeetingKind, ZzkMeetingKind};
use crate::monitoring::MonitoringSource;
use crate::partnership::{InitiationStep, MemberStatus, PzkStage, RequestKind, RequestStatus};
use crate::plan::{SituationArea, TaskStatus};
use crate::readiness::{ReadinessCondition, ReadinessLevel};
use crate::reports::OverdueKind;
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

macro_rules! catalogue {
    ($($t:ident),+ $(,)?) => {
        /// Every user-facing enum by its Rust name (`"ZzkStage"`), with its values in declaration order.
        pub fn enums() -> BTreeMap<&'static str, Vec<EnumValue>> {
            BTreeMap::from([$((stringify!($t), values($t::ALL, $t::code))),+])
        }
    };
}

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
    OverdueKind,
    Sex,
);

/// The whole catalogue as JSON: `{"enums": {"ZzkStage": [{"code", "pl", "en"}, …], …},
/// "errors": [{"code", "area", "kind"}, …]}`.
pub fn to_json() -> serde_json::Value {
    let errors: Vec<serde_json::Value> = crate::error::CODES
        .iter()
        .map(|(code, area)| {
            serde_json::json!({ "code": code, "area": area, "kind": crate::error::kind_of(code) })
        })
        .collect();
    serde_json::json!({ "enums": enums(), "errors": errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list above is written by hand; this counts the enums the modules declare with
    /// `labelled_enum!`, so that a new one cannot be left out of the catalogue.
    #[test]
    fn the_catalogue_lists_every_labelled_enum() {
        let sources = [
            include_str!("basket.rs"),
            include_str!("classification.rs"),
            include_str!("consent.rs"),
            include_str!("evaluation.rs"),
            include_str!("meeting.rs"),
            include_str!("monitoring.rs"),
            include_str!("partnership.rs"),
            include_str!("plan.rs"),
            include_str!("readiness.rs"),
            include_str!("reports.rs"),
            include_str!("validate.rs"),
            include_str!("zzk.rs"),
        ];
        let declared: usize = sources
            .iter()
            .map(|s| s.matches("labelled_enum! {").count())
            .sum();
        assert_eq!(enums().len(), declared);
    }

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
            Some(crate::error::CODES.len())
        );
    }
}
