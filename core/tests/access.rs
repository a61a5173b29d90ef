//! Who may see what: every role × every subject, on a ZZK whose every piece of data carries a
//! marker string, so that what a view shows is checked by looking for the markers in its JSON —
//! not by reading back the fields the code chose to fill.
//!
//! The expected categories below are written from the rules of DOMAIN.md ("Consent rules") and
//! issue 7, not from a run.
#![cfg(feature = "privacy")]

mod support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use kooperacje::access::{
    self, AccessOutcome, AgeBand, DataCategory as D, PseudonymKey, Role, Subject, View, Viewer,
};
use kooperacje::person::{Note, PersonRecord, PersonalData};
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const KEY: &[u8] = b"a key the OPS keeps from its analysts";

struct World {
    state: State,
    now: DateTime<Utc>,
}

impl World {
    fn cmd(&mut self, command: Value) {
        self.now += Duration::hours(1);
        let actor = support::actor_for(&self.state, &command);
        let env: CommandEnvelope =
            serde_json::from_value(json!({"at": self.now, "actor": actor, "command": command}))
                .unwrap();
        self.state
            .execute(&env)
            .unwrap_or_else(|e| panic!("{:?}: {e}", env.command));
    }
}

/// The PZK `pzk` (members school, health, ngo, cis; coordinator `coordinator-1`), a new member
/// `pcpr` represented by `dir-pcpr`, and the active ZZK `zzk-a` of the sample lifecycle (case
/// manager `sw-1`, consent `zzk-a-consent` sharing with school and health, members `teacher-1`
/// (school) and `nurse-1` (health)) with: a representative `rep-a`, a housing situation note,
/// an NGO worker on the team whose institution's consent was withdrawn, a second consultation
/// (not released) and the first one released.
fn world() -> World {
    let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
    let mut w = World {
        state: State::new(),
        now: t0,
    };
    for c in operating_partnership("pzk", t0, 6).unwrap() {
        w.now = c.at;
        w.state.execute(&c).unwrap();
    }
    w.now = t0 + Duration::days(60);
    // Up to the follow-up meeting (command 14): active, with a plan and an individual basket.
    for c in family_lifecycle("pzk", "zzk-a", w.now)
        .unwrap()
        .into_iter()
        .take(15)
    {
        w.now = c.at;
        w.state.execute(&c).unwrap();
    }
    w.cmd(
        json!({"type": "invite_member", "partnership_id": "pzk", "member_id": "pcpr",
        "representative": "dir-pcpr",
        "profile": {"name": "PCPR", "areas": ["family_support"], "ministry": "family_social_policy",
                    "sector": "public", "level": "powiat"}}),
    );
    w.cmd(json!({"type": "appoint_representative", "zzk_id": "zzk-a", "person": "rep-a", "capacity": "representative"}));
    w.cmd(json!({"type": "update_situation", "zzk_id": "zzk-a", "area": "housing", "note": "zzk-a-housing"}));
    w.cmd(json!({"type": "give_consent", "zzk_id": "zzk-a", "consent_id": "zzk-a-ngo", "given_by": "zzk-a-p1",
        "capacity": "adult_family_member", "form": "written",
        "scope": {"zzk_work": true, "share_with": ["ngo"], "evaluation": false}, "valid_until": null}));
    w.cmd(json!({"type": "add_zzk_member", "zzk_id": "zzk-a", "zzk_member_id": "zzk-a-m3", "member_id": "ngo",
        "worker": "ngo-worker", "role": "streetworker"}));
    let review = (w.now + Duration::days(30)).date_naive();
    w.cmd(json!({"type": "withdraw_consent", "zzk_id": "zzk-a", "consent_id": "zzk-a-ngo", "review_on": review}));
    let today = (w.now + Duration::hours(1)).date_naive();
    w.cmd(json!({"type": "hold_zzk_meeting", "zzk_id": "zzk-a", "meeting_id": "zzk-a-kons2", "kind": "consultation",
        "held_on": today, "family_present": false, "representative_present": false, "attending": [],
        "remote": false, "minutes": "zzk-a-kons2-minutes", "assessment": null, "plan": null, "project": null}));
    w.cmd(json!({"type": "release_consultation_minutes", "zzk_id": "zzk-a", "meeting_id": "zzk-a-consultation"}));
    assert_eq!(
        w.state.zzk(&"zzk-a".into()).unwrap().stage,
        ZzkStage::Active
    );
    w
}

/// The host's personal data: every text is a marker of its category.
fn personal() -> PersonalData {
    let mut d = PersonalData::default();
    let person = |id: &str, family_name: &str, pesel: Option<&str>, birth_year| PersonRecord {
        id: PersonRef::from(id),
        given_name: "Anna".into(),
        family_name: family_name.into(),
        pesel: pesel.map(Into::into),
        address: Some("IDENT-ADDRESS".into()),
        postcode: None,
        phone: None,
        email: None,
        birth_year,
    };
    for r in [
        person("zzk-a-p1", "IDENT-NOWAK", Some("44051401359"), Some(1944)),
        person("zzk-a-p2", "IDENT-CHILD", None, Some(2016)),
        person("rep-a", "IDENT-REP", None, None),
    ] {
        d.persons.insert(r.id.clone(), r);
    }
    for (id, text) in [
        ("zzk-a-diagnosis", "SITUATION-DIAGNOSIS"),
        ("zzk-a-grounds", "SITUATION-GROUNDS"),
        ("zzk-a-housing", "SITUATION-HOUSING"),
        ("zzk-a-consultation-minutes", "CONSULT-RELEASED"),
        ("zzk-a-kons2-minutes", "CONSULT-WITHHELD"),
        ("zzk-a-first-minutes", "MEETING-FIRST"),
        ("zzk-a-follow_up-minutes", "MEETING-FOLLOWUP"),
    ] {
        d.notes.insert(
            NoteRef::from(id),
            Note {
                id: NoteRef::from(id),
                text: text.into(),
            },
        );
    }
    d
}

/// Markers of a ZZK's categories: a marker shows exactly when its category is granted.
/// (`"stage"` is in the analysts' pseudonymised summary too.)
const ZZK_MARKERS: &[(&[D], &str)] = &[
    (&[D::CaseSummary, D::Pseudonymised], "\"stage\":\"active\""),
    (&[D::CaseSummary], "\"social_worker\":\"sw-1\""),
    (&[D::Identity], "IDENT-NOWAK"),
    (&[D::Identity], "IDENT-CHILD"),
    (&[D::Identity], "IDENT-REP"),
    (&[D::Identity], "IDENT-ADDRESS"),
    (&[D::Identity], "44051401359"),
    (&[D::Situation], "SITUATION-DIAGNOSIS"),
    (&[D::Situation], "SITUATION-GROUNDS"),
    (&[D::Situation], "SITUATION-HOUSING"),
    (&[D::Consents], "zzk-a-consent"),
    (&[D::Team], "nurse-1"),
    (&[D::Team], "ngo-worker"),
    (&[D::Plan], "Wniosek o dodatek mieszkaniowy"),
    (&[D::IndividualBasket], "svc-0"),
    (&[D::Meetings], "MEETING-FIRST"),
    (&[D::Meetings], "MEETING-FOLLOWUP"),
    (&[D::Consultations], "CONSULT-RELEASED"),
    (&[D::Pseudonymised], "age_80_plus"),
    (&[D::Pseudonymised], "age_7_17"),
];

fn zzk() -> Subject {
    Subject::Zzk {
        zzk_id: "zzk-a".into(),
    }
}
fn registry() -> Subject {
    Subject::Registry {
        partnership_id: "pzk".into(),
    }
}
fn basket() -> Subject {
    Subject::LocalBasket {
        partnership_id: "pzk".into(),
    }
}

fn viewer(v: Value) -> Viewer {
    serde_json::from_value(v).unwrap()
}

const CASE: &[D] = &[
    D::CaseSummary,
    D::Identity,
    D::Situation,
    D::Consents,
    D::Team,
    D::Plan,
    D::IndividualBasket,
    D::Meetings,
    D::Consultations,
];
const FAMILY: &[D] = &[
    D::CaseSummary,
    D::Identity,
    D::Consents,
    D::Team,
    D::Plan,
    D::IndividualBasket,
    D::Meetings,
    D::Consultations,
];

/// Every role × every subject: (viewer, subject, categories shown; `None` = refused).
fn matrix() -> Vec<(Value, Subject, Option<Vec<D>>)> {
    let ops = json!({"role": "ops_head", "partnership_id": "pzk"});
    let other_ops = json!({"role": "ops_head", "partnership_id": "pzk-elsewhere"});
    let coord = json!({"role": "network_coordinator", "person": "coordinator-1"});
    let not_coord = json!({"role": "network_coordinator", "person": "sw-1"});
    let sw = json!({"role": "social_worker", "person": "sw-1"});
    let other_sw = json!({"role": "social_worker", "person": "sw-2"});
    let school = json!({"role": "zzk_member", "person": "teacher-1", "institution": "school"});
    let ngo = json!({"role": "zzk_member", "person": "ngo-worker", "institution": "ngo"});
    let wrong_inst = json!({"role": "zzk_member", "person": "teacher-1", "institution": "health"});
    let outsider = json!({"role": "zzk_member", "person": "teacher-9", "institution": "school"});
    let rep = json!({"role": "pzk_representative", "person": "dir-pcpr", "institution": "pcpr"});
    let not_rep =
        json!({"role": "pzk_representative", "person": "teacher-1", "institution": "school"});
    let analyst = json!({"role": "analyst"});
    let p1 = json!({"role": "family", "person": "zzk-a-p1"});
    let child = json!({"role": "family", "person": "zzk-a-p2"});
    let representative = json!({"role": "family", "person": "rep-a"});
    let stranger = json!({"role": "family", "person": "zzk-b-p1"});
    let all = |c: &[D]| Some(c.to_vec());
    vec![
        (ops.clone(), zzk(), all(CASE)),
        (ops.clone(), registry(), all(&[D::Registry])),
        (ops, basket(), all(&[D::LocalBasket])),
        (other_ops.clone(), zzk(), None),
        (other_ops.clone(), registry(), None),
        (other_ops, basket(), all(&[D::LocalBasket])),
        (
            coord.clone(),
            zzk(),
            all(&[D::CaseSummary, D::Team, D::IndividualBasket]),
        ),
        (coord.clone(), registry(), all(&[D::Registry])),
        (coord, basket(), all(&[D::LocalBasket])),
        (not_coord.clone(), zzk(), None),
        (not_coord, registry(), None),
        (sw.clone(), zzk(), all(CASE)),
        (sw.clone(), registry(), None),
        (sw, basket(), all(&[D::LocalBasket])),
        (other_sw, zzk(), None),
        // Consent in force covers sharing with the school …
        (school.clone(), zzk(), all(CASE)),
        (school.clone(), registry(), None),
        (school, basket(), all(&[D::LocalBasket])),
        // … but the NGO's consent was withdrawn: its worker still sits on the team.
        (ngo, zzk(), all(&[D::CaseSummary, D::Team])),
        (wrong_inst, zzk(), None),
        (outsider, zzk(), None),
        (rep.clone(), zzk(), None),
        (rep.clone(), registry(), all(&[D::Registry])),
        (rep, basket(), all(&[D::LocalBasket])),
        (not_rep, registry(), None),
        (analyst.clone(), zzk(), all(&[D::Pseudonymised])),
        (analyst.clone(), registry(), all(&[D::Pseudonymised])),
        (analyst, basket(), None),
        (p1.clone(), zzk(), all(FAMILY)),
        (p1.clone(), registry(), None),
        (p1, basket(), all(&[D::LocalBasket])),
        (child, zzk(), all(FAMILY)),
        (representative, zzk(), all(FAMILY)),
        (stranger, zzk(), None),
    ]
}

fn set(c: &[D]) -> BTreeSet<D> {
    c.iter().copied().collect()
}

/// Reads and checks everything a read must satisfy, whatever the role; returns the view's JSON.
fn check_read(
    w: &World,
    data: &PersonalData,
    v: &Viewer,
    subject: &Subject,
    expected: &Option<Vec<D>>,
) -> Option<String> {
    let before = serde_json::to_string(&w.state).unwrap();
    let (record, result) = access::read(&w.state, data, v, subject, w.now, Some(KEY));
    assert_eq!(serde_json::to_string(&w.state).unwrap(), before);
    let label = format!("{v:?} reading {subject:?}");
    assert_eq!(record.role, v.role(), "{label}");
    assert_eq!(&record.viewer, v);
    assert_eq!(&record.subject, subject);
    assert_eq!(record.at, w.now);
    // The record survives the audit log's JSON.
    let again: access::AccessRecord =
        serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
    assert_eq!(again, record);
    let shown_and_withheld: BTreeSet<D> = record
        .granted
        .iter()
        .chain(&record.withheld)
        .copied()
        .collect();
    match expected {
        None => {
            let e = result.expect_err(&label);
            assert_eq!(e.code(), "ACCESS_DENIED", "{label}");
            assert_eq!(e.area(), "access");
            assert!(!e.message_pl().is_empty() && e.message_pl() != e.to_string());
            assert_eq!(record.outcome, AccessOutcome::Denied, "{label}");
            assert_eq!(record.error_code.as_deref(), Some("ACCESS_DENIED"));
            assert!(record.granted.is_empty());
            assert_eq!(shown_and_withheld, set(subject.categories()));
            None
        }
        Some(expected) => {
            let view = result.unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(set(&record.granted), set(expected), "{label}");
            assert_eq!(record.error_code, None);
            let outcome = if set(expected) == set(subject.categories()) {
                AccessOutcome::Granted
            } else {
                AccessOutcome::Partial
            };
            assert_eq!(record.outcome, outcome, "{label}");
            let json = serde_json::to_string(&view).unwrap();
            Some(json)
        }
    }
}

#[test]
fn every_role_reads_exactly_what_it_may() {
    let w = world();
    let data = personal();
    let rows = matrix();
    // Every role against every subject.
    let tried: BTreeSet<(Role, String)> = rows
        .iter()
        .map(|(v, s, _)| {
            let kind = serde_json::to_value(s).unwrap()["subject"].to_string();
            (viewer(v.clone()).role(), kind)
        })
        .collect();
    assert_eq!(
        tried.len(),
        Role::ALL.len() * 3,
        "a role × subject is missing"
    );
    for (v, subject, expected) in &rows {
        let v = viewer(v.clone());
        let Some(json) = check_read(&w, &data, &v, subject, expected) else {
            continue;
        };
        let granted = set(expected.as_deref().unwrap());
        let label = format!("{v:?} reading {subject:?}");
        match subject {
            Subject::Zzk { .. } => {
                for (categories, marker) in ZZK_MARKERS {
                    assert_eq!(
                        json.contains(marker),
                        categories.iter().any(|c| granted.contains(c)),
                        "{label}: {marker} ({categories:?})"
                    );
                }
                // A consultation not released: shown to those who see consultations, but never
                // to the family.
                let withheld_shown =
                    granted.contains(&D::Consultations) && v.role() != Role::Family;
                assert_eq!(json.contains("CONSULT-WITHHELD"), withheld_shown, "{label}");
            }
            Subject::Registry { .. } => {
                let pseudonymised = granted.contains(&D::Pseudonymised);
                // Issue 16, item 12: the registry number names the case; analysts don't get it.
                assert_eq!(json.contains("\"number\":1"), !pseudonymised, "{label}");
                assert_eq!(json.contains("zzk-a"), !pseudonymised, "{label}");
                assert_eq!(json.contains("sw-1"), !pseudonymised, "{label}");
                assert_eq!(json.contains("\"ps-"), pseudonymised, "{label}");
            }
            Subject::LocalBasket { .. } => {
                assert!(
                    json.contains("sekretariat") && json.contains("svc-5"),
                    "{label}"
                );
            }
        }
    }
}

#[test]
fn analysts_see_no_id_name_or_text_of_a_family() {
    let w = world();
    let data = personal();
    let analyst = Viewer::Analyst;
    let (_, view) = access::read(&w.state, &data, &analyst, &zzk(), w.now, Some(KEY));
    let View::Zzk(view) = view.unwrap() else {
        panic!("a ZZK view")
    };
    let json = serde_json::to_string(&view).unwrap();
    for secret in [
        "zzk-a",
        "sw-1",
        "Anna",
        "IDENT",
        "SITUATION",
        "MEETING",
        "CONSULT",
        "44051401359",
        "teacher-1",
        "nurse-1",
        "pedagog",
    ] {
        assert!(!json.contains(secret), "{secret} in {json}");
    }
    assert_eq!(view.registry_number, None);
    assert_eq!(
        view.age_bands,
        Some(vec![AgeBand::Age80Plus, AgeBand::Age7To17])
    );
    // The registry and the case give the same pseudonym, so an analyst can join them.
    let (_, registry) = access::read(&w.state, &data, &analyst, &registry(), w.now, Some(KEY));
    let View::PseudonymisedRegistry { entries, .. } = registry.unwrap() else {
        panic!("the analyst's registry view")
    };
    assert_eq!(entries[0].zzk_id, view.zzk_id);
    assert_eq!(entries[0].social_worker, view.social_worker);
    // Another key, other pseudonyms; the same key, the same.
    let other_key = b"another key, another set of ids!";
    let (_, other) = access::read(&w.state, &data, &analyst, &zzk(), w.now, Some(other_key));
    let View::Zzk(other) = other.unwrap() else {
        panic!("a ZZK view")
    };
    assert_ne!(other.zzk_id, view.zzk_id);
    let key = PseudonymKey::new(KEY).unwrap();
    assert_eq!(access::pseudonym(&key, "zzk", "zzk-a"), view.zzk_id);
    assert_ne!(
        access::pseudonym(&key, "zzk", "zzk-a"),
        access::pseudonym(&key, "person", "zzk-a")
    );
    assert_eq!(view.zzk_id.len(), 3 + 32);
}

#[test]
fn analysts_need_a_key_of_sixteen_bytes() {
    let w = world();
    let data = personal();
    for key in [None, Some(&b""[..]), Some(&b"fifteen bytes!!"[..])] {
        let (record, result) = access::read(&w.state, &data, &Viewer::Analyst, &zzk(), w.now, key);
        let e = result.expect_err("no key, no pseudonyms");
        assert_eq!(e.code(), "PSEUDONYM_KEY_INVALID");
        assert_eq!(e.kind(), kooperacje::ErrorKind::Invalid);
        assert_eq!(record.outcome, AccessOutcome::Denied);
        assert_eq!(record.error_code.as_deref(), Some("PSEUDONYM_KEY_INVALID"));
    }
    assert!(PseudonymKey::new(&KEY[..16]).is_ok());
    // Other roles need no key.
    let sw = viewer(json!({"role": "social_worker", "person": "sw-1"}));
    assert!(access::read(&w.state, &data, &sw, &zzk(), w.now, None)
        .1
        .is_ok());
}

#[test]
fn sharing_stops_with_consent_and_membership() {
    let mut w = world();
    let data = personal();
    let school =
        viewer(json!({"role": "zzk_member", "person": "teacher-1", "institution": "school"}));
    let p1 = viewer(json!({"role": "family", "person": "zzk-a-p1"}));
    let review = (w.now + Duration::days(30)).date_naive();
    w.cmd(json!({"type": "withdraw_consent", "zzk_id": "zzk-a", "consent_id": "zzk-a-consent", "review_on": review}));
    assert_eq!(
        w.state.zzk(&"zzk-a".into()).unwrap().stage,
        ZzkStage::Suspended
    );
    // Withdrawal stops sharing with the institutions at once; the family still sees its case.
    let json = check_read(
        &w,
        &data,
        &school,
        &zzk(),
        &Some(vec![D::CaseSummary, D::Team]),
    );
    assert!(!json.unwrap().contains("IDENT-NOWAK"));
    check_read(&w, &data, &p1, &zzk(), &Some(FAMILY.to_vec()));
    // Renewed consent restores it.
    w.cmd(json!({"type": "give_consent", "zzk_id": "zzk-a", "consent_id": "zzk-a-renewed", "given_by": "zzk-a-p1",
        "capacity": "adult_family_member", "form": "written",
        "scope": {"zzk_work": true, "share_with": ["school"], "evaluation": false}, "valid_until": null}));
    check_read(&w, &data, &school, &zzk(), &Some(CASE.to_vec()));
    // A member who left reads nothing more.
    w.cmd(json!({"type": "resume_zzk", "zzk_id": "zzk-a", "ground": "consent_renewed"}));
    w.cmd(json!({"type": "remove_zzk_member", "zzk_id": "zzk-a", "zzk_member_id": "zzk-a-m1", "reason": "zmiana pracy"}));
    check_read(&w, &data, &school, &zzk(), &None);
}

#[test]
fn a_read_of_something_that_does_not_exist_is_refused_and_recorded() {
    let w = world();
    let data = personal();
    let sw = viewer(json!({"role": "social_worker", "person": "sw-1"}));
    let missing = Subject::Zzk {
        zzk_id: "zzk-x".into(),
    };
    let (record, result) = access::read(&w.state, &data, &sw, &missing, w.now, None);
    assert_eq!(result.unwrap_err().code(), "ZZK_NOT_FOUND");
    assert_eq!(record.outcome, AccessOutcome::Denied);
    assert_eq!(record.error_code.as_deref(), Some("ZZK_NOT_FOUND"));
    let nowhere = Subject::Registry {
        partnership_id: "pzk-x".into(),
    };
    let (_, result) = access::read(&w.state, &data, &sw, &nowhere, w.now, None);
    assert_eq!(result.unwrap_err().code(), "PARTNERSHIP_NOT_FOUND");
}

#[test]
fn viewers_and_subjects_have_a_stable_json_form() {
    let v = viewer(json!({"role": "zzk_member", "person": "teacher-1", "institution": "school"}));
    assert_eq!(
        serde_json::to_value(&v).unwrap(),
        json!({"role": "zzk_member", "person": "teacher-1", "institution": "school"})
    );
    assert_eq!(
        serde_json::to_value(zzk()).unwrap(),
        json!({"subject": "zzk", "zzk_id": "zzk-a"})
    );
    // An unknown field is refused rather than ignored: a typo must not widen access.
    assert!(serde_json::from_value::<Viewer>(
        json!({"role": "social_worker", "person": "sw-1", "zzk_id": "zzk-a"})
    )
    .is_err());
}

/// Issue 16, item 11: consent is judged at the `at` the host gives, so a read dated back into a
/// consent that has since lapsed would show the case as it is now — situation, PESEL and all —
/// to a member the family no longer shares it with. A read of a ZZK is judged no earlier than the
/// ZZK's latest event: an earlier `at` is refused, and the refusal is recorded.
#[test]
fn a_read_cannot_be_dated_back_into_a_lapsed_consent() {
    let mut w = world();
    let data = personal();
    let ngo = viewer(json!({"role": "zzk_member", "person": "ngo-worker", "institution": "ngo"}));
    let given = w.now + Duration::hours(1);
    let until = (given + Duration::days(10)).date_naive();
    w.cmd(json!({"type": "give_consent", "zzk_id": "zzk-a", "consent_id": "zzk-a-ngo-short", "given_by": "zzk-a-p1",
        "capacity": "adult_family_member", "form": "written",
        "scope": {"zzk_work": true, "share_with": ["ngo"], "evaluation": false}, "valid_until": until}));
    // While the consent is in force the NGO's worker sees the case …
    let json_then = check_read(&w, &data, &ngo, &zzk(), &Some(CASE.to_vec())).unwrap();
    assert!(json_then.contains("44051401359") && json_then.contains("SITUATION-DIAGNOSIS"));
    // … it lapses, and the case goes on.
    w.now += Duration::days(30);
    w.cmd(json!({"type": "update_situation", "zzk_id": "zzk-a", "area": "health", "note": "zzk-a-health"}));
    check_read(
        &w,
        &data,
        &ngo,
        &zzk(),
        &Some(vec![D::CaseSummary, D::Team]),
    );
    // Dated back to a day the consent was in force: nothing of the family.
    let back = given + Duration::days(2);
    let (record, result) = access::read(&w.state, &data, &ngo, &zzk(), back, None);
    if let Ok(view) = &result {
        let json = serde_json::to_string(view).unwrap();
        for secret in [
            "44051401359",
            "IDENT-NOWAK",
            "SITUATION-DIAGNOSIS",
            "MEETING-FIRST",
        ] {
            assert!(!json.contains(secret), "a back-dated read showed {secret}");
        }
    }
    let e = result.expect_err("a read dated before the ZZK's latest event is refused");
    assert_eq!(e.code(), "ACCESS_DENIED");
    assert!(e.to_string().contains("latest"), "{e}");
    assert!(e.message_pl().contains("ostatni"), "{}", e.message_pl());
    assert_eq!(record.at, back);
    assert_eq!(record.outcome, AccessOutcome::Denied);
    assert_eq!(record.error_code.as_deref(), Some("ACCESS_DENIED"));
    assert!(record.granted.is_empty());
    // The policy itself, asked for that day, gives nothing either.
    let on = back.date_naive();
    assert_eq!(
        access::granted(&w.state, &ngo, &zzk(), on)
            .map_err(|e| e.code())
            .err(),
        Some("ACCESS_DENIED")
    );
    // A read on the day of the latest event, or later, is judged as before.
    let latest = w.now;
    for at in [latest, latest + Duration::days(1)] {
        let (_, result) = access::read(&w.state, &data, &ngo, &zzk(), at, None);
        let View::Zzk(view) = result.unwrap() else {
            panic!("a ZZK view")
        };
        assert_eq!(view.granted, vec![D::CaseSummary, D::Team]);
    }
}

/// Issue 16, item 12: the analyst's registry showed each case's registry number beside its
/// pseudonym (a number the registry's keepers can look up), and the exact days of appointment and
/// closure (with which anyone who knows when a family's team was appointed finds its row). An
/// analyst gets neither: no number, and dates to the month — in the registry and in the ZZK view
/// alike, which are joined by the same pseudonym.
#[test]
fn analysts_see_the_registry_without_numbers_or_exact_days() {
    let mut w = world();
    let data = personal();
    // A second case in the registry, appointed after `zzk-a` (number 2).
    for c in family_lifecycle("pzk", "zzk-b", w.now + Duration::hours(1))
        .unwrap()
        .into_iter()
        .take(8)
    {
        w.now = c.at;
        w.state.execute(&c).unwrap();
    }
    let appointed = w
        .state
        .zzk(&"zzk-a".into())
        .unwrap()
        .appointment
        .clone()
        .unwrap();
    assert_ne!(
        appointed.appointed_on.format("%d").to_string(),
        "01",
        "the test needs a day that is not the 1st"
    );
    w.cmd(json!({"type": "record_end_of_work_evaluation", "zzk_id": "zzk-a", "evaluation_id": "zzk-a-eval", "survey": {
        "most_valuable": "x", "weak_points": "y", "suggestions": "z", "form": "simple_survey"}}));
    w.now += Duration::days(20);
    w.cmd(json!({"type": "close_zzk", "zzk_id": "zzk-a", "reason": "goals_achieved", "monitor_until": null,
                 "family_absent": "refused"}));
    let closed_on = w
        .state
        .zzk(&"zzk-a".into())
        .unwrap()
        .closure
        .clone()
        .unwrap()
        .closed_on;
    assert_ne!(
        closed_on.format("%d").to_string(),
        "01",
        "the test needs a day that is not the 1st"
    );
    let exact = [appointed.appointed_on.to_string(), closed_on.to_string()];
    let months = [
        appointed.appointed_on.format("%Y-%m-01").to_string(),
        closed_on.format("%Y-%m-01").to_string(),
    ];
    let ops = viewer(json!({"role": "ops_head", "partnership_id": "pzk"}));
    let (_, full) = access::read(&w.state, &data, &ops, &registry(), w.now, None);
    let full = serde_json::to_string(&full.unwrap()).unwrap();
    for day in &exact {
        assert!(full.contains(day.as_str()), "the OPS sees {day}");
    }
    let (record, view) = access::read(
        &w.state,
        &data,
        &Viewer::Analyst,
        &registry(),
        w.now,
        Some(KEY),
    );
    assert_eq!(record.granted, vec![D::Pseudonymised]);
    let view = serde_json::to_value(view.unwrap()).unwrap();
    let text = view.to_string();
    let all_rows = view["entries"].as_array().expect("rows");
    assert_eq!(all_rows.len(), 2);
    // In the order of the pseudonyms, not of the registry's numbers.
    let ids: Vec<&str> = all_rows
        .iter()
        .map(|r| r["zzk_id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let key = PseudonymKey::new(KEY).unwrap();
    let rows: Vec<&Value> = all_rows
        .iter()
        .filter(|r| r["zzk_id"] == json!(access::pseudonym(&key, "zzk", "zzk-a")))
        .collect();
    assert_eq!(rows.len(), 1);
    assert!(!text.contains("\"number\""), "{text}");
    for secret in ["zzk-a", "zzk-b", "sw-1"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    for day in &exact {
        assert!(
            !text.contains(day.as_str()),
            "the analyst's registry shows {day}: {text}"
        );
    }
    assert_eq!(rows[0]["appointed_on"], json!(months[0]));
    assert_eq!(rows[0]["closed_on"], json!(months[1]));
    // The ZZK view, joined to the row by its pseudonym, shows no more.
    let (_, zzk_view) = access::read(&w.state, &data, &Viewer::Analyst, &zzk(), w.now, Some(KEY));
    let zzk_view = serde_json::to_value(zzk_view.unwrap()).unwrap();
    assert_eq!(zzk_view["zzk_id"], rows[0]["zzk_id"]);
    let text = zzk_view.to_string();
    for day in &exact {
        assert!(
            !text.contains(day.as_str()),
            "the analyst's ZZK view shows {day}: {text}"
        );
    }
    assert_eq!(zzk_view["appointed_on"], json!(months[0]));
    assert_eq!(zzk_view["closed_on"], json!(months[1]));
    assert_eq!(zzk_view["registry_number"], Value::Null);
}
