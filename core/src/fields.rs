//! The Polish names of the fields that errors name (`ValidationError`'s `field`): a social worker
//! reads „data ostatniej weryfikacji”, not `verified_on`. The error keeps the machine key in its
//! `field`; only its Polish message uses the name. The one table is [`field_pl`]'s; a test
//! (`core/tests/fields.rs`) checks that every property of the commands' and events' JSON Schemas
//! and every key the rules name has a name in it.

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
    let (name, path) = parts(key);
    match path {
        Some(path) => format!("{name} ({path})"),
        None => name.to_owned(),
    }
}

/// Whether the table has a Polish name for the last named segment of `key`.
pub fn has_polish_name(key: &str) -> bool {
    name_of(last_segment(key)).is_some()
}

/// The Polish name in Polish quotes, then the key in parentheses when it has a parent or an
/// index: `„nazwa” (provider.name)`, for messages that quote the field.
pub(crate) fn quoted_pl(key: &str) -> String {
    let (name, path) = parts(key);
    match path {
        Some(path) => format!("„{name}” ({path})"),
        None => format!("„{name}”"),
    }
}

/// The name, and the key when it is a path (`a.b`, `a[0]`).
fn parts(key: &str) -> (&str, Option<&str>) {
    let last = last_segment(key);
    let name = name_of(last).unwrap_or(last);
    let is_path = key.contains(['.', '[']);
    (name, is_path.then_some(key))
}

/// `members[0].name` → `name`; `goals[2]` → `goals`.
fn last_segment(key: &str) -> &str {
    key.rsplit('.')
        .map(|s| s.split('[').next().unwrap_or(s))
        .find(|s| !s.is_empty())
        .unwrap_or(key)
}

/// The one table: a field's key → its Polish name.
fn name_of(key: &str) -> Option<&'static str> {
    Some(match key {
        // The envelope.
        "at" => "czas polecenia",
        "actor" => "osoba wydająca polecenie",
        "command_id" => "identyfikator polecenia",
        "command" => "polecenie",
        "event" => "zdarzenie",
        "type" => "rodzaj polecenia",
        "schema" | "version" => "wersja schematu",
        "id" => "identyfikator",
        // Ids.
        "partnership_id" => "identyfikator PZK",
        "zzk_id" => "identyfikator ZZK",
        "member_id" => "identyfikator członka PZK",
        "zzk_member_id" => "identyfikator członka ZZK",
        "ops_member_id" => "identyfikator OPS jako członka PZK",
        "service_id" => "identyfikator usługi",
        "item_id" => "identyfikator pozycji koszyka",
        "consent_id" => "identyfikator zgody",
        "meeting_id" => "identyfikator spotkania",
        "goal_id" => "identyfikator celu",
        "task_id" => "identyfikator zadania",
        "request_id" => "identyfikator wniosku",
        "conflict_id" => "identyfikator konfliktu",
        "consultation_id" => "identyfikator konsultacji",
        "refusal_id" => "identyfikator odmowy",
        "project_id" => "identyfikator projektu socjalnego",
        "evaluation_id" => "identyfikator ewaluacji",
        // Dates.
        "added_on" => "data dodania",
        "adopted_on" => "data przyjęcia",
        "agreement_on" => "data wyrażenia zgody na udział",
        "amended_on" => "data zmiany zgody",
        "appointed_on" => "data powołania",
        "authorised_on" => "data upoważnienia",
        "basket_presented_on" => "data prezentacji koszyka",
        "closed_on" => "data zakończenia",
        "decided_on" => "data decyzji",
        "declared_on" => "data deklaracji",
        "deadline" => "termin realizacji",
        "dropped_on" => "data usunięcia z planu",
        "ended_on" => "data zakończenia",
        "evaluated_on" => "data oceny",
        "filed_on" => "data złożenia",
        "first_meeting_planned_on" => "planowana data pierwszego spotkania",
        "given_on" => "data udzielenia zgody",
        "giver_left_on" => "data odejścia udzielającego zgody z gospodarstwa",
        "held_on" => "data spotkania",
        "informed_on" => "data poinformowania",
        "interview_on" => "data wywiadu środowiskowego",
        "invited_on" => "data zaproszenia",
        "joined_on" => "data przystąpienia",
        "lapsed_on" => "data wygaśnięcia zgody",
        "last_at" => "czas ostatniego zdarzenia",
        "left_on" => "data wystąpienia",
        "members_informed_on" => "data poinformowania członków PZK",
        "minutes_approved_at" => "data przyjęcia protokołu",
        "approved_at" => "data przyjęcia",
        "monitor_until" => "koniec monitorowania po zakończeniu wsparcia",
        "next_evaluation_on" => "termin następnej oceny",
        "next_review_on" => "termin następnego przeglądu",
        "on" => "data",
        "operating_since" => "data rozpoczęcia funkcjonowania",
        "planned_end" => "planowany termin zakończenia",
        "planned_on" => "planowana data",
        "raised_on" => "data zgłoszenia",
        "recorded_on" => "data odnotowania",
        "refused_on" => "data odmowy",
        "released_on" => "data udostępnienia protokołu rodzinie",
        "removed_on" => "data usunięcia",
        "reported_on" => "data zgłoszenia",
        "resolved_on" => "data rozwiązania",
        "resumed_on" => "data wznowienia pracy",
        "returned_on" => "data powrotu",
        "review_on" => "termin przeglądu",
        "reviewed_on" => "data przeglądu",
        "rules_adopted_on" => "data przyjęcia regulaminu",
        "started_on" => "data rozpoczęcia",
        "suspended_on" => "data zawieszenia",
        "until" => "termin końcowy",
        "valid_until" => "termin ważności",
        "verified_on" => "data ostatniej weryfikacji",
        "withdrawn_on" => "data cofnięcia zgody",
        "period" => "okres monitorowania",
        "year" => "rok",
        "birth_year" => "rok urodzenia",
        "birth_years" => "lata urodzenia",
        // People and roles.
        "chair" => "przewodniczący spotkania",
        "coordinator" => "pracownik ds. sieci",
        "coordinators" => "pracownicy ds. sieci",
        "given_by" => "udzielający zgody",
        "minutes_by" => "protokolant",
        "moderator" => "moderator",
        "ops_head" => "kierownik OPS",
        "person" => "osoba",
        "persons" => "osoby",
        "refused_by" => "odmawiający",
        "registered_by" => "wpisujący do rejestru",
        "representative" => "przedstawiciel lub opiekun",
        "respondent" => "respondent",
        "social_worker" => "pracownik socjalny",
        "withdrawn_by" => "cofający zgodę",
        "worker" => "pracownik",
        "relatives" => "bliscy",
        "attending" => "obecni",
        "informed" => "poinformowani",
        "institution" => "instytucja",
        "lead_institution" => "instytucja wiodąca",
        "role" => "rola w zespole",
        "capacity" => "występuje jako",
        "responsible" => "odpowiedzialny",
        "seat" => "miejsce w zespole",
        // The PZK.
        "name" => "nazwa",
        "coverage" => "obszar działania",
        "members" => "członkowie",
        "potential_partners" => "potencjalni partnerzy",
        "ops_profile" => "profil OPS",
        "profile" => "profil instytucji",
        "ministry" => "resort",
        "sector" => "sektor",
        "level" => "poziom terytorialny",
        "status" => "status",
        "stage" => "etap",
        "stage_history" => "historia etapów",
        "step" => "krok",
        "initiation_steps" => "kroki inicjowania",
        "authorisation" => "upoważnienie",
        "reference" => "numer upoważnienia lub uchwały",
        "readiness" => "gotowość",
        "condition" => "warunek wdrożenia",
        "met" => "spełniony",
        "accession" => "przystąpienie",
        "joined" => "wprowadzenie się",
        "declared_services" => "usługi potwierdzone w deklaracji",
        "rules" => "regulamin",
        "meeting_cadence_months" => "częstotliwość spotkań (w miesiącach)",
        "basket_verification_months" => "częstotliwość weryfikacji koszyka (w miesiącach)",
        "evaluation_cadence_months" => "częstotliwość ewaluacji (w miesiącach)",
        "monitoring_period_months" => "okres monitoringu (w miesiącach)",
        "minutes_approved_at_next_meeting" => "przyjmowanie protokołu na następnym spotkaniu",
        "minutes_read_out" => "odczytywanie protokołu na zakończenie spotkania",
        "annual_plans" => "roczne plany działania",
        "actions" => "działania",
        "meetings" => "spotkania",
        "kind" => "rodzaj",
        "venue" => "miejsce spotkania",
        "remote" => "spotkanie zdalne",
        "minutes" => "protokół",
        "approves_minutes_of" => "spotkania, których protokoły są przyjmowane",
        "topic" => "temat",
        "requests" => "wnioski",
        "accepted" => "przyjęty",
        "conflicts" => "konflikty",
        "summary" => "krótki opis",
        "resolution" => "rozstrzygnięcie",
        "evaluations" => "ewaluacje",
        "external" => "ewaluacja zewnętrzna",
        "report" => "raport z ewaluacji",
        "keeps_registry" => "prowadzi rejestr ZZK",
        "registry" => "rejestr ZZK",
        "registry_number" => "numer w rejestrze ZZK",
        "registry_last_number" => "ostatni numer w rejestrze ZZK",
        "partnerships" => "partnerstwa",
        "zzks" => "ZZK",
        // The basket.
        "basket" => "koszyk usług",
        "service" => "usługa",
        "services" => "usługi",
        "description" => "opis",
        "components" => "działania składowe",
        "provider" => "realizator",
        "origin" => "pochodzenie",
        "areas" => "obszary wsparcia",
        "area" => "obszar",
        "target" => "grupy docelowe",
        "families" => "rodziny",
        "groups" => "grupy",
        "age_min" => "wiek od",
        "age_max" => "wiek do",
        "access_conditions" => "warunki dostępu",
        "contact_person" => "osoba do kontaktu",
        "need" => "potrzeba",
        // The ZZK and the family.
        "client" => "osoba/rodzina",
        "household" => "członkowie gospodarstwa domowego",
        "household_changes" => "zmiany składu gospodarstwa domowego",
        "group_kind" => "rodzaj grupy",
        "phase" => "faza pracy socjalnej",
        "grounds" => "uzasadnienie",
        "ground" => "podstawa",
        "return_ground" => "podstawa powrotu",
        "resume_to" => "etap po wznowieniu",
        "suspensions" => "zawieszenia",
        "ordinary_work" => "okresy zwykłej pracy socjalnej",
        "outcome" => "wynik przeglądu",
        "details" => "szczegóły",
        "diagnosis" => "diagnoza",
        "initial_diagnosis" => "wstępna diagnoza",
        "appointment" => "powołanie",
        "before_appointment" => "przed powołaniem ZZK",
        "closure" => "zakończenie",
        "post_support" => "monitorowanie po zakończeniu wsparcia",
        "consultations" => "konsultacje",
        "family_present" => "obecność osoby/rodziny",
        "representative_present" => "obecność przedstawiciela",
        "supervision_needed" => "potrzeba superwizji",
        "assessment" => "ocena okresowa",
        "consent_refusals" => "odmowy zgody",
        "refusals" => "odmowy",
        "reason" => "powód",
        "reasons" => "przyczyny",
        "note" => "notatka",
        // Consent.
        "consents" => "zgody",
        "scope" => "zakres zgody",
        "zzk_work" => "praca ZZK",
        "share_with" => "przekazywanie informacji instytucjom",
        "share_with_guests" => "przekazywanie informacji gościom",
        "evaluation" => "ewaluacja",
        "form" => "forma",
        "decision" => "decyzja",
        "amends" => "zmieniana zgoda",
        "amended_by" => "zgoda zmieniająca",
        // The plan and monitoring.
        "plan" => "indywidualny plan współpracy",
        "case_number" => "numer sprawy",
        "situation" => "sytuacja",
        "problems" => "problemy",
        "main_goal" => "cel główny",
        "goals" => "cele szczegółowe",
        "specific_goals" => "cele szczegółowe",
        "tasks" => "zadania",
        "title" => "tytuł",
        "change" => "zmiana",
        "changes" => "zmiany",
        "previous" => "poprzednia wartość",
        "achievement" => "stopień osiągnięcia",
        "project" => "projekt socjalny",
        "projects" => "projekty socjalne",
        "monitoring" => "monitoring",
        "entries" => "wpisy monitoringu",
        "info" => "informacje",
        "source" => "źródło informacji",
        "history" => "historia",
        // Evaluation.
        "survey" => "ankieta",
        "most_valuable" => "co było najcenniejsze",
        "weak_points" => "słabe strony",
        "suggestions" => "sugestie",
        "end_of_work_evaluation" => "ankieta na zakończenie pracy",
        "family_evaluation" => "ocena efektów z rodziną",
        "family_absent" => "przyczyna nieobecności rodziny",
        "situation_changes" => "zmiany w sytuacji",
        "family_gains" => "korzyści rodziny",
        "continuation" => "kontynuacja",
        "teamwork" => "współpraca w zespole",
        "family_answers" => "odpowiedzi rodziny",
        "questionnaires" => "kwestionariusze",
        "answers" => "odpowiedzi",
        "question" => "pytanie",
        "answer" => "odpowiedź",
        // Personal data (kept apart from the log).
        "given_name" => "imię",
        "family_name" => "nazwisko",
        "pesel" => "PESEL",
        "address" => "adres",
        "postcode" => "kod pocztowy",
        "phone" => "telefon",
        "email" => "adres e-mail",
        "text" => "treść",
        "content" => "treść",
        _ => return None,
    })
}
