//! Personal-data checks (core/src/validate.rs): PESEL, postcode, phone, e-mail. The expected
//! PESELs are encoded here from the rule itself (date, century in the month, serial, sex digit,
//! control digit), not taken from the code under test.

use chrono::{Datelike, NaiveDate};
use kooperacje::error::{Error, ValidationError};
use kooperacje::ids::PersonRef;
use kooperacje::person::{PersonRecord, PersonalData, PersonalRecords};
use kooperacje::validate::{self, Sex};
use proptest::prelude::*;

/// Encodes a PESEL the way the registry does.
/// `serial` is digits 7–9; digit 10 is `2 * pair + 1` for a man and `2 * pair` for a woman.
fn encode(born: NaiveDate, serial: u32, pair: u32, sex: Sex) -> String {
    let offset = match born.year() {
        1800..=1899 => 80,
        1900..=1999 => 0,
        2000..=2099 => 20,
        2100..=2199 => 40,
        _ => 60,
    };
    let sex_digit = (pair % 5) * 2 + u32::from(sex == Sex::Male);
    let first = format!(
        "{:02}{:02}{:02}{:03}{}",
        born.year() % 100,
        born.month() + offset,
        born.day(),
        serial % 1000,
        sex_digit
    );
    with_control_digit(&first)
}

/// The first ten digits of a PESEL followed by their control digit (weights 1-3-7-9).
fn with_control_digit(first: &str) -> String {
    let weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let sum: u32 = first
        .chars()
        .zip(weights)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    format!("{first}{}", (10 - sum % 10) % 10)
}

fn code(e: ValidationError) -> &'static str {
    e.code()
}

#[test]
fn known_pesels_give_their_birth_date_and_sex() {
    let info = validate::pesel("pesel", "44051401359").unwrap();
    assert_eq!(
        info.birth_date,
        NaiveDate::from_ymd_opt(1944, 5, 14).unwrap()
    );
    assert_eq!(info.sex, Sex::Male);
    let info = validate::pesel("pesel", "02070803628").unwrap();
    assert_eq!(
        info.birth_date,
        NaiveDate::from_ymd_opt(1902, 7, 8).unwrap()
    );
    assert_eq!(info.sex, Sex::Female);
    assert_eq!(
        encode(
            NaiveDate::from_ymd_opt(1944, 5, 14).unwrap(),
            13,
            2,
            Sex::Male
        ),
        "44051401359",
        "the test's own encoder agrees with a published PESEL"
    );
}

#[test]
fn malformed_pesels_are_refused_with_their_own_codes() {
    for (value, expected) in [
        ("", "PESEL_FORMAT"),
        ("4405140135", "PESEL_FORMAT"),
        ("440514013590", "PESEL_FORMAT"),
        ("4405140135a", "PESEL_FORMAT"),
        ("44 51401359", "PESEL_FORMAT"),
        ("４４051401359", "PESEL_FORMAT"),
        ("44051401358", "PESEL_CHECKSUM"),
    ] {
        assert_eq!(
            code(validate::pesel("pesel", value).unwrap_err()),
            expected,
            "{value}"
        );
    }
    // A control digit that matches, over a month 13 and a 30 February.
    for first in ["4413140135", "4402300135"] {
        let value = with_control_digit(first);
        assert_eq!(
            code(validate::pesel("pesel", &value).unwrap_err()),
            "PESEL_BIRTH_DATE",
            "{value}"
        );
    }
}

proptest! {
    #[test]
    fn every_encoded_pesel_decodes_and_every_one_digit_typo_is_caught(
        days in 0i64..182_620, // 1800-01-01 … 2299-12-31
        serial in 0u32..1000,
        pair in 0u32..5,
        male in any::<bool>(),
        position in 0usize..11,
        shift in 1u32..10,
    ) {
        let born = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap() + chrono::Duration::days(days);
        let sex = if male { Sex::Male } else { Sex::Female };
        let pesel = encode(born, serial, pair, sex);
        let info = validate::pesel("pesel", &pesel).unwrap();
        prop_assert_eq!(info.birth_date, born);
        prop_assert_eq!(info.sex, sex);
        // Weights 1, 3, 7 and 9 are invertible mod 10: any one changed digit changes the sum.
        let mut digits: Vec<u32> = pesel.chars().map(|c| c.to_digit(10).unwrap()).collect();
        digits[position] = (digits[position] + shift) % 10;
        let typo: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
        prop_assert_eq!(code(validate::pesel("pesel", &typo).unwrap_err()), "PESEL_CHECKSUM");
    }
}

#[test]
fn postcodes() {
    for ok in ["00-950", "05-830", "99-999"] {
        assert!(validate::postcode("postcode", ok).is_ok(), "{ok}");
    }
    for bad in [
        "00950", "0-0950", "00-95a", " 00-950", "00-9500", "00–950", "",
    ] {
        assert_eq!(
            code(validate::postcode("postcode", bad).unwrap_err()),
            "POSTCODE_INVALID",
            "{bad}"
        );
    }
}

#[test]
fn phone_numbers_are_checked_and_given_in_international_form() {
    for (value, expected) in [
        ("600 100 200", "+48600100200"),
        ("+48 600-100-200", "+48600100200"),
        ("0048600100200", "+48600100200"),
        ("(22) 123 45 67", "+48221234567"),
        ("+44 20 7946 0958", "+442079460958"),
    ] {
        assert_eq!(
            validate::phone("phone", value).unwrap(),
            expected,
            "{value}"
        );
    }
    for bad in [
        "",
        "12345",
        "060010020",
        "+48 600 100 20",
        "+48 600 100 2000",
        "600 100 200 wew. 12",
        "+0 600 100 200",
        "+1234567",
    ] {
        assert_eq!(
            code(validate::phone("phone", bad).unwrap_err()),
            "PHONE_INVALID",
            "{bad}"
        );
    }
}

#[test]
fn e_mail_addresses() {
    for ok in [
        "anna.kowalska@example.pl",
        "a+ops@ops.wolka.gov.pl",
        "x@xn--wlka-zqa.pl",
    ] {
        assert!(validate::email("email", ok).is_ok(), "{ok}");
    }
    let long_local = format!("{}@example.pl", "a".repeat(65));
    for bad in [
        "",
        "anna",
        "@example.pl",
        "anna@",
        "anna@pl",
        "an..na@example.pl",
        ".anna@example.pl",
        "anna@-example.pl",
        "anna@example.p1",
        "anna kowalska@example.pl",
        "żaneta@example.pl",
        "a@b@example.pl",
        long_local.as_str(),
    ] {
        assert_eq!(
            code(validate::email("email", bad).unwrap_err()),
            "EMAIL_INVALID",
            "{bad}"
        );
    }
}

fn anna() -> PersonRecord {
    PersonRecord {
        id: PersonRef::from("p-anna"),
        given_name: "Anna".into(),
        family_name: "Kowalska".into(),
        pesel: Some("85010112345".into()),
        address: Some("ul. Polna 1, Wólka".into()),
        postcode: Some("05-830".into()),
        phone: Some("600 100 200".into()),
        email: Some("anna@example.pl".into()),
        birth_year: Some(1985),
    }
}

#[test]
fn a_person_with_bad_data_is_refused_with_a_polish_message_and_nothing_is_stored() {
    let mut data = PersonalData::default();
    data.put_person(anna()).unwrap();
    let stored = data.clone();
    let bad = [
        (
            PersonRecord {
                pesel: Some("85010112346".into()),
                ..anna()
            },
            "PESEL_CHECKSUM",
        ),
        (
            PersonRecord {
                birth_year: Some(1986),
                ..anna()
            },
            "OUT_OF_RANGE",
        ),
        (
            PersonRecord {
                postcode: Some("05830".into()),
                ..anna()
            },
            "POSTCODE_INVALID",
        ),
        (
            PersonRecord {
                phone: Some("600 100".into()),
                ..anna()
            },
            "PHONE_INVALID",
        ),
        (
            PersonRecord {
                email: Some("anna(at)example.pl".into()),
                ..anna()
            },
            "EMAIL_INVALID",
        ),
    ];
    for (record, expected) in bad {
        let e = Error::from(data.put_person(record).unwrap_err());
        assert_eq!(e.code(), expected);
        assert_eq!(e.kind(), kooperacje::ErrorKind::Invalid);
        assert!(
            e.message_pl().starts_with("Pole") || e.message_pl().starts_with("Wartość"),
            "{}",
            e.message_pl()
        );
        assert_ne!(e.message_pl(), e.to_string());
        assert_eq!(data, stored, "{expected} changed nothing");
    }
    // Pseudonymising drops every identifying field, the new ones included.
    data.pseudonymise_person(&PersonRef::from("p-anna"), "Osoba 1")
        .unwrap();
    let p = &data.persons[&PersonRef::from("p-anna")];
    assert!(p.pesel.is_none() && p.postcode.is_none() && p.phone.is_none() && p.email.is_none());
}

#[test]
fn personal_records_handed_over_whole_are_checked_record_by_record() {
    let json = serde_json::json!({
        "persons": [anna()],
        "notes": [{"id": "n-1", "text": "Sytuacja rodziny"}],
    });
    let data = serde_json::from_value::<PersonalRecords>(json.clone())
        .unwrap()
        .into_data()
        .unwrap();
    assert_eq!(data.persons[&PersonRef::from("p-anna")], anna());
    assert_eq!(data.notes.len(), 1);
    // A bad record anywhere refuses the whole; so does an id given twice.
    let mut bad = json.clone();
    bad["persons"][0]["postcode"] = "05830".into();
    let records: PersonalRecords = serde_json::from_value(bad).unwrap();
    assert_eq!(records.into_data().unwrap_err().code(), "POSTCODE_INVALID");
    let mut twice = json.clone();
    let again = twice["notes"][0].clone();
    twice["notes"].as_array_mut().unwrap().push(again);
    let records: PersonalRecords = serde_json::from_value(twice).unwrap();
    let e = records.into_data().unwrap_err();
    assert_eq!(
        (e.code(), e.to_string().as_str()),
        ("DUPLICATE_ID", "note n-1 already exists")
    );
    // An unknown field is a typo, not something to ignore.
    let mut typo = json;
    typo["people"] = serde_json::json!([]);
    assert!(serde_json::from_value::<PersonalRecords>(typo).is_err());
}

#[test]
fn the_new_codes_are_in_the_catalogue() {
    let codes: Vec<&str> = kooperacje::error::codes().iter().map(|e| e.code).collect();
    for c in [
        "PESEL_FORMAT",
        "PESEL_CHECKSUM",
        "PESEL_BIRTH_DATE",
        "POSTCODE_INVALID",
        "PHONE_INVALID",
        "EMAIL_INVALID",
    ] {
        assert!(codes.contains(&c), "{c}");
    }
    let sex = &kooperacje::catalogue::enums()["Sex"];
    assert_eq!(
        sex.iter().map(|v| v.pl).collect::<Vec<_>>(),
        ["kobieta", "mężczyzna"]
    );
}
