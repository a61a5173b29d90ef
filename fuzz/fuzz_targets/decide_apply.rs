//! JSON → command or event → decide → apply, on a state with two PZKs and four ZZKs in it.
//!
//! The input is read as lines (at most 64); each line is tried as a command envelope and as an
//! event envelope, and both go to the same state in turn, so a sequence of lines can build on
//! what the earlier ones did. A multi-line input is also tried whole. Besides "no panic", it
//! checks what must hold for any input:
//!
//! - a command: `decide` and `execute` agree (events, or the same error code); a rejected command
//!   leaves the state as it was; the events of an accepted one are admitted by the core's own
//!   `admit_and_apply` on a copy of the state before it and lead to the same state; every event
//!   and the command itself survive a JSON round trip;
//! - an event: `admit_and_apply` refuses without a change, or applies exactly as a `Loader`
//!   continuing from the same state does, and then keeps the bounds of a command (its time in
//!   2000–2099); `apply` (total) never panics, even on an event that
//!   is not admitted; the event survives a JSON round trip, and decodes to the same event with
//!   its keys in another order (serde's buffered path against the fast decoder);
//! - at the end, the state's JSON round trip (if anything changed it), and the reports and
//!   analytics tables of the state as of the last time seen.

#![no_main]

use chrono::NaiveDate;
use kooperacje::monitoring::Period;
use kooperacje::{analytics, reports, CommandEnvelope, EventEnvelope, Loader, State};
use kooperacje_fuzz::{base_state, describe};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut state = base_state().clone();
    let mut as_of: Option<NaiveDate> = None;
    let mut admitted: Vec<EventEnvelope> = Vec::new();
    let whole = (text.lines().filter(|l| !l.trim().is_empty()).count() > 1).then_some(text);
    for line in text.lines().take(64).chain(whole) {
        if let Ok(cmd) = serde_json::from_str::<CommandEnvelope>(line) {
            as_of = Some(cmd.at.date_naive());
            command(&mut state, &cmd, &mut admitted);
        }
        match State::decode_event(line) {
            Ok(env) => {
                as_of = Some(env.at.date_naive());
                event(&mut state, line, env, &mut admitted);
            }
            Err(e) => describe(&e),
        }
    }
    read_everything(&state, as_of, &admitted);
});

fn command(state: &mut State, cmd: &CommandEnvelope, admitted: &mut Vec<EventEnvelope>) {
    let text = serde_json::to_string(cmd).expect("a command encodes");
    let back: CommandEnvelope = serde_json::from_str(&text).expect("an encoded command decodes");
    assert_eq!(&back, cmd, "command JSON round trip: {text}");

    let before = state.clone();
    let decided = state.decide(cmd);
    assert!(*state == before, "decide changed the state");
    match decided {
        Err(e) => {
            describe(&e);
            let again = state
                .execute(cmd)
                .expect_err("execute accepts what decide refused");
            assert_eq!(again.code(), e.code());
            assert!(*state == before, "a rejected command changed the state");
        }
        Ok(events) => {
            let executed = state
                .execute(cmd)
                .expect("execute refuses what decide accepted");
            assert_eq!(executed, events, "execute and decide give different events");
            let mut replayed = before;
            for e in &events {
                if let Err(err) = replayed.admit_and_apply(e) {
                    panic!(
                        "the core refuses an event it decided: {}: {e:?}",
                        err.code()
                    );
                }
                round_trip(e);
            }
            assert!(
                replayed == *state,
                "admitting the decided events gives another state"
            );
            admitted.extend(events);
        }
    }
}

fn event(state: &mut State, line: &str, env: EventEnvelope, admitted: &mut Vec<EventEnvelope>) {
    round_trip(&env);
    // The same JSON with every object's keys sorted (serde_json's map): the `type` tag no longer
    // comes first, so the event takes serde's buffered path instead of the fast decoder.
    let value: serde_json::Value = serde_json::from_str(line).expect("decoded, so it is JSON");
    let sorted = serde_json::to_string(&value).expect("a value encodes");
    match State::decode_event(&sorted) {
        Ok(other) => assert_eq!(other, env, "the two decoders differ on {line}"),
        Err(e) => panic!("{line} decodes, but not as {sorted}: {e}"),
    }

    let mut before = state.clone();
    let verdict = before.admit(&env).map_err(|e| e.code());
    match state.admit_and_apply(&env) {
        Ok(()) => {
            assert!(verdict.is_ok(), "admit refuses what admit_and_apply took");
            // An event from outside keeps the bounds every command keeps (its time in range:
            // a far-future event would freeze its stream for good).
            let day = env.at.date_naive();
            assert!(
                (kooperacje::dates::EARLIEST..=kooperacje::dates::LATEST).contains(&day),
                "admitted an event dated {day}"
            );
            let mut loader = Loader::new(before);
            loader
                .admit_and_apply(&env)
                .expect("the loader refuses what the state admitted");
            assert!(loader.finish() == *state, "the loader and the state differ");
            admitted.push(env);
        }
        Err(e) => {
            describe(&e);
            assert_eq!(verdict, Err(e.code()), "admit and admit_and_apply differ");
            assert!(*state == before, "a refused event changed the state");
            // `apply` is total: an event that was not admitted must not break it either.
            before.apply(&env);
        }
    }
}

fn round_trip(env: &EventEnvelope) {
    let text = serde_json::to_string(env).expect("an event encodes");
    match State::decode_event(&text) {
        Ok(back) => assert_eq!(&back, env, "event JSON round trip: {text}"),
        Err(e) => panic!("an encoded event does not decode: {}: {text}", e.code()),
    }
}

fn read_everything(state: &State, as_of: Option<NaiveDate>, admitted: &[EventEnvelope]) {
    let as_of = as_of.unwrap_or_else(|| NaiveDate::from_ymd_opt(2026, 9, 30).expect("a date"));
    if !admitted.is_empty() {
        // The JSON of a changed state decodes to a state with the same JSON (the caches it
        // leaves out are rebuilt). The base state's is the same for every input: not repeated.
        let json = serde_json::to_string(state).expect("a state encodes");
        let back: State = serde_json::from_str(&json).expect("the state's JSON decodes");
        let again = serde_json::to_string(&back).expect("a state encodes");
        assert!(again == json, "state JSON round trip");
    }
    let _ = reports::overdue(state, as_of);
    let _ = reports::open_tasks(state, as_of);
    for pid in state.partnerships.keys() {
        let _ = reports::registry(state, pid, None);
        let _ = reports::indicators(state, pid, as_of);
        let _ = reports::monitoring(state, pid, &Period::of(as_of));
    }
    for table in analytics::state_tables(state, as_of) {
        let _ = table.to_json();
    }
    let _ = analytics::events(admitted).to_json();
}
