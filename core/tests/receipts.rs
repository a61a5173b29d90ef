//! Consent receipts (ISO/IEC TS 27560): one for every consent given, renewed or withdrawn, in
//! Polish and in English, from the state and the host's personal data.
#![cfg(feature = "privacy")]

use chrono::{DateTime, Duration, TimeZone, Utc};
use kooperacje::person::{PersonRecord, PersonalData};
use kooperacje::receipt::{self, ConsentReceipt};
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::*;
use serde_json::{json, Value};

struct World {
    state: State,
    now: DateTime<Utc>,
    data: PersonalData,
}

impl World {
    /// The sample PZK and the family `zzk-a` up to its appointment (consent `zzk-a-consent` by
    /// `zzk-a-p1`, sharing with school and health, evaluation too).
    fn new() -> Self {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
        let mut w = World {
            state: State::new(),
            now: t0,
            data: PersonalData::default(),
        };
        for c in operating_partnership("pzk", t0, 6).unwrap() {
            w.now = c.at;
            w.state.execute(&c).unwrap();
        }
        w.now = t0 + Duration::days(60);
        for c in family_lifecycle("pzk", "zzk-a", w.now)
            .unwrap()
            .into_iter()
            .take(7)
        {
            w.now = c.at;
            w.state.execute(&c).unwrap();
        }
        for (id, given, family) in [
            ("zzk-a-p1", "Anna", "Nowak"),
            ("zzk-a-p2", "Jan", "Nowak"),
            ("sw-1", "Ewa", "Kowalczyk"),
        ] {
            w.data.persons.insert(
                PersonRef::from(id),
                PersonRecord {
                    id: PersonRef::from(id),
                    given_name: given.into(),
                    family_name: family.into(),
                    pesel: None,
                    address: None,
                    postcode: None,
                    phone: None,
                    email: None,
                    birth_year: None,
                },
            );
        }
        w
    }

    fn cmd(&mut self, command: Value) -> Vec<EventEnvelope> {
        self.now += Duration::days(1);
        let env: CommandEnvelope =
            serde_json::from_value(json!({"at": self.now, "actor": "sw-1", "command": command}))
                .unwrap();
        self.state.execute(&env).unwrap()
    }

    fn receipt(&self, consent: &str, lang: Lang) -> ConsentReceipt {
        receipt::consent_receipt(
            &self.state,
            &self.data,
            &"zzk-a".into(),
            &consent.into(),
            self.now,
            lang,
        )
        .unwrap()
    }
}

fn codes(terms: &[receipt::Term]) -> Vec<&'static str> {
    terms.iter().map(|t| t.code).collect()
}

#[test]
fn a_consent_given_gets_a_receipt_in_polish_and_english() {
    let w = World::new();
    let pl = w.receipt("zzk-a-consent", Lang::Pl);
    let en = w.receipt("zzk-a-consent", Lang::En);
    let h = &pl.header;
    assert_eq!(h.schema_version, "kooperacje-consent-receipt/1");
    assert_eq!(h.conforms_to, "ISO/IEC TS 27560:2023");
    assert_eq!(h.record_id, "zzk-a/zzk-a-consent");
    assert_eq!(h.language, Lang::Pl);
    let principals: Vec<_> = h
        .principals
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(
        principals,
        [
            ("zzk-a-p1", Some("Anna Nowak")),
            ("zzk-a-p2", Some("Jan Nowak"))
        ]
    );
    let p = &pl.processing;
    assert_eq!(
        codes(&p.purposes),
        ["zzk_work", "information_sharing", "evaluation"]
    );
    assert!(codes(&p.data_categories).contains(&"health"));
    assert!(codes(&p.data_categories).contains(&"evaluation_answers"));
    let recipients: Vec<_> = p
        .recipients
        .iter()
        .map(|r| (r.id.as_str(), r.name.as_deref()))
        .collect();
    assert_eq!(
        recipients,
        [
            ("school", Some("Szkoła Podstawowa nr 1")),
            ("health", Some("Przychodnia Zdrowia"))
        ]
    );
    assert_eq!(p.capacity.code, "adult_family_member");
    assert_eq!(p.form.code, "written");
    assert!(p.withdrawal_method.contains("Ewa Kowalczyk"));
    assert!(p.withdrawal_method.contains("w każdej chwili"));
    assert!(en.processing.withdrawal_method.contains("at any time"));
    assert!(p.legal_basis.contains("RODO") && en.processing.legal_basis.contains("GDPR"));
    let roles: Vec<_> = pl.parties.iter().map(|p| p.role.code).collect();
    assert_eq!(
        roles,
        [
            "controller",
            "consent_giver",
            "case_manager",
            "recipient",
            "recipient"
        ]
    );
    assert_eq!(pl.parties[0].id, "ops");
    assert_eq!(pl.state.code, "active");
    assert_eq!(pl.events.len(), 1);
    assert_eq!(pl.events[0].kind.code, "given");
    // The same codes in both languages, other words.
    let pl_json = serde_json::to_value(&pl).unwrap();
    let en_json = serde_json::to_value(&en).unwrap();
    assert_eq!(codes(&en.processing.purposes), codes(&p.purposes));
    for (a, b) in p.purposes.iter().zip(&en.processing.purposes) {
        assert_ne!(a.label, b.label);
    }
    assert_ne!(
        pl_json["processing"]["retention"],
        en_json["processing"]["retention"]
    );
    assert_eq!(en_json["header"]["language"], "en");
}

#[test]
fn withdrawal_renewal_and_expiry_each_get_their_receipt() {
    let mut w = World::new();
    let review = (w.now + Duration::days(30)).date_naive();
    let events = w.cmd(json!({"type": "withdraw_consent", "zzk_id": "zzk-a", "consent_id": "zzk-a-consent", "review_on": review}));
    // One receipt for the withdrawal, none for the suspension it brings.
    let receipts: Vec<ConsentReceipt> = events
        .iter()
        .filter_map(|e| receipt::receipt_for_event(&w.state, &w.data, e, Lang::Pl).unwrap())
        .collect();
    assert_eq!(events.len(), 2);
    assert_eq!(receipts.len(), 1);
    let r = &receipts[0];
    let kinds: Vec<_> = r
        .events
        .iter()
        .map(|e| (e.kind.code, e.state.code))
        .collect();
    assert_eq!(kinds, [("given", "active"), ("withdrawn", "withdrawn")]);
    assert_eq!(r.state.code, "withdrawn");
    assert_eq!(r.header.issued_at, events[0].at);
    assert!(r.header.receipt_id.contains("/withdrawn/"));

    // Consent given again after the withdrawal is a renewal.
    let until = (w.now + Duration::days(10)).date_naive();
    let events = w.cmd(
        json!({"type": "give_consent", "zzk_id": "zzk-a", "consent_id": "zzk-a-again",
        "given_by": "zzk-a-p1", "capacity": "adult_family_member", "form": "electronic",
        "scope": {"zzk_work": true, "share_with": [], "evaluation": false}, "valid_until": until}),
    );
    let r = receipt::receipt_for_event(&w.state, &w.data, &events[0], Lang::En)
        .unwrap()
        .expect("a receipt for consent given");
    assert_eq!(r.events[0].kind.code, "renewed");
    assert_eq!(r.events[0].kind.label, "Consent renewed");
    assert_eq!(r.processing.valid_until, Some(until));
    assert_eq!(codes(&r.processing.purposes), ["zzk_work"]);
    assert!(r.processing.recipients.is_empty());

    // Eleven days on, it has lapsed.
    w.now += Duration::days(11);
    let r = w.receipt("zzk-a-again", Lang::Pl);
    let kinds: Vec<_> = r
        .events
        .iter()
        .map(|e| (e.kind.code, e.state.code))
        .collect();
    assert_eq!(kinds, [("renewed", "active"), ("expired", "expired")]);
    assert_eq!(r.events[1].on, until + Duration::days(1));
    assert_eq!(r.state.label, "Wygasła");
}

#[test]
fn a_receipt_of_an_unknown_consent_is_refused() {
    let w = World::new();
    let e = receipt::consent_receipt(
        &w.state,
        &w.data,
        &"zzk-a".into(),
        &"nope".into(),
        w.now,
        Lang::Pl,
    )
    .unwrap_err();
    assert_eq!(e.code(), "CONSENT_NOT_FOUND");
    let e = receipt::consent_receipt(
        &w.state,
        &w.data,
        &"zzk-x".into(),
        &"zzk-a-consent".into(),
        w.now,
        Lang::Pl,
    )
    .unwrap_err();
    assert_eq!(e.code(), "ZZK_NOT_FOUND");
}
