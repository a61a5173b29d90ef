//! Basket search as a Polish speaker expects it (issue 18, section 7): text stored with combining
//! accents matches precomposed text, the case forms of a word find each other (a table of pairs
//! from social-assistance vocabulary, each tried both ways), near-misses do not, and the provider's
//! name and the contact person are searched too. Every check goes through a real basket: services
//! added by commands to an operating PZK, searched with `Basket::search`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use kooperacje::basket::{BasketQuery, Provider, ServiceInput, ServiceOrigin};
use kooperacje::sample::blocks::{by_member, CardTerms, Pzk};
use kooperacje::sample::{operating_partnership, Script};
use kooperacje::{Area, Command, PartnershipId, ServiceId, ServiceStatus, State};
use proptest::prelude::*;
use std::collections::BTreeSet;
use unicode_normalization::UnicodeNormalization;

/// Forms of one word or phrase that must find each other: a service named with either is found
/// by a query with the other.
const PAIRS: [(&str, &str); 50] = [
    ("pielęgniarka", "pielęgniarki"),
    ("psychologa", "psycholog"),
    ("terapia rodzinna", "terapii rodzinnej"),
    ("asystent rodziny", "asystenta rodziny"),
    ("poradnia", "poradni"),
    ("świetlica", "świetlicy"),
    ("dziecko", "dzieci"),
    ("mieszkanie", "mieszkania"),
    ("opieka", "opieki"),
    ("opieka", "opiece"),
    ("wsparcie", "wsparcia"),
    ("przemoc", "przemocy"),
    ("uzależnienie", "uzależnień"),
    ("niepełnosprawność", "niepełnosprawności"),
    ("szkoła", "szkole"),
    ("pomoc prawna", "pomocy prawnej"),
    ("pracownik socjalny", "pracownicy socjalni"),
    ("zasiłek celowy", "zasiłku celowego"),
    ("ośrodek pomocy społecznej", "ośrodka pomocy społecznej"),
    ("schronisko", "schroniska"),
    ("noclegownia", "noclegowni"),
    ("bezdomność", "bezdomności"),
    ("osoba starsza", "osób starszych"),
    ("rodzina zastępcza", "rodziny zastępczej"),
    ("pedagog", "pedagodzy"),
    ("lekarz", "lekarza"),
    ("kurator", "kuratorzy"),
    ("mediacja", "mediacji"),
    ("interwencja kryzysowa", "interwencji kryzysowej"),
    ("doradztwo zawodowe", "doradztwa zawodowego"),
    ("bezrobocie", "bezrobociem"),
    ("posiłek", "posiłki"),
    ("opiekunka", "opiekunce"),
    ("wolontariusz", "wolontariuszy"),
    ("grupa wsparcia", "grup wsparcia"),
    ("rehabilitacja", "rehabilitacji"),
    ("zaburzenia", "zaburzeń"),
    ("senior", "seniorów"),
    ("mieszkanie chronione", "mieszkaniu chronionym"),
    ("dom pomocy społecznej", "domu pomocy społecznej"),
    ("placówka", "placówce"),
    ("stopień niepełnosprawności", "stopnia niepełnosprawności"),
    ("mieszkaniec", "mieszkańców"),
    ("zakład", "zakładzie"),
    ("matka", "matek"),
    ("sąd rodzinny", "sądzie rodzinnym"),
    ("ubóstwo", "ubóstwa"),
    ("żywność", "żywności"),
    ("alimenty", "alimentów"),
    ("usługi opiekuńcze", "usług opiekuńczych"),
];

/// Unrelated words that share a beginning (or, for the old substring search, a part): neither
/// finds the other.
const NEAR_MISSES: [(&str, &str); 22] = [
    ("dług", "długoterminowa"),
    ("bank", "bankructwo"),
    ("rada", "radca"),
    ("rada", "porada"),
    ("leki", "lekarz"),
    ("leki", "lekcje"),
    ("mama", "mammografia"),
    ("renta", "rentgen"),
    ("bieda", "biedronka"),
    ("raty", "ratownik"),
    ("para", "parafia"),
    ("praca", "pracownik"),
    ("matka", "matematyka"),
    ("pomoc", "przemoc"),
    ("szkoła", "szkoda"),
    ("porada", "poród"),
    ("zasiłek", "zasięg"),
    ("kurs", "kurator"),
    ("miejsce", "miejski"),
    ("dom", "Domańska"),
    ("kara", "karta"),
    ("sąd", "sąsiad"),
];

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap()
}

fn pzk() -> PartnershipId {
    PartnershipId::from("pzk")
}

/// A service card with neutral texts (none of them a word of the tables) by the OPS ("MOPS").
fn card(name: &str) -> ServiceInput {
    let terms = CardTerms {
        access_conditions: "Bez skierowania.",
        contact_person: "Sekretariat",
        verified_on: start().date_naive(),
    };
    terms.service(
        name,
        "Opis.",
        by_member("ops"),
        ServiceOrigin::Partner,
        Area::SocialAssistance,
    )
}

/// An operating PZK `pzk` (the core's sample, whose one service is withdrawn) with `services`
/// added by commands.
fn basket_with(services: Vec<(String, ServiceInput)>) -> State {
    let mut state = State::new();
    for c in operating_partnership("pzk", start(), 1).unwrap() {
        state.execute(&c).unwrap();
    }
    let mut s = Script::new(
        start() + Duration::days(30),
        Duration::minutes(1),
        "ops-head",
    );
    s.push(Command::ChangeServiceStatus {
        partnership_id: pzk(),
        service_id: ServiceId::from("svc-0"),
        status: ServiceStatus::Withdrawn,
        reason: "poza testem".into(),
    });
    let pzk = Pzk::new("pzk", "coordinator-1");
    for (id, service) in services {
        s.push(pzk.add_service(&id, "karta usługi", service));
    }
    for c in s.into_commands() {
        state.execute(&c).unwrap();
    }
    state
}

/// The ids of the active services a text query finds.
fn found(state: &State, text: &str) -> BTreeSet<String> {
    let p = &state.partnerships[&pzk()];
    let query = BasketQuery {
        text: Some(text.into()),
        ..Default::default()
    };
    p.basket
        .search(&p.members, &query)
        .into_iter()
        .map(|(id, _)| id.to_string())
        .collect()
}

#[test]
fn decomposed_text_matches_precomposed_text() {
    // "Łódź" and "Świetlica" with combining accents (U+0301) after plain letters, as some
    // systems store text; the queries come precomposed, decomposed and without accents.
    let decomposed = "S\u{301}wietlica w \u{141}o\u{301}dz\u{301}";
    let precomposed = "Poradnia w Łodzi";
    assert_ne!(decomposed.nfc().collect::<String>(), decomposed);
    let state = basket_with(vec![
        ("nfd".into(), card(decomposed)),
        ("nfc".into(), card(precomposed)),
    ]);
    for query in ["Świetlica", "świetlicy", "swietlica", "S\u{301}wietlicy"] {
        assert_eq!(found(&state, query), set(&["nfd"]), "{query}");
    }
    for query in [
        "Łódź",
        "LODZ",
        "\u{141}o\u{301}dz\u{301}",
        "Łodzi",
        "lo\u{301}dzi",
    ] {
        assert_eq!(found(&state, query), set(&["nfc", "nfd"]), "{query}");
    }
    // The contact person, too.
    let mut contact = card("Pomoc sąsiedzka");
    contact.contact_person = "Zofia Zio\u{301}łkowska".into();
    let state = basket_with(vec![("nfd-contact".into(), contact)]);
    assert_eq!(found(&state, "Ziółkowska"), set(&["nfd-contact"]));
    assert_eq!(found(&state, "ziolkowskiej"), set(&["nfd-contact"]));
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn inflected_forms_of_social_assistance_vocabulary_find_each_other() {
    let mut services = Vec::new();
    for (i, (a, b)) in PAIRS.iter().enumerate() {
        services.push((format!("pair-{i}-a"), card(a)));
        services.push((format!("pair-{i}-b"), card(b)));
    }
    let state = basket_with(services);
    let mut failures = Vec::new();
    for (i, (a, b)) in PAIRS.iter().enumerate() {
        for (query, wanted) in [(a, format!("pair-{i}-b")), (b, format!("pair-{i}-a"))] {
            let hits = found(&state, query);
            if !hits.contains(&wanted) {
                failures.push(format!("{query:?} does not find {wanted} ({hits:?})"));
            }
            // And no service outside the basket's own words: "MOPS", "opis", "bez",
            // "skierowania", "sekretariat" (the card's other texts) never match.
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(PAIRS.len() >= 30);
}

#[test]
fn near_misses_do_not_find_each_other() {
    let mut services = Vec::new();
    for (i, (x, y)) in NEAR_MISSES.iter().enumerate() {
        services.push((format!("miss-{i}-x"), card(x)));
        services.push((format!("miss-{i}-y"), card(y)));
    }
    let state = basket_with(services);
    let mut failures = Vec::new();
    for (i, (x, y)) in NEAR_MISSES.iter().enumerate() {
        let (xid, yid) = (format!("miss-{i}-x"), format!("miss-{i}-y"));
        for (query, own, other) in [(x, &xid, &yid), (y, &yid, &xid)] {
            let hits = found(&state, query);
            if !hits.contains(own) {
                failures.push(format!("{query:?} does not find its own service {own}"));
            }
            if hits.contains(other) {
                failures.push(format!("{query:?} finds the unrelated {other}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_word_typed_in_part_or_a_derived_word_is_found() {
    let state = basket_with(vec![
        ("psy".into(), card("Pomoc psychologiczna")),
        ("ter".into(), card("Terapia uzależnień")),
        ("fam".into(), card("Terapia rodzinna")),
    ]);
    assert_eq!(found(&state, "psycholog"), set(&["psy"]));
    assert_eq!(found(&state, "psychologa"), set(&["psy"]));
    assert_eq!(found(&state, "PSYCH"), set(&["psy"]));
    assert_eq!(found(&state, "terap"), set(&["fam", "ter"]));
    assert_eq!(found(&state, "terapii uzależnień"), set(&["ter"]));
    assert_eq!(found(&state, "rodzina"), set(&["fam"]));
    // Punctuation separates words and is not itself searched; nor are prepositions and
    // conjunctions, unless the query has nothing else.
    assert_eq!(found(&state, "terapia, rodzinna!"), set(&["fam"]));
    assert_eq!(found(&state, "terapia dla rodziny"), set(&["fam"]));
    assert!(found(&state, "dla").is_empty());
    // Every word must be found.
    assert!(found(&state, "psycholog prawna").is_empty());
}

#[test]
fn provider_name_and_contact_person_are_searched() {
    let mut nurse = card("Szczepienia");
    nurse.provider = by_member("health"); // "Przychodnia Zdrowia"
    let mut start_foundation = card("Zajęcia wyrównawcze");
    start_foundation.provider = Provider::External {
        name: "Fundacja Dobry Start".into(),
        sector: None,
        ministry: None,
    };
    start_foundation.origin = ServiceOrigin::AdjacentArea;
    let mut contact = card("Klub seniora");
    contact.contact_person = "Anna Domańska".into();
    let state = basket_with(vec![
        ("nurse".into(), nurse),
        ("start".into(), start_foundation),
        ("contact".into(), contact),
    ]);
    // A member's name, from the partnership's members, in any case form.
    assert_eq!(found(&state, "przychodnia"), set(&["nurse"]));
    assert_eq!(found(&state, "w przychodni zdrowia"), set(&["nurse"]));
    assert_eq!(found(&state, "szczepienia zdrowia"), set(&["nurse"]));
    // An external provider's name.
    assert_eq!(found(&state, "fundacji"), set(&["start"]));
    assert_eq!(found(&state, "dobry start"), set(&["start"]));
    // The contact person.
    assert_eq!(found(&state, "Domańska"), set(&["contact"]));
    assert_eq!(found(&state, "domanskiej"), set(&["contact"]));
    assert!(found(&state, "dom").is_empty());
    // The members' names are read at each search: a renamed member is found by its new name.
    let p = &state.partnerships[&pzk()];
    let mut members = p.members.clone();
    let health = kooperacje::MemberId::from("health");
    members.get_mut(&health).unwrap().profile.name = "Centrum Zdrowia Psychicznego".into();
    let query = |text: &str| BasketQuery {
        text: Some(text.into()),
        ..Default::default()
    };
    assert!(p.basket.search(&members, &query("przychodnia")).is_empty());
    let hits = p
        .basket
        .search(&members, &query("centrum zdrowia psychicznego"));
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].0, &ServiceId::from("nurse"));
}

#[test]
fn the_index_follows_events_and_is_neither_stored_nor_compared() {
    let mut state = basket_with(vec![
        ("a".into(), card("Poradnia rodzinna")),
        ("b".into(), card("Świetlica środowiskowa")),
    ]);
    let before = serde_json::to_string(&state).unwrap();
    let debug = format!("{:?}", state.partnerships[&pzk()].basket);
    assert_eq!(found(&state, "poradni"), set(&["a"]));
    // Searching builds the index; the state serialises, compares and prints as before.
    assert_eq!(serde_json::to_string(&state).unwrap(), before);
    assert_eq!(format!("{:?}", state.partnerships[&pzk()].basket), debug);
    let back: State = serde_json::from_str(&before).unwrap();
    assert_eq!(back, state);
    assert_eq!(found(&back, "poradni"), set(&["a"]));

    // A revised card is found by its new words only, a withdrawn one not at all.
    let mut s = Script::new(
        start() + Duration::days(40),
        Duration::minutes(1),
        "ops-head",
    );
    s.push(Command::ReviseService {
        partnership_id: pzk(),
        service_id: ServiceId::from("a"),
        service: card("Punkt interwencji kryzysowej"),
        reason: "nowa nazwa".into(),
    });
    s.push(Command::ChangeServiceStatus {
        partnership_id: pzk(),
        service_id: ServiceId::from("b"),
        status: ServiceStatus::Withdrawn,
        reason: "zamknięta".into(),
    });
    for c in s.into_commands() {
        state.execute(&c).unwrap();
    }
    assert!(found(&state, "poradnia").is_empty());
    assert_eq!(found(&state, "interwencja kryzysowa"), set(&["a"]));
    assert!(found(&state, "świetlica").is_empty());
    let p = &state.partnerships[&pzk()];
    let all = BasketQuery {
        text: Some("świetlica".into()),
        include_inactive: true,
        ..Default::default()
    };
    assert_eq!(p.basket.search(&p.members, &all).len(), 1);
}

/// The CJK compatibility ideographs, which `fold` keeps as they are (NFC and NFD replace them).
fn cjk_compatibility(c: char) -> bool {
    matches!(c as u32, 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// Folding by the `unicode-normalization` crate itself: each character's canonical decomposition
/// without combining marks, lower-cased and decomposed again, then the letters without a
/// decomposition mapped as `fold` documents.
fn fold_by_the_crate(text: &str) -> String {
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    let mut letters = Vec::new();
    for c in text.chars() {
        if cjk_compatibility(c) {
            letters.push(c);
            continue;
        }
        decompose_canonical(c, |base| {
            if !is_combining_mark(base) {
                for lower in base.to_lowercase() {
                    decompose_canonical(lower, |l| {
                        if !is_combining_mark(l) {
                            letters.push(l);
                        }
                    });
                }
            }
        });
    }
    letters
        .into_iter()
        .map(|c| match c {
            'ł' => "l".to_owned(),
            'đ' => "d".to_owned(),
            'ø' => "o".to_owned(),
            'ħ' => "h".to_owned(),
            'ı' => "i".to_owned(),
            'ß' => "ss".to_owned(),
            'æ' => "ae".to_owned(),
            'œ' => "oe".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

#[test]
fn every_character_folds_as_the_unicode_normalization_crate_folds_it() {
    use kooperacje::text::fold;
    let mut differences = Vec::new();
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let text = c.to_string();
        let folded = fold(&text);
        if folded != fold_by_the_crate(&text) || fold(&folded) != folded {
            differences.push(format!("U+{:04X}", c as u32));
        }
    }
    assert!(differences.is_empty(), "{differences:?}");
}

/// Text with Polish letters, combining accents and anything else.
fn polish_text() -> impl Strategy<Value = String> {
    let letters: Vec<char> =
        "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄCĆEĘŁŃOÓSŚZŹŻ İßẞÆØĦıЇЙй한글\u{1100}\u{1161}\u{11A8} \u{301}\u{307}\u{328}\u{323}\u{30c}\u{F900}"
            .chars()
            .collect();
    prop::collection::vec(
        prop_oneof![3 => prop::sample::select(letters), 1 => any::<char>()],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn folding_is_idempotent_and_ignores_the_normalisation_form(text in polish_text()) {
        use kooperacje::text::fold;
        let folded = fold(&text);
        prop_assert_eq!(&fold(&folded), &folded);
        let nfc: String = text.nfc().collect();
        let nfd: String = text.nfd().collect();
        prop_assert_eq!(fold(&nfc), fold(&nfd));
        prop_assert_eq!(&fold_by_the_crate(&text), &folded);
        if !text.chars().any(cjk_compatibility) {
            prop_assert_eq!(&fold(&nfc), &folded);
        }
    }
}

/// What a search must find, by definition: the services (active unless asked otherwise) each of
/// whose query words matches a word of the service's texts or of its member provider's name.
fn by_definition(state: &State, query: &BasketQuery) -> Vec<String> {
    use kooperacje::stem::{words, Term};
    use kooperacje::text::fold;
    let p = &state.partnerships[&pzk()];
    let terms = Term::query(query.text.as_deref().unwrap_or(""));
    p.basket
        .services
        .iter()
        .filter(|(_, s)| query.include_inactive || s.status == ServiceStatus::Active)
        .filter(|(_, s)| {
            let i = &s.input;
            let mut texts = vec![
                i.name.clone(),
                i.description.clone(),
                i.access_conditions.clone(),
                i.contact_person.clone(),
            ];
            texts.extend(i.components.iter().cloned());
            match &i.provider {
                Provider::Member { member_id } => {
                    texts.push(p.members[member_id].profile.name.clone())
                }
                Provider::External { name, .. } => texts.push(name.clone()),
            }
            let folded: Vec<String> = texts.iter().map(|t| fold(t)).collect();
            terms
                .iter()
                .all(|t| folded.iter().any(|text| words(text).any(|w| t.matches(w))))
        })
        .map(|(id, _)| id.to_string())
        .collect()
}

/// The sample basket of `n` services (five kinds, four member providers, "Łódź" and a number in
/// each description), every seventh withdrawn.
fn sample_basket(n: usize) -> State {
    let mut state = State::new();
    for c in operating_partnership("pzk", start(), n).unwrap() {
        state.execute(&c).unwrap();
    }
    let mut s = Script::new(
        start() + Duration::days(30),
        Duration::minutes(1),
        "ops-head",
    );
    for i in (0..n).step_by(7) {
        s.push(Command::ChangeServiceStatus {
            partnership_id: pzk(),
            service_id: ServiceId::from(format!("svc-{i}").as_str()),
            status: ServiceStatus::Withdrawn,
            reason: "test".into(),
        });
    }
    for c in s.into_commands() {
        state.execute(&c).unwrap();
    }
    state
}

/// [`sample_basket`] with services revised to other clients, ages and a second area: every
/// third for groups, every fifth for children of 3 to 12, every seventh from 60 years, every
/// eleventh also in culture.
fn varied_basket(n: usize) -> State {
    let mut state = sample_basket(n);
    let p = &state.partnerships[&pzk()];
    let mut s = Script::new(
        p.last_at + Duration::days(1),
        Duration::minutes(1),
        "ops-head",
    );
    for i in 0..n {
        let id = ServiceId::from(format!("svc-{i}").as_str());
        let mut service = p.basket.services[&id].input.clone();
        let t = &mut service.target;
        t.groups = i % 3 == 0;
        t.persons = i % 4 != 0;
        if i % 5 == 0 {
            (t.age_min, t.age_max) = (Some(3), Some(12));
        } else if i % 7 == 0 {
            t.age_min = Some(60);
        }
        if i % 11 == 0 && !service.areas.contains(&Area::Culture) {
            service.areas.push(Area::Culture);
        }
        if service != p.basket.services[&id].input {
            s.push(Command::ReviseService {
                partnership_id: pzk(),
                service_id: id,
                service,
                reason: "test".into(),
            });
        }
    }
    for c in s.into_commands() {
        state.execute(&c).unwrap();
    }
    state
}

fn searched(state: &State, query: &BasketQuery) -> Vec<String> {
    let p = &state.partnerships[&pzk()];
    p.basket
        .search(&p.members, query)
        .into_iter()
        .map(|(id, _)| id.to_string())
        .collect()
}

const VOCABULARY: [&str; 24] = [
    "psycholog",
    "psychologiczną",
    "pomocy",
    "poradnictwa",
    "prawnego",
    "terapii",
    "uzależnień",
    "asystenta",
    "rodzinie",
    "reintegracja",
    "zawodowej",
    "usług",
    "mieszkańcom",
    "gminy",
    "Łodzi",
    "okolic",
    "przychodni",
    "szkoły",
    "podstawowej",
    "stowarzyszenia",
    "centrum",
    "integracji",
    "skierowania",
    "sekretariat",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The index finds what the definition says, for queries of one to three words and numbers,
    /// with and without inactive services.
    #[test]
    fn the_index_finds_what_the_definition_says(
        words in prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(VOCABULARY.to_vec()).prop_map(str::to_owned),
                1 => (0usize..130).prop_map(|n| n.to_string()),
            ],
            1..4,
        ),
        include_inactive in any::<bool>(),
    ) {
        thread_local! {
            static STATE: State = sample_basket(120);
        }
        let query = BasketQuery {
            text: Some(words.join(" ")),
            include_inactive,
            ..Default::default()
        };
        STATE.with(|state| {
            prop_assert_eq!(searched(state, &query), by_definition(state, &query));
            Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A query without words (area, client kind, age, inactive services) finds what the
    /// definition says: the services of that area that serve that kind of client at that age,
    /// in id order, whether or not the basket's search index is built yet.
    #[test]
    fn a_query_without_words_finds_what_the_definition_says(
        area in prop::option::of(prop::sample::select(Area::ALL.to_vec())),
        target in prop::option::of(prop::sample::select(vec![
            kooperacje::ClientKind::Person,
            kooperacje::ClientKind::Family,
            kooperacje::ClientKind::Group,
        ])),
        age in prop::option::of(prop_oneof![0u8..=20, Just(u8::MAX), any::<u8>()]),
        include_inactive in any::<bool>(),
        then_text in any::<bool>(),
    ) {
        thread_local! {
            static STATE: State = varied_basket(120);
        }
        let query = BasketQuery { area, target, age, include_inactive, ..Default::default() };
        STATE.with(|state| {
            let p = &state.partnerships[&pzk()];
            let defined: Vec<String> = p
                .basket
                .services
                .iter()
                .filter(|(_, s)| include_inactive || s.status == ServiceStatus::Active)
                .filter(|(_, s)| area.is_none_or(|a| s.input.areas.contains(&a)))
                .filter(|(_, s)| s.input.target.serves(target, age))
                .map(|(id, _)| id.to_string())
                .collect();
            if then_text {
                // A text search first builds the index the query then reads.
                searched(state, &BasketQuery { text: Some("pomoc".into()), ..Default::default() });
            }
            prop_assert_eq!(searched(state, &query), defined);
            Ok(())
        })?;
    }
}

#[test]
fn services_changed_without_events_are_still_searched_as_they_are() {
    let mut state = sample_basket(40);
    let query = BasketQuery {
        text: Some("psychologicznej".into()),
        ..Default::default()
    };
    let before = searched(&state, &query);
    assert_eq!(before, by_definition(&state, &query));
    assert!(!before.is_empty());
    // A host that inserts a service into the map by hand, bypassing the events.
    let p = state.partnerships.get_mut(&pzk()).unwrap();
    let copy = p.basket.services[&ServiceId::from("svc-5")].clone();
    p.basket.services.insert(ServiceId::from("svc-hand"), copy);
    let after = searched(&state, &query);
    assert_eq!(after, by_definition(&state, &query));
    assert_eq!(after.len(), before.len() + 1);
}
