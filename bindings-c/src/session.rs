//! The session: the core's host [`Session`] behind a handle. Each function is one call into it;
//! what this file adds is reading the arguments and writing the results as JSON text.

use crate::call::{bytes, call, optional_text, text, Out};
use crate::error::{Failure, KooperacjeError};
use crate::handle::{self, KooperacjeSession};
use crate::KooperacjeStatus;
use chrono::{DateTime, NaiveDate, Utc};
use kooperacje::session::{Refused, Session};
use kooperacje::{BasketQuery, CommandEnvelope, Error, EventEnvelope, Lang, PartnershipId, ZzkId};
use serde::Serialize;
use std::ffi::c_char;

/// A refused batch as the error of the refused event, with its index (and line).
fn refused(r: Refused) -> Failure {
    Failure {
        index: Some(r.index),
        line: r.line,
        ..r.error.into()
    }
}

/// A value as its canonical JSON text.
pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    Ok(serde_json::to_string(value).map_err(Error::from)?)
}

/// A JSON argument decoded into a core type: `MALFORMED_JSON` naming the argument.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    text: &str,
    argument: &str,
) -> Result<T, Failure> {
    serde_json::from_str(text).map_err(|e| Failure::malformed(format!("{argument}: {e}")))
}

/// A day argument, `YYYY-MM-DD`.
pub(crate) fn day(text: &str, argument: &str) -> Result<NaiveDate, Failure> {
    kooperacje::dates::parse_day(text).ok_or_else(|| {
        Failure::malformed(format!(
            "{argument}: expected a date \"YYYY-MM-DD\", got {text:?}"
        ))
    })
}

/// An instant argument, RFC 3339 (any offset, read as the library reads times in JSON).
pub(crate) fn instant(text: &str, argument: &str) -> Result<DateTime<Utc>, Failure> {
    kooperacje::dates::parse_instant(text).map_err(|e| {
        Failure::malformed(format!(
            "{argument}: expected an RFC 3339 time, got {text:?}: {e}"
        ))
    })
}

/// A language argument, `"pl"` or `"en"`.
pub(crate) fn lang(code: &str) -> Result<Lang, Failure> {
    decode(&serde_json::Value::from(code).to_string(), "lang")
}

/// Makes an empty session and writes its handle to `session`. With `keep_events` false it keeps
/// only the state, not the events (for large replays).
///
/// # Safety
/// `session` points to a writable handle; `error` is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_new(
    keep_events: bool,
    session: *mut KooperacjeSession,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(session, "session")?;
        out.put(handle::open(Session::new(keep_events)));
        Ok(())
    })
}

/// Frees a session. Its handle is never valid again: a second free, or any later call with it,
/// is `INVALID_HANDLE`.
///
/// # Safety
/// `error` is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_free(
    session: KooperacjeSession,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || handle::close(session))
}

/// Admits and applies recorded events given as JSON lines (`len` bytes of UTF-8, one event
/// envelope per line, as `kooperacje events export` and `kooperacje_session_events_jsonl`
/// write them; blank lines skipped), all or none: the error of a refused event carries its
/// `index` and `line`, and nothing changes. Writes the number applied to `count`.
///
/// # Safety
/// `jsonl` points to `len` readable bytes (or is null with `len` 0); `count` points to a writable
/// number; `error` is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_load_jsonl(
    session: KooperacjeSession,
    jsonl: *const u8,
    len: usize,
    count: *mut usize,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(count, "count")?;
        let data = bytes(jsonl, len, "jsonl")?;
        let n = handle::with(session, |s| s.load_jsonl_bytes(data).map_err(refused))?;
        out.put(n);
        Ok(())
    })
}

/// Admits and applies recorded events given as a JSON array of event envelopes, all or none (the
/// error carries the refused event's `index`). Writes the number applied to `count`.
///
/// # Safety
/// `events_json` is a NUL-terminated text; `count` points to a writable number; `error` is null
/// or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_apply(
    session: KooperacjeSession,
    events_json: *const c_char,
    count: *mut usize,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(count, "count")?;
        let events = text(events_json, "events_json")?;
        let values: Vec<serde_json::Value> = decode(events, "events_json")?;
        let events = values
            .iter()
            .enumerate()
            .map(|(index, v)| {
                kooperacje::State::decode_event(&v.to_string()).map_err(|e| Failure {
                    index: Some(index),
                    ..e.into()
                })
            })
            .collect::<Result<Vec<EventEnvelope>, Failure>>()?;
        let n = handle::with(session, |s| s.apply_all(events).map_err(refused))?;
        out.put(n);
        Ok(())
    })
}

/// Decides a command (its JSON text, `{"at", "actor", "command": {"type", …}}`) and applies its
/// events; writes the events' JSON text (an array of envelopes) to `events_json`. A refused
/// command changes nothing.
///
/// # Safety
/// `command_json` is a NUL-terminated text; `events_json` points to a writable pointer; `error`
/// is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_execute(
    session: KooperacjeSession,
    command_json: *const c_char,
    events_json: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(events_json, "events_json")?;
        let command = text(command_json, "command_json")?;
        let events = handle::with(session, |s| Ok(s.execute_json(command)?))?;
        out.put_text(&events);
        Ok(())
    })
}

/// The events a command would yield (JSON text, an array of envelopes), or the error it would
/// give; never changes the session.
///
/// # Safety
/// As [`kooperacje_session_execute`].
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_decide(
    session: KooperacjeSession,
    command_json: *const c_char,
    events_json: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(events_json, "events_json")?;
        let command: CommandEnvelope = decode(text(command_json, "command_json")?, "command")?;
        let events = handle::with(session, |s| Ok(s.decide(&command)?))?;
        out.put_text(&json(&events)?);
        Ok(())
    })
}

/// Writes a text the session gives to `out`.
fn read(
    session: KooperacjeSession,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
    body: impl FnOnce(&Session) -> Result<String, Failure>,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(out, "out")?;
        let text = handle::with(session, |s| body(s))?;
        out.put_text(&text);
        Ok(())
    })
}

/// The canonical state as JSON text (`{"partnerships": {…}, "zzks": {…}}`): the same text in
/// every language for the same events.
///
/// # Safety
/// `out` points to a writable pointer; `error` is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_state(
    session: KooperacjeSession,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    read(session, out, error, |s| json(s.state()))
}

/// The events kept so far as JSON lines, one canonical envelope per line: what a host stores
/// (empty for a session made without `keep_events`).
///
/// # Safety
/// As [`kooperacje_session_state`].
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_events_jsonl(
    session: KooperacjeSession,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    read(session, out, error, |s| Ok(s.events_jsonl()?))
}

/// Writes the number of events kept to `count`.
///
/// # Safety
/// `count` points to a writable number; `error` is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_event_count(
    session: KooperacjeSession,
    count: *mut usize,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(count, "count")?;
        out.put(handle::with(session, |s| Ok(s.event_count()))?);
        Ok(())
    })
}

/// One PZK as its canonical JSON text; `PARTNERSHIP_NOT_FOUND` when there is none.
///
/// # Safety
/// `partnership_id` is a NUL-terminated text; otherwise as [`kooperacje_session_state`].
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_partnership(
    session: KooperacjeSession,
    partnership_id: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    read(session, out, error, |s| {
        let id = PartnershipId::from(text(partnership_id, "partnership_id")?);
        json(s.partnership(&id)?)
    })
}

/// One ZZK (or case before appointment) as its canonical JSON text; `ZZK_NOT_FOUND` when there
/// is none.
///
/// # Safety
/// `zzk_id` is a NUL-terminated text; otherwise as [`kooperacje_session_state`].
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_zzk(
    session: KooperacjeSession,
    zzk_id: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    read(session, out, error, |s| {
        let id = ZzkId::from(text(zzk_id, "zzk_id")?);
        json(s.zzk(&id)?)
    })
}

/// The ZZK registry of a PZK (rejestr ZZK) as JSON (an array of entries, by registry number) on
/// a day `YYYY-MM-DD`, or with `as_of` null on the day of its latest event;
/// `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
///
/// # Safety
/// `partnership_id` is a NUL-terminated text, `as_of` null or one; otherwise as
/// [`kooperacje_session_state`].
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_registry(
    session: KooperacjeSession,
    partnership_id: *const c_char,
    as_of: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    read(session, out, error, |s| {
        let id = PartnershipId::from(text(partnership_id, "partnership_id")?);
        let as_of = optional_text(as_of, "as_of")?
            .map(|d| day(d, "as_of"))
            .transpose()?;
        json(&s.registry(&id, as_of)?)
    })
}

/// The monitoring indicators of a PZK as of a day `YYYY-MM-DD`, as JSON;
/// `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
///
/// # Safety
/// `partnership_id` and `as_of` are NUL-terminated texts; otherwise as
/// [`kooperacje_session_state`].
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_indicators(
    session: KooperacjeSession,
    partnership_id: *const c_char,
    as_of: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    read(session, out, error, |s| {
        let id = PartnershipId::from(text(partnership_id, "partnership_id")?);
        let as_of = day(text(as_of, "as_of")?, "as_of")?;
        json(&s.indicators(&id, as_of)?)
    })
}

/// Everything overdue as of a day `YYYY-MM-DD`, in every PZK and ZZK, by due date, as JSON.
///
/// # Safety
/// `as_of` is a NUL-terminated text; otherwise as [`kooperacje_session_state`].
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_overdue(
    session: KooperacjeSession,
    as_of: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    read(session, out, error, |s| {
        let as_of = day(text(as_of, "as_of")?, "as_of")?;
        json(&s.overdue(as_of))
    })
}

/// The monthly monitoring form of a PZK's ZZKs for a month `YYYY-MM` (else `BAD_PERIOD`), as
/// JSON; `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
///
/// # Safety
/// `partnership_id` and `period` are NUL-terminated texts; otherwise as
/// [`kooperacje_session_state`].
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_monitoring(
    session: KooperacjeSession,
    partnership_id: *const c_char,
    period: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    read(session, out, error, |s| {
        let id = PartnershipId::from(text(partnership_id, "partnership_id")?);
        json(&s.monitoring(&id, text(period, "period")?)?)
    })
}

/// Searches a PZK's local basket with a query given as JSON (`{"text": "…", "areas": […],
/// "status": "available", …}`; `{}` finds everything; text ignores case and Polish diacritics)
/// and writes the hits as JSON (`[{"service_id", "service"}]`, in id order);
/// `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
///
/// # Safety
/// `partnership_id` and `query_json` are NUL-terminated texts; otherwise as
/// [`kooperacje_session_state`].
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_search_basket(
    session: KooperacjeSession,
    partnership_id: *const c_char,
    query_json: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    read(session, out, error, |s| {
        let id = PartnershipId::from(text(partnership_id, "partnership_id")?);
        let query: BasketQuery = decode(text(query_json, "query_json")?, "query_json")?;
        json(&s.search_basket(&id, &query)?)
    })
}
