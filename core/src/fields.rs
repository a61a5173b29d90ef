//! The Polish names of the fields that errors name (`ValidationError`'s `field`): a social worker
//! reads „data ostatniej weryfikacji”, not `verified_on`. The error keeps the machine key in its
//! `field`; only its Polish message uses the name. The one table is [`field_pl`]'s; a test
//! (`core/tests/fields.rs`) checks that every property of the commands' and events' JSON Schemas
//! that an error can name (a text, an id, a date, a number, a list) and every key the rules name
//! has a name in it.

use std::fmt::{self, Write as _};

/// The Polish name (a noun phrase in the nominative, lower case) of the field `key` names.
///
/// The name is that of the path's last named segment (`members[0].name` → `name`,
/// `target.age_min` → `age_min`); when the key has a parent or an index, the key follows in
/// parentheses, so that the worker can find which of several fields of that name is meant:
///
/// ```
/// use kooperacje::fields::field_pl;
/// assert_eq!(field_pl("verified_on"), "data ostatniej weryfikacji");
/// assert_eq!(field_pl("target.age_min"), "wiek od (target.age_min)");
/// assert_eq!(field_pl("members[0].name"), "nazwa (members[0].name)");
/// ```
///
/// A key the table does not know is returned as it is.
pub fn field_pl(key: &str) -> String {
    FieldPl::plain(key).to_string()
}

/// Whether the table has a Polish name for the last named segment of `key`.
pub fn has_polish_name(key: &str) -> bool {
    name_of(last_segment(key)).is_some()
}

/// A field's Polish name as a message writes it, then the key in parentheses when it has a parent
/// or an index ([`field_pl`]). Written straight into the message rather than built as a `String`
/// first: the wasm module, whose size has a budget, carries each message's code.
pub(crate) struct FieldPl<'a> {
    key: &'a str,
    form: Form,
}

enum Form {
    /// `nazwa (provider.name)`.
    Plain,
    /// `Nazwa (provider.name)`, to begin a sentence.
    Capitalised,
    /// `„nazwa” (provider.name)`, after „Pole”.
    Quoted,
}

impl<'a> FieldPl<'a> {
    /// The name as it is: `data ostatniej weryfikacji`.
    pub(crate) fn plain(key: &'a str) -> Self {
        FieldPl {
            key,
            form: Form::Plain,
        }
    }

    /// The name beginning a sentence: `Data ostatniej weryfikacji`.
    pub(crate) fn capitalised(key: &'a str) -> Self {
        FieldPl {
            key,
            form: Form::Capitalised,
        }
    }

    /// The name in Polish quotes: `„data ostatniej weryfikacji”`.
    pub(crate) fn quoted(key: &'a str) -> Self {
        FieldPl {
            key,
            form: Form::Quoted,
        }
    }
}

impl fmt::Display for FieldPl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, path) = parts(self.key);
        match self.form {
            Form::Plain => f.write_str(name)?,
            Form::Capitalised => {
                let mut chars = name.chars();
                if let Some(first) = chars.next() {
                    first.to_uppercase().try_for_each(|c| f.write_char(c))?;
                }
                f.write_str(chars.as_str())?;
            }
            Form::Quoted => write!(f, "„{name}”")?,
        }
        match path {
            Some(path) => write!(f, " ({path})"),
            None => Ok(()),
        }
    }
}

/// The name, and the key when it is a path (`a.b`, `a[0]`).
fn parts(key: &str) -> (&str, Option<&str>) {
    let last = last_segment(key);
    let name = name_of(last).unwrap_or(last);
    (name, (last.len() < key.len()).then_some(key))
}

/// `members[0].name` → `name`; `goals[2]` → `goals`. (Byte by byte, for the wasm module's
/// size: the string searchers this would otherwise take cost it more than the table.)
fn last_segment(key: &str) -> &str {
    let bytes = key.as_bytes();
    let start = bytes.iter().rposition(|&b| b == b'.').map_or(0, |i| i + 1);
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'[')
        .map_or(key.len(), |i| start + i);
    &key[start..end]
}

/// The one table: a line `key=Polish name` per field an error can name. One text rather than a
/// `match`, which compiles to a tree of comparisons several times the size of its text, in a wasm
/// module whose size has a budget: this text adds about 1.7 KB to its gzipped size.
const NAMES: &str = concat!(
    // The envelope.
    "at=czas polecenia\n",
    "actor=osoba wydająca polecenie\n",
    "command_id=identyfikator polecenia\n",
    "schema=wersja schematu\n",
    "id=identyfikator\n",
    // Ids.
    "partnership_id=identyfikator PZK\n",
    "zzk_id=identyfikator ZZK\n",
    "member_id=identyfikator członka PZK\n",
    "zzk_member_id=identyfikator członka ZZK\n",
    "ops_member_id=identyfikator OPS jako członka PZK\n",
    "service_id=identyfikator usługi\n",
    "item_id=identyfikator pozycji koszyka\n",
    "consent_id=identyfikator zgody\n",
    "meeting_id=identyfikator spotkania\n",
    "goal_id=identyfikator celu\n",
    "task_id=identyfikator zadania\n",
    "request_id=identyfikator wniosku\n",
    "conflict_id=identyfikator konfliktu\n",
    "consultation_id=identyfikator konsultacji\n",
    "refusal_id=identyfikator odmowy\n",
    "project_id=identyfikator projektu socjalnego\n",
    "evaluation_id=identyfikator ewaluacji\n",
    // Dates.
    "adopted_on=data przyjęcia\n",
    "authorised_on=data upoważnienia\n",
    "deadline=termin realizacji\n",
    "held_on=data spotkania\n",
    "interview_on=data wywiadu środowiskowego\n",
    "lapsed_on=data wygaśnięcia zgody\n",
    "approved_at=data przyjęcia\n",
    "monitor_until=koniec monitorowania po zakończeniu wsparcia\n",
    "next_evaluation_on=termin następnej oceny\n",
    "next_review_on=termin następnego przeglądu\n",
    "planned_end=planowany termin zakończenia\n",
    "planned_on=planowana data\n",
    "resumed_on=data wznowienia pracy\n",
    "review_on=termin przeglądu\n",
    "suspended_on=data zawieszenia\n",
    "until=termin końcowy\n",
    "valid_until=termin ważności\n",
    "verified_on=data ostatniej weryfikacji\n",
    "withdrawn_on=data cofnięcia zgody\n",
    "period=okres monitorowania\n",
    "year=rok\n",
    "birth_year=rok urodzenia\n",
    "birth_years=lata urodzenia\n",
    // People and roles.
    "chair=przewodniczący spotkania\n",
    "coordinator=pracownik ds. sieci\n",
    "given_by=udzielający zgody\n",
    "minutes_by=protokolant\n",
    "moderator=moderator\n",
    "ops_head=kierownik OPS\n",
    "person=osoba\n",
    "refused_by=odmawiający\n",
    "registered_by=wpisujący do rejestru\n",
    "representative=przedstawiciel lub opiekun\n",
    "respondent=respondent\n",
    "social_worker=pracownik socjalny\n",
    "worker=pracownik\n",
    "relatives=bliscy\n",
    "attending=obecni\n",
    "informed=poinformowani\n",
    "institution=instytucja\n",
    "role=rola w zespole\n",
    // The PZK.
    "name=nazwa\n",
    "coverage=obszar działania\n",
    "potential_partners=potencjalni partnerzy\n",
    "ministry=resort\n",
    "sector=sektor\n",
    "reference=numer upoważnienia lub uchwały\n",
    "declared_services=usługi potwierdzone w deklaracji\n",
    "meeting_cadence_months=częstotliwość spotkań (w miesiącach)\n",
    "basket_verification_months=częstotliwość weryfikacji koszyka (w miesiącach)\n",
    "evaluation_cadence_months=częstotliwość ewaluacji (w miesiącach)\n",
    "monitoring_period_months=okres monitoringu (w miesiącach)\n",
    "actions=działania\n",
    "venue=miejsce spotkania\n",
    "minutes=protokół\n",
    "approves_minutes_of=spotkania, których protokoły są przyjmowane\n",
    "topic=temat\n",
    "summary=krótki opis\n",
    "resolution=rozstrzygnięcie\n",
    "report=raport z ewaluacji\n",
    "registry_number=numer w rejestrze ZZK\n",
    // The basket.
    "services=usługi\n",
    "description=opis\n",
    "components=działania składowe\n",
    "areas=obszary wsparcia\n",
    "target=grupy docelowe\n",
    "age_min=wiek od\n",
    "age_max=wiek do\n",
    "access_conditions=warunki dostępu\n",
    "contact_person=osoba do kontaktu\n",
    "need=potrzeba\n",
    // The ZZK and the family.
    "household=członkowie gospodarstwa domowego\n",
    "group_kind=rodzaj grupy\n",
    "grounds=uzasadnienie\n",
    "ground=podstawa\n",
    "details=szczegóły\n",
    "diagnosis=diagnoza\n",
    "assessment=ocena okresowa\n",
    "reason=powód\n",
    "reasons=przyczyny\n",
    "note=notatka\n",
    // Consent.
    "scope=zakres zgody\n",
    "share_with=przekazywanie informacji instytucjom\n",
    "share_with_guests=przekazywanie informacji gościom\n",
    "amends=zmieniana zgoda\n",
    // The plan and monitoring.
    "case_number=numer sprawy\n",
    "problems=problemy\n",
    "main_goal=cel główny\n",
    "goals=cele szczegółowe\n",
    "tasks=zadania\n",
    "title=tytuł\n",
    "entries=wpisy monitoringu\n",
    "info=informacje\n",
    // Evaluation.
    "most_valuable=co było najcenniejsze\n",
    "weak_points=słabe strony\n",
    "suggestions=sugestie\n",
    "situation_changes=zmiany w sytuacji\n",
    "family_gains=korzyści rodziny\n",
    "teamwork=współpraca w zespole\n",
    "family_answers=odpowiedzi rodziny\n",
    "answers=odpowiedzi\n",
    "question=pytanie\n",
    "answer=odpowiedź\n",
    // Personal data (kept apart from the log).
    "given_name=imię\n",
    "family_name=nazwisko\n",
    "pesel=PESEL\n",
    "address=adres\n",
    "postcode=kod pocztowy\n",
    "phone=telefon\n",
    "email=adres e-mail\n",
    "text=treść\n",
    "content=treść\n",
);

/// The Polish name of a field's key, from [`NAMES`].
fn name_of(key: &str) -> Option<&'static str> {
    NAMES
        .split('\n')
        .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
}

#[cfg(test)]
mod tests {
    use super::NAMES;
    use std::collections::BTreeSet;

    /// Each line is `key=name`, a key of lower-case letters, digits and `_`, each key once (a
    /// second line of a key would never be read).
    #[test]
    fn the_table_has_one_line_per_key() {
        let mut keys = BTreeSet::new();
        let lines: Vec<_> = NAMES.strip_suffix('\n').unwrap().split('\n').collect();
        for line in &lines {
            let (key, name) = line.split_once('=').expect(line);
            assert!(!key.is_empty() && !name.trim().is_empty(), "{line:?}");
            assert_eq!(name.trim(), name, "{line:?}");
            assert!(
                key.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{line:?}"
            );
            assert!(keys.insert(key), "{key} twice");
        }
        assert!(lines.len() > 100, "{}", lines.len());
    }
}
