//! Evaluation: the obligatory end-of-work survey of the specialists' cooperation (most valuable
//! aspects, weak points, suggestions), the obligatory evaluation of the effects with the family
//! (seed 001: ocena efektów pracy z rodziną), the optional questionnaires 16A–C and in-depth
//! interviews, and the evaluation of the PZK against its goals.

use crate::consent::KeyDecision;
use crate::error::{Error, ValidationError, ZzkError};
use crate::event::Event;
use crate::id_map::IdMap;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::require::must_be_new;
use crate::state::Ctx;
use crate::text;
use crate::zzk::Zzk;
use crate::Entity;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

labelled_enum! {
    /// Stopień osiągnięcia celu.
    pub enum Achievement {
        /// Osiągnięty.
        Full = "full" => ("Osiągnięty", "Achieved"),
        /// Częściowo osiągnięty.
        Partial = "partial" => ("Częściowo osiągnięty", "Partly achieved"),
        /// Nieosiągnięty.
        None = "none" => ("Nieosiągnięty", "Not achieved"),
    }
}

labelled_enum! {
    /// Cele szczegółowe PZK.
    pub enum PzkGoal {
        /// Zainicjowanie i koordynacja współpracy instytucji z podstawowych obszarów.
        StartCooperation = "start_cooperation" => ("Zainicjowanie i koordynacja współpracy", "Start and coordinate cooperation"),
        /// Stworzenie warunków dla ZZK.
        ConditionsForZzk = "conditions_for_zzk" => ("Warunki dla ZZK", "Create conditions for ZZKs"),
        /// Podniesienie jakości i efektywności współpracy.
        CooperationQuality = "cooperation_quality" => ("Jakość i efektywność współpracy", "Quality and effectiveness of cooperation"),
        /// Podniesienie wiedzy członków.
        MembersKnowledge = "members_knowledge" => ("Wiedza członków", "Members' knowledge"),
    }
}

labelled_enum! {
    /// Rodzaj ankiety / badania ewaluacyjnego (opcjonalne).
    pub enum QuestionnaireKind {
        /// 16A — ankieta ewaluacji wstępnej (ex-ante).
        ExAnte = "ex_ante" => ("Ankieta ewaluacji wstępnej (16A)", "Ex-ante questionnaire (16A)"),
        /// 16B — ankieta ewaluacji bieżącej (on-going).
        OnGoing = "on_going" => ("Ankieta ewaluacji bieżącej (16B)", "On-going questionnaire (16B)"),
        /// 16C — kwestionariusz ewaluacji końcowej (ex-post).
        ExPost = "ex_post" => ("Kwestionariusz ewaluacji końcowej (16C)", "Ex-post questionnaire (16C)"),
        /// Pogłębiony wywiad swobodny z członkiem ZZK.
        InDepthInterview = "in_depth_interview" => ("Pogłębiony wywiad", "In-depth interview"),
    }
}

labelled_enum! {
    /// Forma ankiety końcowej.
    pub enum SurveyForm {
        /// Prosta ankieta z trzema zagadnieniami.
        SimpleSurvey = "simple_survey" => ("Prosta ankieta", "Simple survey"),
        /// Kwestionariusz 16C.
        Questionnaire16C = "questionnaire_16c" => ("Kwestionariusz 16C", "Questionnaire 16C"),
    }
}

labelled_enum! {
    /// Czy i w jakiej formie wsparcie powinno być kontynuowane (ocena efektów z rodziną).
    pub enum SupportContinuation {
        /// Wsparcie nie jest już potrzebne.
        NotNeeded = "not_needed" => ("Wsparcie niepotrzebne", "No further support needed"),
        /// Monitorowanie sytuacji po zakończeniu wsparcia.
        PostSupportMonitoring = "post_support_monitoring" => ("Monitoring po zakończeniu wsparcia", "Post-support monitoring"),
        /// Zwykła praca socjalna OPS.
        OrdinarySocialWork = "ordinary_social_work" => ("Praca socjalna OPS", "Ordinary social work"),
        /// Wsparcie jednej lub kilku instytucji, bez zespołu.
        SingleInstitutions = "single_institutions" => ("Wsparcie wybranych instytucji", "Support by single institutions"),
        /// Kolejny okres pracy ZZK.
        FurtherZzkWork = "further_zzk_work" => ("Dalsza praca ZZK", "Further ZZK work"),
        /// Inna forma (opis w notatce).
        Other = "other" => ("Inna forma", "Other form"),
    }
}

labelled_enum! {
    /// Dlaczego ocena efektów z rodziną nie mogła się odbyć.
    pub enum FamilyAbsence {
        /// Rodzina wyprowadziła się.
        MovedAway = "moved_away" => ("Wyprowadzka rodziny", "The family moved away"),
        /// Osoba zmarła.
        Died = "died" => ("Zgon osoby", "The person died"),
        /// Rodzina odmówiła udziału w ocenie.
        Refused = "refused" => ("Odmowa udziału w ocenie", "The family refused to take part"),
    }
}

/// The evaluation of the effects of the work with the family (seed 001: ocena efektów pracy z
/// rodziną), obligatory at the end of the work besides the specialists' survey. The descriptions
/// concern the family, so they are personal-data notes, never text in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct FamilyEvaluation {
    /// Co zmieniło się w sytuacji rodziny (a personal-data note).
    pub situation_changes: NoteRef,
    /// Co rodzina zyskała (a personal-data note).
    pub family_gains: NoteRef,
    /// Czy wsparcie powinno być kontynuowane i w jakiej formie.
    pub continuation: SupportContinuation,
    /// Jak pracował zespół (a personal-data note).
    pub teamwork: NoteRef,
    /// The family's own answers, when it takes part (a personal-data note): recording them needs
    /// the family's consent to take part in evaluation.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub family_answers: Option<NoteRef>,
}

/// A recorded evaluation of the effects with the family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FamilyEvaluationRecord {
    /// Its id.
    pub evaluation_id: EvaluationId,
    /// When the evaluation meeting was held.
    pub held_on: NaiveDate,
    /// What it found.
    pub evaluation: FamilyEvaluation,
}

/// The obligatory end-of-work survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct EndOfWorkSurvey {
    /// Najbardziej wartościowe aspekty współpracy.
    pub most_valuable: String,
    /// Słabe strony współpracy.
    pub weak_points: String,
    /// Sugestie.
    pub suggestions: String,
    /// Form used.
    pub form: SurveyForm,
}

/// A recorded end-of-work survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EndOfWorkRecord {
    /// Its id.
    pub evaluation_id: EvaluationId,
    /// The answers.
    pub survey: EndOfWorkSurvey,
    /// When recorded.
    pub recorded_on: NaiveDate,
}

/// An optional questionnaire or interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Questionnaire {
    /// Kind.
    pub kind: QuestionnaireKind,
    /// Who answered.
    pub respondent: PersonRef,
    /// Answers by question.
    pub answers: IdMap<String, String>,
    /// When recorded.
    pub recorded_on: NaiveDate,
}

/// An evaluation of the PZK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PzkEvaluation {
    /// When.
    pub evaluated_on: NaiveDate,
    /// By an external evaluator.
    pub external: bool,
    /// Main goal.
    pub main_goal: Achievement,
    /// Specific goals.
    pub specific_goals: IdMap<PzkGoal, Achievement>,
    /// Report document.
    pub report: Option<NoteRef>,
}

/// Most questions a questionnaire may carry.
pub const MAX_ANSWERS: usize = 100;

/// Decides ZZK evaluation commands.
pub(crate) fn decide(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Evaluation,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Evaluation as C;
    if zzk.appointment.is_none() {
        return Err(ZzkError::WrongStage { stage: zzk.stage }.into());
    }
    Ok(match cmd {
        C::RecordEndOfWorkEvaluation {
            evaluation_id,
            survey,
            ..
        } => {
            if !zzk.stage.is_appointed_and_open() {
                return Err(ZzkError::Closed.into());
            }
            if zzk.end_of_work_evaluation.is_some() {
                return Err(
                    ValidationError::duplicate(Entity::Evaluation, evaluation_id.as_str()).into(),
                );
            }
            text::require("most_valuable", &survey.most_valuable, text::MAX_LONG)?;
            text::require("weak_points", &survey.weak_points, text::MAX_LONG)?;
            text::require("suggestions", &survey.suggestions, text::MAX_LONG)?;
            vec![Event::EndOfWorkEvaluationRecorded {
                zzk_id: zzk.id.clone(),
                evaluation_id: evaluation_id.clone(),
                survey: survey.clone(),
            }]
        }
        C::RecordFamilyEvaluation {
            evaluation_id,
            held_on,
            evaluation,
            ..
        } => {
            if !zzk.stage.is_appointed_and_open() {
                return Err(ZzkError::Closed.into());
            }
            if zzk.family_evaluation.is_some() {
                return Err(
                    ValidationError::duplicate(Entity::Evaluation, evaluation_id.as_str()).into(),
                );
            }
            ctx.not_in_future("held_on", *held_on)?;
            if let Some(a) = &zzk.appointment {
                ctx.not_before("held_on", *held_on, a.appointed_on)?;
            }
            // The evaluation is work with the family's information; its own answers are its
            // taking part in evaluation, which its consent must cover separately.
            crate::consent::require(zzk, ctx.today(), KeyDecision::UseFamilyInformation, None)?;
            if evaluation.family_answers.is_some() {
                crate::consent::require(zzk, ctx.today(), KeyDecision::TakePartInEvaluation, None)?;
            }
            vec![Event::FamilyEvaluationRecorded {
                zzk_id: zzk.id.clone(),
                evaluation_id: evaluation_id.clone(),
                held_on: *held_on,
                evaluation: evaluation.clone(),
            }]
        }
        C::RecordQuestionnaire {
            evaluation_id,
            kind,
            respondent,
            answers,
            ..
        } => {
            must_be_new(&zzk.questionnaires, evaluation_id, Entity::Evaluation)?;
            if answers.is_empty() {
                return Err(ValidationError::EmptyList { field: "answers" }.into());
            }
            if answers.len() > MAX_ANSWERS {
                return Err(ValidationError::OutOfRange {
                    field: "answers",
                    min: 1,
                    max: MAX_ANSWERS as i64,
                }
                .into());
            }
            for (q, a) in answers {
                text::require("question", q, text::MAX_SHORT)?;
                text::optional("answer", a, text::MAX_LONG)?;
            }
            if zzk.is_client_side(respondent) {
                crate::consent::require(zzk, ctx.today(), KeyDecision::TakePartInEvaluation, None)?;
            }
            vec![Event::QuestionnaireRecorded {
                zzk_id: zzk.id.clone(),
                evaluation_id: evaluation_id.clone(),
                kind: *kind,
                respondent: respondent.clone(),
                answers: answers.clone(),
            }]
        }
    })
}

/// Applies ZZK evaluation events.
pub(crate) fn apply(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Evaluation) {
    use crate::event::route::Evaluation as Event;
    match e {
        Event::EndOfWorkEvaluationRecorded {
            evaluation_id,
            survey,
            ..
        } => {
            z.end_of_work_evaluation = Some(EndOfWorkRecord {
                evaluation_id,
                survey,
                recorded_on: on,
            });
        }
        Event::FamilyEvaluationRecorded {
            evaluation_id,
            held_on,
            evaluation,
            ..
        } => {
            z.family_evaluation = Some(FamilyEvaluationRecord {
                evaluation_id,
                held_on,
                evaluation,
            });
        }
        Event::QuestionnaireRecorded {
            evaluation_id,
            kind,
            respondent,
            answers,
            ..
        } => {
            z.questionnaires.insert(
                evaluation_id,
                Questionnaire {
                    kind,
                    respondent,
                    answers,
                    recorded_on: on,
                },
            );
        }
    }
}
