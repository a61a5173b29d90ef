//! The conformance scenarios of `tests/scenarios/` run from any host language by the core's own
//! runner (`kooperacje::scenario::run_with`): the runner reads the file, runs the fixtures, and
//! compares events, errors and state with what the file expects, while every command is carried
//! out by the host's driver through two callbacks, which call the host's own session wrapper. So
//! no language keeps a copy of the runner, and each command crosses the interface both ways.
//!
//! A callback answers through the reply it is given (`kooperacje_reply_ok` or
//! `kooperacje_reply_error`), so that a host passes its own texts in and never hands the library
//! memory to free.

use crate::call::{call, text, Out};
use crate::error::{Failure, KooperacjeError};
use crate::session::{decode, json};
use crate::KooperacjeStatus;
use kooperacje::scenario::{self, Driver, Fixture, Rejection, Scenario};
use kooperacje::{CommandEnvelope, EventEnvelope};
use std::collections::BTreeMap;
use std::ffi::{c_char, c_void, CString};

/// Where a driver's callback writes its answer; valid only during the callback.
#[derive(Debug, Default)]
pub struct KooperacjeReply {
    answer: Option<Result<String, Rejection>>,
}

/// Carries out one command of a scenario: `command_json` is the command's JSON text (valid during
/// the call); the callback executes it on the driver's session and answers with
/// `kooperacje_reply_ok(reply, events_json)` (the events' JSON array) or
/// `kooperacje_reply_error(reply, code, message)`. It must not unwind (throw) into the library.
pub type KooperacjeExecuteCallback = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        command_json: *const c_char,
        reply: *mut KooperacjeReply,
    ),
>;

/// Gives the driver's canonical state: answers with `kooperacje_reply_ok(reply, state_json)`.
pub type KooperacjeStateCallback =
    Option<unsafe extern "C" fn(user_data: *mut c_void, reply: *mut KooperacjeReply)>;

fn answering<'a>(r: *mut KooperacjeReply) -> Result<&'a mut KooperacjeReply, Failure> {
    // SAFETY: by the contract, null or the reply handed to the running callback.
    unsafe { r.as_mut() }
        .ok_or_else(|| kooperacje::ValidationError::NullArgument { argument: "reply" }.into())
}

/// Answers a driver's callback with a JSON text: the events of the command (a JSON array of
/// envelopes) or the state.
///
/// # Safety
/// `reply` is the reply handed to the running callback; `json_text` is NUL-terminated; `error`
/// is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_reply_ok(
    reply: *mut KooperacjeReply,
    json_text: *const c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let r = answering(reply)?;
        r.answer = Some(Ok(text(json_text, "json_text")?.to_owned()));
        Ok(())
    })
}

/// Answers an execute callback with the error the session gave: its code and English message.
///
/// # Safety
/// `reply` is the reply handed to the running callback; `code` and `message` are NUL-terminated;
/// `error` is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_reply_error(
    reply: *mut KooperacjeReply,
    code: *const c_char,
    message: *const c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let r = answering(reply)?;
        r.answer = Some(Err(Rejection {
            code: text(code, "code")?.to_owned(),
            message: text(message, "message")?.to_owned(),
        }));
        Ok(())
    })
}

/// The core's [`Driver`] over a host's callbacks. A callback that does not answer, or answers
/// with what is not JSON of the right shape, shows as `INTERNAL_ERROR` (for a command) or the
/// state `null` (which no scenario expects): the runner reports either as a failure.
struct Callbacks {
    execute: unsafe extern "C" fn(*mut c_void, *const c_char, *mut KooperacjeReply),
    state: unsafe extern "C" fn(*mut c_void, *mut KooperacjeReply),
    user_data: *mut c_void,
}

fn broken(what: String) -> Rejection {
    Rejection {
        code: "INTERNAL_ERROR".to_owned(),
        message: format!("the scenario driver {what}"),
    }
}

impl Driver for Callbacks {
    fn execute(&mut self, command: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Rejection> {
        let text = serde_json::to_string(command).map_err(|e| broken(e.to_string()))?;
        let text = CString::new(text).map_err(|e| broken(e.to_string()))?;
        let mut answer = KooperacjeReply::default();
        // SAFETY: the host's callback, given its own user data and a reply alive for the call.
        unsafe { (self.execute)(self.user_data, text.as_ptr(), &mut answer) };
        match answer.answer {
            None => Err(broken("gave no answer to a command".to_owned())),
            Some(Ok(events)) => serde_json::from_str(&events)
                .map_err(|e| broken(format!("answered with what are not events: {e}"))),
            Some(Err(rejection)) => Err(rejection),
        }
    }

    fn state(&self) -> serde_json::Value {
        let mut answer = KooperacjeReply::default();
        // SAFETY: as in `execute`.
        unsafe { (self.state)(self.user_data, &mut answer) };
        match answer.answer {
            Some(Ok(text)) => serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
            _ => serde_json::Value::Null,
        }
    }
}

/// Runs one scenario file (its JSON text) through a host's driver, which must start from an
/// empty session. `fixtures_json` maps each fixture's name to the fixture (a JSON object of the
/// files of `tests/scenarios/fixtures/`, `{"operating_pzk": {…}, …}`). Writes the canonical
/// result (the text of `target/conformance/<language>/NAME.json`, the same bytes in every
/// language when they agree) to `canonical`, every mismatch against the file's expectations to
/// `failures` as a JSON array of texts (`[]` when the scenario passes; a mismatch may span lines,
/// and item `i` is `kooperacje_json_pointer(failures, "/i")`) and their number to
/// `failure_count`. `MALFORMED_JSON` for a file that is not a scenario.
///
/// # Safety
/// The texts are NUL-terminated; the callbacks are callable with `user_data` and answer as
/// their types say; the outputs point to writable places; `error` is null or points to a
/// writable pointer.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kooperacje_run_scenario(
    scenario_json: *const c_char,
    fixtures_json: *const c_char,
    execute: KooperacjeExecuteCallback,
    state: KooperacjeStateCallback,
    user_data: *mut c_void,
    canonical: *mut *mut c_char,
    failures: *mut *mut c_char,
    failure_count: *mut usize,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let canonical = Out::new(canonical, "canonical")?;
        let failures = Out::new(failures, "failures")?;
        let failure_count = Out::new(failure_count, "failure_count")?;
        let null = |argument| kooperacje::ValidationError::NullArgument { argument };
        let execute = execute.ok_or(null("execute"))?;
        let state = state.ok_or(null("state"))?;
        let scenario: Scenario = decode(text(scenario_json, "scenario_json")?, "scenario_json")?;
        let fixtures: BTreeMap<String, Fixture> =
            decode(text(fixtures_json, "fixtures_json")?, "fixtures_json")?;
        let load = |name: &str| -> Result<Fixture, String> {
            fixtures
                .get(name)
                .cloned()
                .ok_or_else(|| format!("fixture {name}: not given"))
        };
        let mut driver = Callbacks {
            execute,
            state,
            user_data,
        };
        let outcome = scenario::run_with(&scenario, &load, &mut driver);
        canonical.put_text(&outcome.canonical_text());
        failures.put_text(&json(&outcome.failures)?);
        failure_count.put(outcome.failures.len());
        Ok(())
    })
}
