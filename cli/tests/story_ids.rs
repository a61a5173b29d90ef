//! The demo teaches by example, and its log is the kind that can never be erased: the ids it writes
//! must be opaque keys, never made from the names of the people whose personal data lives apart.

use kooperacje_cli::story;
use serde_json::Value;

/// The fields of a command or event that name a person: a client of the ZZK or a worker.
const PERSON_FIELDS: [&str; 9] = [
    "actor",
    "social_worker",
    "worker",
    "coordinator",
    "minutes_by",
    "respondent",
    "given_by",
    "refused_by",
    "household",
];

/// Lower case without Polish diacritics, so that `Wiśniewska` and `wisniewska` compare equal.
fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'ą' => 'a',
            'ć' => 'c',
            'ę' => 'e',
            'ł' => 'l',
            'ń' => 'n',
            'ó' => 'o',
            'ś' => 's',
            'ź' | 'ż' => 'z',
            other => other,
        })
        .collect()
}

/// What would betray a person of the story: each given name, and each family name without its
/// gendered ending (`kowalsk` for Kowalski and Kowalska).
fn name_stems() -> Vec<String> {
    let mut stems = Vec::new();
    for p in story::people() {
        stems.push(fold(&p.given_name));
        let family = fold(&p.family_name);
        let stem = family
            .strip_suffix('i')
            .or_else(|| family.strip_suffix('a'))
            .unwrap_or(&family);
        stems.push(stem.to_owned());
    }
    stems.sort();
    stems.dedup();
    stems
}

/// Every string of a JSON value, with the key it stands under (array items keep their array's key).
fn strings<'a>(key: &'a str, v: &'a Value, out: &mut Vec<(&'a str, &'a str)>) {
    match v {
        Value::String(s) => out.push((key, s)),
        Value::Array(items) => items.iter().for_each(|i| strings(key, i, out)),
        Value::Object(map) => map.iter().for_each(|(k, i)| strings(k, i, out)),
        _ => {}
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `prefix` followed by one or more digits.
fn numbered(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(digits)
}

fn story_strings() -> Vec<(String, String)> {
    let played = story::play().expect("the story plays");
    let mut all = Vec::new();
    for event in &played.events {
        let json = serde_json::to_value(event).expect("an event serialises");
        let mut found = Vec::new();
        strings("", &json, &mut found);
        all.extend(found.into_iter().map(|(k, s)| (k.to_owned(), s.to_owned())));
    }
    assert!(
        all.len() > 1000,
        "the walk found only {} strings",
        all.len()
    );
    all
}

#[test]
fn people_are_named_in_the_log_by_opaque_numbers_only() {
    let mut seen = 0;
    for (key, value) in story_strings() {
        if PERSON_FIELDS.contains(&key.as_str()) {
            seen += 1;
            assert!(
                numbered(&value, "u-") || numbered(&value, "os-"),
                "{key} = {value:?}: a person's id in the permanent log must be an opaque number"
            );
        }
        if key == "zzk_id" {
            let parts: Vec<&str> = value.split('-').collect();
            assert!(
                matches!(parts.as_slice(), ["zzk", year, n]
                    if year.len() == 4 && digits(year) && digits(n)),
                "zzk_id = {value:?}: a case id must be a case number, not a family's name"
            );
        }
    }
    assert!(seen > 100, "only {seen} person fields found");
}

#[test]
fn no_name_of_the_story_people_goes_into_the_log() {
    let stems = name_stems();
    assert!(stems.contains(&"kowalsk".to_owned()), "{stems:?}");
    for (key, value) in story_strings() {
        let folded = fold(&value);
        for word in folded.split(|c: char| !c.is_alphanumeric()) {
            for stem in &stems {
                // A whole stem at a word's start (`Jana`, `kowalscy`) or a word that is the start
                // of one (`kow`, `wis`, `zosi`).
                let betrays =
                    word.starts_with(stem.as_str()) || (word.len() >= 3 && stem.starts_with(word));
                assert!(
                    !betrays,
                    "{key} = {value:?}: {word:?} is a piece of a name ({stem:?}), and the log is permanent"
                );
            }
        }
    }
}
