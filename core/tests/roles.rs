//! Who may issue each command: every command accepted in the conformance scenarios is tried again
//! by every role (the OPS head, each coordinator, the ZZK's social worker, each representative,
//! and someone with no role), and `docs/roles.md` holds the policy's table as the code writes it
//! (regenerate with `UPDATE_DOCS=1 cargo test -p kooperacje --test roles`).

mod support;

use kooperacje::command::{Command, CommandType};
use kooperacje::roles::{self, Role};
use kooperacje::{ActorId, CommandEnvelope, State};
use std::collections::BTreeSet;
use std::path::PathBuf;
use support::scenario_commands;

/// Who holds which role for `cmd` in `state`, read from the state's records directly (not
/// through the library's own check): (actor, roles held).
fn holders(state: &State, cmd: &CommandEnvelope) -> Vec<(String, BTreeSet<Role>)> {
    let mut out: Vec<(String, BTreeSet<Role>)> = Vec::new();
    let mut add = |who: &str, role: Role| match out.iter_mut().find(|(a, _)| a == who) {
        Some((_, roles)) => {
            roles.insert(role);
        }
        None => out.push((who.to_owned(), BTreeSet::from([role]))),
    };
    let json = serde_json::to_value(&cmd.command).unwrap();
    let zzk = json["zzk_id"]
        .as_str()
        .and_then(|z| state.zzks.get(&kooperacje::ZzkId::from(z)));
    let pid = match (zzk, json["partnership_id"].as_str()) {
        (Some(z), _) => Some(z.partnership_id.clone()),
        (None, Some(p)) => Some(kooperacje::PartnershipId::from(p)),
        (None, None) => None,
    };
    let Some(p) = pid.and_then(|pid| state.partnerships.get(&pid)) else {
        return out;
    };
    add(p.ops_head.as_str(), Role::OpsHead);
    for c in p.coordinators.keys() {
        add(c.as_str(), Role::NetworkCoordinator);
    }
    match (zzk, json["type"].as_str(), json["social_worker"].as_str()) {
        (Some(z), _, _) => add(z.social_worker.as_str(), Role::SocialWorker),
        (None, Some("report_need"), Some(worker)) => add(worker, Role::SocialWorker),
        _ => {}
    }
    for m in p.members.values() {
        if let Some(r) = &m.representative {
            add(r.as_str(), Role::PzkRepresentative);
        }
    }
    out
}

fn as_actor(cmd: &CommandEnvelope, actor: &str) -> CommandEnvelope {
    CommandEnvelope {
        actor: ActorId::from(actor),
        ..cmd.clone()
    }
}

/// Every command the scenarios accept is accepted from each actor holding one of its roles
/// (a representative: only for its own member) and refused with `ACTOR_NOT_PERMITTED` from everyone else; every command type is
/// tried.
#[test]
fn every_command_is_tried_by_every_role() {
    let mut tried = BTreeSet::new();
    let mut wrong = Vec::new();
    for (name, commands) in scenario_commands() {
        let mut state = State::new();
        for cmd in commands {
            let Ok(events) = state.decide(&cmd) else {
                continue;
            };
            let ty = cmd.command.command_type();
            tried.insert(ty);
            let allowed = ty.roles();
            let mut others = holders(&state, &cmd);
            others.push(("x-no-role".to_owned(), BTreeSet::new()));
            for (actor, roles) in others {
                let as_them = as_actor(&cmd, &actor);
                let result = state.decide(&as_them);
                let by_other_role = roles
                    .iter()
                    .any(|r| *r != Role::PzkRepresentative && allowed.contains(r));
                let as_representative = roles.contains(&Role::PzkRepresentative)
                    && allowed.contains(&Role::PzkRepresentative);
                let code = result.as_ref().err().map(|e| e.code());
                if as_representative && !by_other_role {
                    // Only for its own member (scenario 41 shows which): accepted, or refused
                    // for the actor, nothing else.
                    match code {
                        None | Some("ACTOR_NOT_PERMITTED") => {}
                        Some(c) => wrong.push(format!("{name}: {} by {actor}: {c}", ty.code())),
                    }
                    continue;
                }
                // Whoever registers a PZK becomes its OPS head.
                let opening = ty == CommandType::RegisterPartnership;
                let expected = if by_other_role || opening {
                    None
                } else {
                    Some("ACTOR_NOT_PERMITTED")
                };
                if code != expected {
                    wrong.push(format!(
                        "{name}: {} by {actor} ({roles:?}): {code:?}, expected {expected:?}",
                        ty.code()
                    ));
                }
                if let Ok(theirs) = &result {
                    // The same decision, only under their name.
                    let same = theirs.len() == events.len()
                        && theirs.iter().zip(&events).all(|(a, b)| a.event == b.event);
                    if !same {
                        wrong.push(format!("{name}: {} by {actor}: other events", ty.code()));
                    }
                }
            }
            state.execute(&cmd).unwrap();
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let untried: Vec<&str> = CommandType::ALL
        .iter()
        .filter(|t| !tried.contains(t))
        .map(|t| t.code())
        .collect();
    assert!(
        untried.is_empty(),
        "never accepted in a scenario: {untried:?}"
    );
}

/// A refusal names the actor, the command and the roles that may issue it, in both languages.
#[test]
fn the_refusal_names_the_roles() {
    let (_, commands) = scenario_commands()
        .into_iter()
        .find(|(n, _)| n == "41_who_may_do_what")
        .unwrap();
    let mut state = State::new();
    for cmd in &commands {
        if matches!(cmd.command, Command::HandOverOpsHead { .. }) {
            let e = state.decide(&as_actor(cmd, "x-no-role")).unwrap_err();
            assert_eq!(e.code(), "ACTOR_NOT_PERMITTED");
            assert_eq!(e.kind().code(), "forbidden");
            assert!(e.to_string().contains("x-no-role"), "{e}");
            assert!(e.to_string().contains("hand_over_ops_head"), "{e}");
            assert!(e.to_string().contains("OPS head"), "{e}");
            // In Polish, the command's code only in parentheses, as a reference.
            assert_eq!(
                e.message_pl(),
                "x-no-role nie może wydać tego polecenia (hand_over_ops_head): wymaga ono roli: \
                 Kierownik OPS"
            );
            return;
        }
        let _ = state.execute(cmd);
    }
    panic!("scenario 41 hands the OPS head's role over");
}

/// `docs/roles.md` ends with the table the code writes.
#[test]
fn the_docs_table_is_the_policy() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/roles.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let marker = "<!-- generated from core/src/roles.rs -->\n";
    let head = text
        .split_once(marker)
        .map(|(head, _)| head.to_owned())
        .unwrap_or_default();
    let want = format!("{head}{marker}{}", roles::table());
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    assert!(
        text == want,
        "docs/roles.md is stale: run UPDATE_DOCS=1 cargo test -p kooperacje --test roles"
    );
}
