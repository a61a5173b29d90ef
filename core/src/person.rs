//! Personal data, kept apart from the workflow. Events reference people ([`PersonRef`]) and
//! free-text documents ([`NoteRef`]) by id only, so that a person's data can be erased or
//! pseudonymised (GDPR Art. 17) while the workflow log still replays unchanged.
//!
//! The host stores these records wherever it keeps personal data; this module gives the shape,
//! the validation and the erase/pseudonymise operations.

use crate::bounds::check_id;
use crate::error::ValidationError;
use crate::ids::{NoteRef, PersonRef};
use crate::text;
use crate::validate;
use chrono::Datelike;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A person: a family member, a representative, a worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    /// The id workflow events use.
    pub id: PersonRef,
    /// Imię.
    pub given_name: String,
    /// Nazwisko.
    pub family_name: String,
    /// PESEL, if known.
    #[serde(default)]
    pub pesel: Option<String>,
    /// Adres.
    #[serde(default)]
    pub address: Option<String>,
    /// Kod pocztowy (`NN-NNN`), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Telefon.
    #[serde(default)]
    pub phone: Option<String>,
    /// Adres e-mail, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Year of birth (for ages in reports).
    #[serde(default)]
    pub birth_year: Option<i32>,
}

/// A free-text document: situation description, diagnosis, minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The id workflow events use.
    pub id: NoteRef,
    /// The text.
    pub text: String,
}

/// What happened to a person's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Redaction {
    /// Removed entirely.
    Erased,
    /// Replaced by a pseudonym; identifying fields dropped.
    Pseudonymised,
}

/// An in-memory personal-data store, for hosts without one and for tests.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct PersonalData {
    /// People by id.
    pub persons: BTreeMap<PersonRef, PersonRecord>,
    /// Notes by id.
    pub notes: BTreeMap<NoteRef, Note>,
}

/// Personal data as a host hands it over whole, e.g. through a binding as JSON: lists whose
/// records carry their own ids, so that no id is written twice (once as a key, once inside) and
/// cannot disagree. [`PersonalRecords::into_data`] validates it into a [`PersonalData`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonalRecords {
    /// People.
    #[serde(default)]
    pub persons: Vec<PersonRecord>,
    /// Notes.
    #[serde(default)]
    pub notes: Vec<Note>,
}

impl PersonalRecords {
    /// The store, every record checked as [`PersonalData::put_person`] and
    /// [`PersonalData::put_note`] check it; an id given twice is refused (`DUPLICATE_ID`), since
    /// which of two records is meant cannot be guessed.
    pub fn into_data(self) -> Result<PersonalData, ValidationError> {
        let mut data = PersonalData::default();
        for record in self.persons {
            if data.persons.contains_key(&record.id) {
                return Err(ValidationError::DuplicateId {
                    kind: crate::error::Entity::Person,
                    id: record.id.as_str().to_owned(),
                });
            }
            data.put_person(record)?;
        }
        for note in self.notes {
            if data.notes.contains_key(&note.id) {
                return Err(ValidationError::DuplicateId {
                    kind: crate::error::Entity::Note,
                    id: note.id.as_str().to_owned(),
                });
            }
            data.put_note(note)?;
        }
        Ok(data)
    }
}

impl PersonRecord {
    /// Checks ids, field lengths, and the form of the PESEL (control digit, birth date — which
    /// must agree with `birth_year` when both are given), postcode, phone number and e-mail.
    pub fn validate(&self) -> Result<(), ValidationError> {
        check_id("id", self.id.as_str())?;
        text::require("given_name", &self.given_name, 100)?;
        text::require("family_name", &self.family_name, 100)?;
        for (field, v) in [
            ("pesel", &self.pesel),
            ("address", &self.address),
            ("postcode", &self.postcode),
            ("phone", &self.phone),
            ("email", &self.email),
        ] {
            if let Some(v) = v {
                text::require(field, v, text::MAX_SHORT)?;
            }
        }
        if let Some(pesel) = &self.pesel {
            let born = validate::pesel("pesel", pesel)?.birth_date.year();
            // The year of birth the PESEL encodes is the only one allowed.
            if self.birth_year.is_some_and(|year| year != born) {
                return Err(ValidationError::OutOfRange {
                    field: "birth_year",
                    min: i64::from(born),
                    max: i64::from(born),
                });
            }
        }
        if let Some(postcode) = &self.postcode {
            validate::postcode("postcode", postcode)?;
        }
        if let Some(phone) = &self.phone {
            validate::phone("phone", phone)?;
        }
        if let Some(email) = &self.email {
            validate::email("email", email)?;
        }
        Ok(())
    }
}

impl PersonalData {
    /// Stores (or replaces) a person's record.
    pub fn put_person(&mut self, record: PersonRecord) -> Result<(), ValidationError> {
        record.validate()?;
        self.persons.insert(record.id.clone(), record);
        Ok(())
    }

    /// Stores (or replaces) a note.
    pub fn put_note(&mut self, note: Note) -> Result<(), ValidationError> {
        check_id("id", note.id.as_str())?;
        text::require("text", &note.text, 20_000)?;
        self.notes.insert(note.id.clone(), note);
        Ok(())
    }

    /// A person's display name, or the id when the data was erased.
    pub fn display_name(&self, id: &PersonRef) -> String {
        self.persons
            .get(id)
            .map(|p| format!("{} {}", p.given_name, p.family_name))
            .unwrap_or_else(|| id.to_string())
    }

    /// Erases a person's record; the workflow keeps only the bare id.
    pub fn erase_person(&mut self, id: &PersonRef) -> Option<Redaction> {
        self.persons.remove(id).map(|_| Redaction::Erased)
    }

    /// Erases a note.
    pub fn erase_note(&mut self, id: &NoteRef) -> Option<Redaction> {
        self.notes.remove(id).map(|_| Redaction::Erased)
    }

    /// Replaces a person's name by a pseudonym and drops PESEL, address, postcode, phone and e-mail.
    pub fn pseudonymise_person(&mut self, id: &PersonRef, pseudonym: &str) -> Option<Redaction> {
        let p = self.persons.get_mut(id)?;
        p.given_name = pseudonym.to_owned();
        p.family_name = String::new();
        p.pesel = None;
        p.address = None;
        p.postcode = None;
        p.phone = None;
        p.email = None;
        Some(Redaction::Pseudonymised)
    }
}
