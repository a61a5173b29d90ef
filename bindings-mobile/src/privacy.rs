//! Who may see what, and consent receipts: the core's `access` and `receipt` modules for Kotlin
//! and Swift.
//!
//! Viewers, subjects, personal data, views, access records and receipts cross as the core's JSON
//! texts, as the state does (`Model.stateJson`): an app passes them on or decodes what it shows.
//! The model never holds personal data; the app passes what it holds, as
//! `{"persons": [...], "notes": [...]}` (`kooperacje::person::PersonalRecords`), to each call.

use crate::errors::{guard, malformed, KooperacjeError};
use crate::model::Model;
use chrono::{DateTime, Utc};
use kooperacje::access::{self, Subject, Viewer};
use kooperacje::person::{PersonalData, PersonalRecords};
use kooperacje::receipt;
use kooperacje::{ConsentId, Error, EventEnvelope, Lang, ZzkId};
use serde::de::DeserializeOwned;

/// One read through [`Model::read`]: the access record always (a refused read belongs in the
/// audit log too), the view only when the read was granted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccessRead {
    /// The access record for the audit log, as JSON: when, role, viewer, subject, outcome
    /// (`granted`, `partial`, `denied`), the data categories granted and withheld, error code.
    pub record_json: String,
    /// What the viewer may see, as JSON; `null` when the read was refused.
    pub view_json: Option<String>,
    /// Why the read was refused (`ACCESS_DENIED`, `ZZK_NOT_FOUND`, …); `null` when granted.
    pub refusal: Option<Refusal>,
}

/// Why a read was refused: the code and messages a thrown error would carry.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Refusal {
    /// Stable machine code, e.g. `ACCESS_DENIED`.
    pub code: String,
    /// English message.
    pub message_en: String,
    /// Polish message, for the social worker.
    pub message_pl: String,
}

fn decode<T: DeserializeOwned>(json: &str, what: &str) -> Result<T, KooperacjeError> {
    serde_json::from_str(json).map_err(|e| malformed(format!("{what}: {e}")))
}

fn personal(json: Option<String>) -> Result<PersonalData, KooperacjeError> {
    match json {
        None => Ok(PersonalData::default()),
        Some(json) => Ok(decode::<PersonalRecords>(&json, "personal")?
            .into_data()
            .map_err(Error::from)?),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, KooperacjeError> {
    Ok(serde_json::to_string(value).map_err(Error::from)?)
}

#[uniffi::export]
impl Model {
    /// Reads a subject (`{"subject": "zzk", "zzk_id": …}`, `{"subject": "registry" |
    /// "local_basket", "partnership_id": …}`) as a viewer (`{"role": "zzk_member", "person": …,
    /// "institution": …}`, or `ops_head`, `network_coordinator`, `social_worker`,
    /// `pzk_representative`, `analyst`, `family`) at `at`: only what that role may see, with the
    /// access record for the audit log. `personal_json` is the app's personal data of the people
    /// and notes concerned; `key` (at least 16 bytes) is needed for analysts, who see keyed
    /// pseudonyms. A refusal of the rules is an answer (`refusal`), not a throw; malformed
    /// arguments throw. Nothing is changed.
    pub fn read(
        &self,
        viewer_json: String,
        subject_json: String,
        at: DateTime<Utc>,
        personal_json: Option<String>,
        key: Option<Vec<u8>>,
    ) -> Result<AccessRead, KooperacjeError> {
        self.with(|m| {
            let viewer: Viewer = decode(&viewer_json, "viewer")?;
            let subject: Subject = decode(&subject_json, "subject")?;
            let data = personal(personal_json)?;
            let (record, view) =
                access::read(m.state(), &data, &viewer, &subject, at, key.as_deref());
            let (view_json, refusal) = match view {
                Ok(view) => (Some(to_json(&view)?), None),
                Err(e) => (
                    None,
                    Some(Refusal {
                        code: e.code().to_owned(),
                        message_en: e.to_string(),
                        message_pl: e.message_pl(),
                    }),
                ),
            };
            Ok(AccessRead {
                record_json: to_json(&record)?,
                view_json,
                refusal,
            })
        })
    }

    /// The receipt of one consent of a ZZK (modelled on ISO/IEC TS 27560), as JSON, in Polish or
    /// English, for the family's copy.
    pub fn consent_receipt_json(
        &self,
        zzk_id: ZzkId,
        consent_id: ConsentId,
        issued_at: DateTime<Utc>,
        personal_json: Option<String>,
        lang: Lang,
    ) -> Result<String, KooperacjeError> {
        self.with(|m| {
            let data = personal(personal_json)?;
            let receipt =
                receipt::consent_receipt(m.state(), &data, &zzk_id, &consent_id, issued_at, lang)?;
            to_json(&receipt)
        })
    }

    /// The receipt an event calls for, as JSON: one for consent given, renewed or withdrawn,
    /// `null` for any other event. Call it on the model the event was just applied to.
    pub fn receipt_for_event_json(
        &self,
        event: EventEnvelope,
        personal_json: Option<String>,
        lang: Lang,
    ) -> Result<Option<String>, KooperacjeError> {
        self.with(|m| {
            let data = personal(personal_json)?;
            receipt::receipt_for_event(m.state(), &data, &event, lang)?
                .map(|r| to_json(&r))
                .transpose()
        })
    }
}

/// The keyed pseudonym of an id, as analysts see it: `ps-` and 32 hex digits (HMAC-SHA-256), the
/// same for the same key, kind and id in every language; the key has at least 16 bytes.
#[uniffi::export]
pub fn pseudonym(key: Vec<u8>, kind: String, id: String) -> Result<String, KooperacjeError> {
    guard(|| {
        let key = access::PseudonymKey::new(&key)?;
        Ok(access::pseudonym(&key, &kind, &id))
    })
}
