//! Who may see what, and consent receipts (the core's `access` and `receipt` modules). Viewers,
//! subjects, personal data, views, access records and receipts cross as the core's JSON texts.
//! The session never holds personal data: the host passes what it holds, as `{"persons": [...],
//! "notes": [...]}`, to each call.

use crate::call::{bytes, call, optional_text, text, Out};
use crate::error::{Failure, KooperacjeError};
use crate::handle::{self, KooperacjeSession};
use crate::session::{decode, instant, json, lang};
use crate::KooperacjeStatus;
use kooperacje::access::{self, Subject, Viewer};
use kooperacje::person::{PersonalData, PersonalRecords};
use kooperacje::{receipt, ConsentId, Error, ZzkId};
use std::ffi::c_char;

fn personal(json: Option<&str>) -> Result<PersonalData, Failure> {
    match json {
        None => Ok(PersonalData::default()),
        Some(json) => Ok(decode::<PersonalRecords>(json, "personal_json")?
            .into_data()
            .map_err(Error::from)?),
    }
}

/// Reads a subject (`{"subject": "zzk", "zzk_id": …}`, `{"subject": "registry" |
/// "local_basket", "partnership_id": …}`) as a viewer (`{"role": "zzk_member", "person": …,
/// "institution": …}`, or `ops_head`, `network_coordinator`, `social_worker`,
/// `pzk_representative`, `analyst`, `family`) at `at` (RFC 3339): only what that role may see.
/// Writes `{"record": {…access record…}, "view": {…} | null, "refusal": {"code", "message",
/// "message_pl"} | null}` to `out`: a refusal of the rules is an answer, not a failure (the
/// access record belongs in the audit log either way); malformed arguments fail. `personal_json`
/// (may be null) is the host's personal data of the people and notes concerned; `key` (`key_len`
/// bytes, at least 16; may be null) is needed for analysts, who see keyed pseudonyms.
///
/// # Safety
/// The texts are NUL-terminated (`personal_json` may be null); `key` points to `key_len` bytes
/// (or is null with 0); `out` points to a writable pointer; `error` is null or points to a
/// writable pointer.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kooperacje_session_read(
    session: KooperacjeSession,
    viewer_json: *const c_char,
    subject_json: *const c_char,
    at: *const c_char,
    personal_json: *const c_char,
    key: *const u8,
    key_len: usize,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(out, "out")?;
        let viewer: Viewer = decode(text(viewer_json, "viewer_json")?, "viewer_json")?;
        let subject: Subject = decode(text(subject_json, "subject_json")?, "subject_json")?;
        let at = instant(text(at, "at")?, "at")?;
        let data = personal(optional_text(personal_json, "personal_json")?)?;
        let key = (!key.is_null())
            .then(|| bytes(key, key_len, "key"))
            .transpose()?;
        let answer = handle::with(session, |s| {
            let (record, view) = access::read(s.state(), &data, &viewer, &subject, at, key);
            let (view, refusal) = match view {
                Ok(view) => (serde_json::to_value(&view).map_err(Error::from)?, None),
                Err(e) => (
                    serde_json::Value::Null,
                    Some(serde_json::json!({
                        "code": e.code(),
                        "message": e.to_string(),
                        "message_pl": e.message_pl(),
                    })),
                ),
            };
            Ok(serde_json::json!({ "record": record, "view": view, "refusal": refusal }))
        })?;
        out.put_text(&json(&answer)?);
        Ok(())
    })
}

/// The receipt of one consent of a ZZK (modelled on ISO/IEC TS 27560) as JSON, in `lang`
/// (`"pl"` or `"en"`), issued at `issued_at` (RFC 3339), for the family's copy.
///
/// # Safety
/// The texts are NUL-terminated (`personal_json` may be null); `out` points to a writable
/// pointer; `error` is null or points to a writable pointer.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kooperacje_session_consent_receipt(
    session: KooperacjeSession,
    zzk_id: *const c_char,
    consent_id: *const c_char,
    issued_at: *const c_char,
    personal_json: *const c_char,
    lang_code: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(out, "out")?;
        let zzk_id = ZzkId::from(text(zzk_id, "zzk_id")?);
        let consent_id = ConsentId::from(text(consent_id, "consent_id")?);
        let issued_at = instant(text(issued_at, "issued_at")?, "issued_at")?;
        let data = personal(optional_text(personal_json, "personal_json")?)?;
        let lang = lang(text(lang_code, "lang")?)?;
        let receipt = handle::with(session, |s| {
            Ok(receipt::consent_receipt(
                s.state(),
                &data,
                &zzk_id,
                &consent_id,
                issued_at,
                lang,
            )?)
        })?;
        out.put_text(&json(&receipt)?);
        Ok(())
    })
}

/// The receipt an event (its JSON envelope) calls for, as JSON: one for consent given, renewed
/// or withdrawn; the text `null` for any other event. Call it on the session the event was just
/// applied to.
///
/// # Safety
/// As [`kooperacje_session_consent_receipt`].
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_receipt_for_event(
    session: KooperacjeSession,
    event_json: *const c_char,
    personal_json: *const c_char,
    lang_code: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(out, "out")?;
        let event = kooperacje::State::decode_event(text(event_json, "event_json")?)?;
        let data = personal(optional_text(personal_json, "personal_json")?)?;
        let lang = lang(text(lang_code, "lang")?)?;
        let receipt = handle::with(session, |s| {
            Ok(receipt::receipt_for_event(s.state(), &data, &event, lang)?)
        })?;
        out.put_text(&json(&receipt)?);
        Ok(())
    })
}

/// The keyed pseudonym of an id as analysts see it (`ps-` and 32 hex digits, HMAC-SHA-256; the
/// same for the same key, kind and id in every language); the key has at least 16 bytes.
///
/// # Safety
/// `key` points to `key_len` bytes; `kind` and `id` are NUL-terminated; `out` points to a
/// writable pointer; `error` is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_pseudonym(
    key: *const u8,
    key_len: usize,
    kind: *const c_char,
    id: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(out, "out")?;
        let key = access::PseudonymKey::new(bytes(key, key_len, "key")?)?;
        out.put_text(&access::pseudonym(
            &key,
            text(kind, "kind")?,
            text(id, "id")?,
        ));
        Ok(())
    })
}
