//! Indywidualny plan współpracy (card parts A–C after the sibling model's work-plan card),
//! the individual basket of services, and social-work projects (tool 20).
//! Goals and tasks carry short titles in the workflow; descriptions of the family's situation are
//! personal-data notes referenced by id.

use crate::basket::ServiceStatus;
use crate::classification::Area;
use crate::consent::KeyDecision;
use crate::error::{BasketError, Error, PlanError, ValidationError};
use crate::evaluation::Achievement;
use crate::event::Event;
use crate::id_map::IdMap;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::partnership::{Request, RequestKind, RequestStatus};
use crate::require::{must_be_new, must_exist};
use crate::state::Ctx;
use crate::text;
use crate::zzk::{Zzk, ZzkStage};
use crate::Entity;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

labelled_enum! {
    /// Obszar sytuacji rodziny (karta, część A).
    pub enum SituationArea {
        /// Sytuacja materialna.
        Material = "material" => ("Sytuacja materialna", "Material"),
        /// Sytuacja mieszkaniowa.
        Housing = "housing" => ("Sytuacja mieszkaniowa", "Housing"),
        /// Sytuacja zawodowa.
        Occupational = "occupational" => ("Sytuacja zawodowa", "Occupational"),
        /// Sytuacja zdrowotna.
        Health = "health" => ("Sytuacja zdrowotna", "Health"),
        /// Sytuacja opiekuńczo-wychowawcza.
        CareAndUpbringing = "care_and_upbringing" => ("Sytuacja opiekuńczo-wychowawcza", "Care and upbringing"),
        /// Relacje rodzinne.
        FamilyRelations = "family_relations" => ("Relacje rodzinne", "Family relations"),
    }
}

labelled_enum! {
    /// Stan realizacji zadania.
    pub enum TaskStatus {
        /// Zaplanowane.
        Planned = "planned" => ("Zaplanowane", "Planned"),
        /// W realizacji.
        InProgress = "in_progress" => ("W realizacji", "In progress"),
        /// Zrealizowane.
        Done = "done" => ("Zrealizowane", "Done"),
        /// Niezrealizowane.
        NotDone = "not_done" => ("Niezrealizowane", "Not done"),
        /// Usunięte z planu (zmiana planu); zostaje w historii.
        Dropped = "dropped" => ("Usunięte z planu", "Dropped from the plan"),
    }
}

impl TaskStatus {
    /// Whether the task still needs work (and can become overdue).
    pub fn is_open(self) -> bool {
        matches!(self, TaskStatus::Planned | TaskStatus::InProgress)
    }
}

/// Osoba odpowiedzialna za zadanie: a ZZK member, the person/family themselves, or the social worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Responsible {
    /// A current member of the ZZK.
    Member {
        /// The membership.
        zzk_member_id: ZzkMemberId,
    },
    /// The person/family themselves.
    Family,
    /// The social worker (case manager).
    SocialWorker,
}

/// A specific goal as proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct GoalInput {
    /// Its id.
    pub goal_id: GoalId,
    /// Cel szczegółowy.
    pub title: String,
}

/// A task as proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct TaskInput {
    /// Its id.
    pub task_id: TaskId,
    /// The goal it serves.
    pub goal_id: GoalId,
    /// Zadanie.
    pub title: String,
    /// Who is responsible.
    pub responsible: Responsible,
    /// Termin.
    pub deadline: NaiveDate,
}

/// The individual plan as adopted (parts A and B of the card).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    /// Numer sprawy.
    pub case_number: String,
    /// A: the situation by area (personal-data notes).
    #[serde(default)]
    pub situation: IdMap<SituationArea, NoteRef>,
    /// A: identified problems and needs (a personal-data note).
    #[serde(default)]
    pub problems: Option<NoteRef>,
    /// B: cel główny.
    pub main_goal: String,
    /// B: specific goals.
    pub goals: Vec<GoalInput>,
    /// B: tasks.
    #[serde(default)]
    pub tasks: Vec<TaskInput>,
}

/// A specific goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Goal {
    /// Cel szczegółowy.
    pub title: String,
    /// When added.
    pub added_on: NaiveDate,
    /// When it was dropped from the plan (it stays on record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped_on: Option<NaiveDate>,
}

/// A change of the individual plan after its adoption (zmiana planu), kept in the plan's
/// history: what was there before stays readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(tag = "change", rename_all = "snake_case", deny_unknown_fields)]
pub enum PlanChange {
    /// The main goal (cel główny) reworded.
    MainGoal {
        /// The new main goal.
        main_goal: String,
    },
    /// A specific goal reworded.
    RenameGoal {
        /// The goal.
        goal_id: GoalId,
        /// Its new title.
        title: String,
    },
    /// A specific goal dropped, with its open tasks.
    DropGoal {
        /// The goal.
        goal_id: GoalId,
        /// Why.
        reason: String,
    },
    /// A task reworded.
    RenameTask {
        /// The task.
        task_id: TaskId,
        /// Its new title.
        title: String,
    },
    /// A task dropped.
    DropTask {
        /// The task.
        task_id: TaskId,
        /// Why.
        reason: String,
    },
    /// The problems and needs (card part A) described anew.
    Problems {
        /// The new description (a personal-data note).
        problems: NoteRef,
    },
}

/// A change of the plan as recorded, with what it replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanChangeRecord {
    /// When.
    pub on: NaiveDate,
    /// The change.
    pub change: PlanChange,
    /// What it replaced: the previous main goal, title or problems note (none for a drop, or
    /// problems described for the first time).
    pub previous: Option<String>,
}

/// A task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Task {
    /// The goal it serves.
    pub goal_id: GoalId,
    /// Zadanie.
    pub title: String,
    /// Who is responsible.
    pub responsible: Responsible,
    /// Termin.
    pub deadline: NaiveDate,
    /// Latest status (from monitoring).
    pub status: TaskStatus,
    /// When added.
    pub added_on: NaiveDate,
}

/// Evaluation of one specific goal (card part C).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct GoalEvaluation {
    /// The goal.
    pub goal_id: GoalId,
    /// Stopień osiągnięcia.
    pub achievement: Achievement,
    /// Reasons for not achieving it.
    #[serde(default)]
    pub reasons: Option<String>,
}

/// A plan evaluation (card part C).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanEvaluation {
    /// When.
    pub evaluated_on: NaiveDate,
    /// Per goal.
    pub goals: Vec<GoalEvaluation>,
    /// The main goal.
    pub main_goal: Achievement,
    /// Next evaluation (or closing) date.
    pub next_evaluation_on: Option<NaiveDate>,
}

/// The individual cooperation plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    /// When adopted.
    pub adopted_on: NaiveDate,
    /// Changes since adoption (each a new version).
    pub version: u32,
    /// Numer sprawy.
    pub case_number: String,
    /// A: situation by area.
    pub situation: IdMap<SituationArea, NoteRef>,
    /// A: problems and needs.
    pub problems: Option<NoteRef>,
    /// B: main goal.
    pub main_goal: String,
    /// B: specific goals.
    pub goals: IdMap<GoalId, Goal>,
    /// B: tasks.
    pub tasks: IdMap<TaskId, Task>,
    /// C: evaluations.
    pub evaluations: IdMap<EvaluationId, PlanEvaluation>,
    /// Changes after adoption, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<PlanChangeRecord>,
}

/// What an individual-basket item is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BasketItemKind {
    /// A service of the local basket.
    Service {
        /// The service.
        service_id: ServiceId,
        /// The task it serves.
        task_id: Option<TaskId>,
    },
    /// A need the local basket cannot meet, passed to the network coordinator as a request.
    UnmetNeed {
        /// Area of support.
        area: Area,
        /// The need.
        need: String,
        /// The request filed.
        request_id: RequestId,
    },
}

/// An item of the individual basket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BasketItem {
    /// Service or unmet need.
    #[serde(flatten)]
    pub kind: BasketItemKind,
    /// When added.
    pub added_on: NaiveDate,
    /// When removed.
    pub removed_on: Option<NaiveDate>,
}

/// A social-work project as decided (tool 20).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ProjectInput {
    /// Its id.
    pub project_id: ProjectId,
    /// Title.
    pub title: String,
    /// Planned end.
    pub planned_end: NaiveDate,
}

/// A social-work project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Project {
    /// Title.
    pub title: String,
    /// Started.
    pub started_on: NaiveDate,
    /// Planned end.
    pub planned_end: NaiveDate,
    /// Ended.
    pub ended_on: Option<NaiveDate>,
    /// How far it achieved its goal.
    pub achievement: Option<Achievement>,
}

fn check_responsible(zzk: &Zzk, r: &Responsible) -> Result<(), Error> {
    if let Responsible::Member { zzk_member_id } = r {
        let m = must_exist(&zzk.members, zzk_member_id, Entity::ZzkMember)?;
        if !m.is_current_member() {
            return Err(PlanError::ResponsibleNotMember {
                zzk_member_id: zzk_member_id.clone(),
            }
            .into());
        }
    }
    Ok(())
}

/// Validates a plan before adoption on the day `from` (the meeting's, for a plan a meeting
/// adopts): its deadlines are measured from that day, not from the day it is entered.
pub(crate) fn validate_plan(
    zzk: &Zzk,
    ctx: &Ctx,
    plan: &PlanInput,
    from: NaiveDate,
) -> Result<(), Error> {
    text::require("case_number", &plan.case_number, text::MAX_SHORT)?;
    text::require("main_goal", &plan.main_goal, text::MAX_SHORT)?;
    if plan.goals.is_empty() {
        return Err(ValidationError::EmptyList { field: "goals" }.into());
    }
    let mut goals = BTreeSet::new();
    for g in &plan.goals {
        text::require("goals.title", &g.title, text::MAX_SHORT)?;
        must_be_new(&goals, &g.goal_id, Entity::Goal)?;
        goals.insert(&g.goal_id);
    }
    let mut tasks = BTreeSet::new();
    for t in &plan.tasks {
        check_task(zzk, ctx, &t.title, &t.responsible, t.deadline, from)?;
        must_exist(&goals, &t.goal_id, Entity::Goal)?;
        must_be_new(&tasks, &t.task_id, Entity::Task)?;
        tasks.insert(&t.task_id);
    }
    Ok(())
}

/// A task's deadline is not before the plan's adoption nor the day `from` the task is set on.
fn check_task(
    zzk: &Zzk,
    ctx: &Ctx,
    title: &str,
    r: &Responsible,
    deadline: NaiveDate,
    from: NaiveDate,
) -> Result<(), Error> {
    text::require("title", title, text::MAX_SHORT)?;
    check_responsible(zzk, r)?;
    let since = zzk.plan.as_ref().map(|p| p.adopted_on).unwrap_or(from);
    ctx.not_before("deadline", deadline, since)?;
    ctx.not_before("deadline", deadline, from)?;
    Ok(())
}

/// Decides the start of a social-work project.
pub(crate) fn decide_project_start(
    zzk: &Zzk,
    ctx: &Ctx,
    project: &ProjectInput,
) -> Result<Event, Error> {
    text::require("title", &project.title, text::MAX_SHORT)?;
    must_be_new(&zzk.projects, &project.project_id, Entity::Project)?;
    if zzk.projects.values().any(|p| p.ended_on.is_none()) {
        return Err(PlanError::ProjectAlreadyRunning.into());
    }
    crate::consent::require(zzk, ctx.today(), KeyDecision::StartSocialWorkProject, None)?;
    ctx.not_before("planned_end", project.planned_end, ctx.today())?;
    Ok(Event::SocialWorkProjectStarted {
        zzk_id: zzk.id.clone(),
        project: project.clone(),
    })
}

fn plan_of(zzk: &Zzk) -> Result<&Plan, Error> {
    zzk.plan
        .as_ref()
        .ok_or_else(|| PlanError::PlanMissing.into())
}

/// Decides a command of the individual plan: goals, tasks, the situation and evaluations.
pub(crate) fn decide_plan(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Plan,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Plan as C;
    use ZzkStage as S;
    let zid = zzk.id.clone();
    let today = ctx.today();
    let change_plan =
        || zzk.require_key_decision(&[S::Active], today, KeyDecision::ChangePlan, None);
    Ok(match cmd {
        C::AdoptPlan { plan, .. } => {
            change_plan()?;
            if zzk.plan.is_some() {
                return Err(PlanError::PlanExists.into());
            }
            validate_plan(zzk, ctx, plan, today)?;
            vec![Event::PlanAdopted {
                zzk_id: zid,
                plan: plan.clone(),
                adopted_on: None,
            }]
        }
        C::AddGoal { goal_id, title, .. } => {
            change_plan()?;
            let plan = plan_of(zzk)?;
            text::require("title", title, text::MAX_SHORT)?;
            must_be_new(&plan.goals, goal_id, Entity::Goal)?;
            vec![Event::GoalAdded {
                zzk_id: zid,
                goal_id: goal_id.clone(),
                title: title.clone(),
            }]
        }
        C::AddTask {
            task_id,
            goal_id,
            title,
            responsible,
            deadline,
            ..
        } => {
            change_plan()?;
            let plan = plan_of(zzk)?;
            if must_exist(&plan.goals, goal_id, Entity::Goal)?
                .dropped_on
                .is_some()
            {
                return Err(PlanError::GoalDropped {
                    goal_id: goal_id.clone(),
                }
                .into());
            }
            must_be_new(&plan.tasks, task_id, Entity::Task)?;
            check_task(zzk, ctx, title, responsible, *deadline, today)?;
            vec![Event::TaskAdded {
                zzk_id: zid,
                task_id: task_id.clone(),
                goal_id: goal_id.clone(),
                title: title.clone(),
                responsible: responsible.clone(),
                deadline: *deadline,
            }]
        }
        C::ChangeTask {
            task_id,
            responsible,
            deadline,
            ..
        } => {
            change_plan()?;
            check_task_change(zzk, ctx, task_id, responsible, *deadline)?;
            vec![Event::TaskChanged {
                zzk_id: zid,
                task_id: task_id.clone(),
                responsible: responsible.clone(),
                deadline: *deadline,
            }]
        }
        C::ChangePlan { change, .. } => {
            change_plan()?;
            check_plan_change(plan_of(zzk)?, change)?;
            vec![Event::PlanChanged {
                zzk_id: zid,
                change: change.clone(),
            }]
        }
        C::UpdateSituation { area, note, .. } => {
            change_plan()?;
            plan_of(zzk)?;
            vec![Event::SituationUpdated {
                zzk_id: zid,
                area: *area,
                note: note.clone(),
            }]
        }
        C::EvaluatePlan {
            evaluation_id,
            goals,
            main_goal,
            next_evaluation_on,
            ..
        } => {
            check_plan_evaluation(zzk, ctx, evaluation_id, goals, *next_evaluation_on)?;
            vec![Event::PlanEvaluated {
                zzk_id: zid,
                evaluation_id: evaluation_id.clone(),
                goals: goals.clone(),
                main_goal: *main_goal,
                next_evaluation_on: *next_evaluation_on,
            }]
        }
    })
}

/// A plan change names a goal or task of the plan that is still in it, and changes something.
fn check_plan_change(plan: &Plan, change: &PlanChange) -> Result<(), Error> {
    let goal = |id: &GoalId| -> Result<&Goal, Error> {
        let g = must_exist(&plan.goals, id, Entity::Goal)?;
        match g.dropped_on {
            Some(_) => Err(PlanError::GoalDropped {
                goal_id: id.clone(),
            }
            .into()),
            None => Ok(g),
        }
    };
    let task = |id: &TaskId| -> Result<&Task, Error> {
        let t = must_exist(&plan.tasks, id, Entity::Task)?;
        match t.status {
            TaskStatus::Dropped => Err(PlanError::TaskClosed.into()),
            _ => Ok(t),
        }
    };
    let unchanged = match change {
        PlanChange::MainGoal { main_goal } => {
            text::require("main_goal", main_goal, text::MAX_SHORT)?;
            plan.main_goal == *main_goal
        }
        PlanChange::RenameGoal { goal_id, title } => {
            text::require("title", title, text::MAX_SHORT)?;
            goal(goal_id)?.title == *title
        }
        PlanChange::DropGoal { goal_id, reason } => {
            text::require("reason", reason, text::MAX_SHORT)?;
            goal(goal_id).map(|_| false)?
        }
        PlanChange::RenameTask { task_id, title } => {
            text::require("title", title, text::MAX_SHORT)?;
            task(task_id)?.title == *title
        }
        PlanChange::DropTask { task_id, reason } => {
            text::require("reason", reason, text::MAX_SHORT)?;
            task(task_id).map(|_| false)?
        }
        PlanChange::Problems { problems } => plan.problems.as_ref() == Some(problems),
    };
    if unchanged {
        return Err(BasketError::NothingChanged.into());
    }
    Ok(())
}

/// Applies a plan change: the new text in place, the old one in the plan's history; a dropped
/// goal takes its open tasks with it.
fn apply_plan_change(plan: &mut Plan, on: NaiveDate, change: PlanChange) {
    let previous = match &change {
        PlanChange::MainGoal { main_goal } => {
            Some(std::mem::replace(&mut plan.main_goal, main_goal.clone()))
        }
        PlanChange::RenameGoal { goal_id, title } => plan
            .goals
            .get_mut(goal_id)
            .map(|g| std::mem::replace(&mut g.title, title.clone())),
        PlanChange::DropGoal { goal_id, .. } => {
            if let Some(g) = plan.goals.get_mut(goal_id) {
                g.dropped_on = Some(on);
            }
            for t in plan.tasks.values_mut() {
                if &t.goal_id == goal_id && t.status.is_open() {
                    t.status = TaskStatus::Dropped;
                }
            }
            None
        }
        PlanChange::RenameTask { task_id, title } => plan
            .tasks
            .get_mut(task_id)
            .map(|t| std::mem::replace(&mut t.title, title.clone())),
        PlanChange::DropTask { task_id, .. } => {
            if let Some(t) = plan.tasks.get_mut(task_id) {
                t.status = TaskStatus::Dropped;
            }
            None
        }
        PlanChange::Problems { problems } => plan
            .problems
            .replace(problems.clone())
            .map(|p| p.as_str().to_owned()),
    };
    plan.version += 1;
    plan.changes.push(PlanChangeRecord {
        on,
        change,
        previous,
    });
}

/// A task may be given another responsible person or deadline while it is open, and only if
/// something changes.
fn check_task_change(
    zzk: &Zzk,
    ctx: &Ctx,
    task_id: &TaskId,
    responsible: &Responsible,
    deadline: NaiveDate,
) -> Result<(), Error> {
    let plan = plan_of(zzk)?;
    let task = must_exist(&plan.tasks, task_id, Entity::Task)?;
    if !task.status.is_open() {
        return Err(PlanError::TaskClosed.into());
    }
    check_task(zzk, ctx, &task.title, responsible, deadline, ctx.today())?;
    if task.responsible == *responsible && task.deadline == deadline {
        return Err(BasketError::NothingChanged.into());
    }
    Ok(())
}

/// A plan is evaluated while the ZZK is appointed and open — not only when the plan may change —
/// once per evaluation id, on goals of the plan, with the next evaluation not in the past.
fn check_plan_evaluation(
    zzk: &Zzk,
    ctx: &Ctx,
    evaluation_id: &EvaluationId,
    goals: &[GoalEvaluation],
    next_evaluation_on: Option<NaiveDate>,
) -> Result<(), Error> {
    if !zzk.stage.is_appointed_and_open() {
        return Err(crate::error::ZzkError::WrongStage { stage: zzk.stage }.into());
    }
    let plan = plan_of(zzk)?;
    must_be_new(&plan.evaluations, evaluation_id, Entity::Evaluation)?;
    for g in goals {
        must_exist(&plan.goals, &g.goal_id, Entity::Goal)?;
        if let Some(r) = &g.reasons {
            text::require("reasons", r, text::MAX_LONG)?;
        }
    }
    if let Some(next) = next_evaluation_on {
        ctx.not_before("next_evaluation_on", next, ctx.today())?;
    }
    // An evaluation of the family's plan is work with its information (issue 18).
    crate::consent::require(zzk, ctx.today(), KeyDecision::UseFamilyInformation, None)?;
    Ok(())
}

/// Decides a command of the individual basket: local-basket services and unmet needs.
pub(crate) fn decide_individual_basket(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::IndividualBasket,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::IndividualBasket as C;
    use ZzkStage as S;
    let zid = zzk.id.clone();
    let today = ctx.today();
    let change_basket = || {
        zzk.require_key_decision(
            &[S::Active],
            today,
            KeyDecision::ChangeIndividualBasket,
            None,
        )
    };
    Ok(match cmd {
        C::AddBasketItem {
            item_id,
            service_id,
            task_id,
            ..
        } => {
            change_basket()?;
            must_be_new(&zzk.basket, item_id, Entity::BasketItem)?;
            let p = ctx.partnership(&zzk.partnership_id)?;
            let service = must_exist(&p.basket.services, service_id, Entity::Service)?;
            if service.status != ServiceStatus::Active {
                return Err(BasketError::ServiceNotActive {
                    service_id: service_id.clone(),
                    status: service.status,
                }
                .into());
            }
            if let Some(t) = task_id {
                must_exist(&plan_of(zzk)?.tasks, t, Entity::Task)?;
            }
            let already = zzk.basket.values().any(|i| {
                i.removed_on.is_none() && matches!(&i.kind, BasketItemKind::Service { service_id: s, task_id: t } if s == service_id && t == task_id)
            });
            if already {
                return Err(BasketError::AlreadyInBasket {
                    service_id: service_id.clone(),
                }
                .into());
            }
            vec![Event::BasketItemAdded {
                zzk_id: zid,
                item_id: item_id.clone(),
                service_id: service_id.clone(),
                task_id: task_id.clone(),
            }]
        }
        C::RemoveBasketItem {
            item_id, reason, ..
        } => {
            change_basket()?;
            text::require("reason", reason, text::MAX_SHORT)?;
            let item = must_exist(&zzk.basket, item_id, Entity::BasketItem)?;
            if item.removed_on.is_some() {
                return Err(BasketError::NothingChanged.into());
            }
            vec![Event::BasketItemRemoved {
                zzk_id: zid,
                item_id: item_id.clone(),
                reason: reason.clone(),
            }]
        }
        C::RecordUnmetNeed {
            item_id,
            area,
            need,
            request_id,
            ..
        } => {
            change_basket()?;
            text::require("need", need, text::MAX_SHORT)?;
            must_be_new(&zzk.basket, item_id, Entity::BasketItem)?;
            let p = ctx.partnership(&zzk.partnership_id)?;
            must_be_new(&p.requests, request_id, Entity::Request)?;
            vec![Event::UnmetNeedRecorded {
                zzk_id: zid,
                item_id: item_id.clone(),
                area: *area,
                need: need.clone(),
                request_id: request_id.clone(),
            }]
        }
    })
}

/// Decides a command of social-work projects (tool 20).
pub(crate) fn decide_projects(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Projects,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Projects as C;
    use ZzkStage as S;
    let zid = zzk.id.clone();
    Ok(match cmd {
        C::StartSocialWorkProject { project, .. } => {
            zzk.require_stage_not(&[S::Suspended, S::ConsentRefused])?;
            vec![decide_project_start(zzk, ctx, project)?]
        }
        C::EndSocialWorkProject {
            project_id,
            achievement,
            ..
        } => {
            let p = must_exist(&zzk.projects, project_id, Entity::Project)?;
            if p.ended_on.is_some() {
                return Err(PlanError::NoProjectRunning.into());
            }
            vec![Event::SocialWorkProjectEnded {
                zzk_id: zid,
                project_id: project_id.clone(),
                achievement: *achievement,
            }]
        }
    })
}

/// The request an unmet need files with the network coordinator (level 3 → level 1 feedback).
pub(crate) fn request_for_unmet_need(
    zzk_id: &ZzkId,
    area: Area,
    need: &str,
    on: NaiveDate,
) -> Request {
    Request {
        kind: RequestKind::ExtendBasket,
        scope: area.code().to_owned(),
        content: need.to_owned(),
        zzk_id: Some(zzk_id.clone()),
        filed_on: on,
        status: RequestStatus::Pending,
        decided_on: None,
        reason: None,
    }
}

/// Applies an event of the individual plan: goals, tasks, the situation and evaluations.
pub(crate) fn apply_plan(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Plan) {
    use crate::event::route::Plan as Event;
    match e {
        Event::PlanAdopted {
            plan, adopted_on, ..
        } => {
            z.plan = Some(Plan {
                adopted_on: adopted_on.unwrap_or(on),
                version: 1,
                case_number: plan.case_number,
                situation: plan.situation,
                problems: plan.problems,
                main_goal: plan.main_goal,
                goals: plan
                    .goals
                    .into_iter()
                    .map(|g| {
                        (
                            g.goal_id,
                            Goal {
                                title: g.title,
                                added_on: on,
                                dropped_on: None,
                            },
                        )
                    })
                    .collect(),
                tasks: plan
                    .tasks
                    .into_iter()
                    .map(|t| {
                        (
                            t.task_id,
                            Task {
                                goal_id: t.goal_id,
                                title: t.title,
                                responsible: t.responsible,
                                deadline: t.deadline,
                                status: TaskStatus::Planned,
                                added_on: on,
                            },
                        )
                    })
                    .collect(),
                evaluations: IdMap::new(),
                changes: Vec::new(),
            });
        }
        Event::PlanChanged { change, .. } => {
            if let Some(p) = z.plan.as_mut() {
                apply_plan_change(p, on, change);
            }
        }
        Event::GoalAdded { goal_id, title, .. } => {
            if let Some(p) = z.plan.as_mut() {
                p.version += 1;
                p.goals.insert(
                    goal_id,
                    Goal {
                        title,
                        added_on: on,
                        dropped_on: None,
                    },
                );
            }
        }
        Event::TaskAdded {
            task_id,
            goal_id,
            title,
            responsible,
            deadline,
            ..
        } => {
            if let Some(p) = z.plan.as_mut() {
                p.version += 1;
                p.tasks.insert(
                    task_id,
                    Task {
                        goal_id,
                        title,
                        responsible,
                        deadline,
                        status: TaskStatus::Planned,
                        added_on: on,
                    },
                );
            }
        }
        Event::TaskChanged {
            task_id,
            responsible,
            deadline,
            ..
        } => {
            if let Some(p) = z.plan.as_mut() {
                if let Some(t) = p.tasks.get_mut(&task_id) {
                    p.version += 1;
                    t.responsible = responsible;
                    t.deadline = deadline;
                }
            }
        }
        Event::SituationUpdated { area, note, .. } => {
            if let Some(p) = z.plan.as_mut() {
                p.version += 1;
                p.situation.insert(area, note);
            }
        }
        Event::PlanEvaluated {
            evaluation_id,
            goals,
            main_goal,
            next_evaluation_on,
            ..
        } => {
            if let Some(p) = z.plan.as_mut() {
                p.evaluations.insert(
                    evaluation_id,
                    PlanEvaluation {
                        evaluated_on: on,
                        goals,
                        main_goal,
                        next_evaluation_on,
                    },
                );
            }
        }
    }
}

/// Applies an event of the individual basket: local-basket services and unmet needs.
pub(crate) fn apply_individual_basket(
    z: &mut Zzk,
    on: NaiveDate,
    e: crate::event::route::IndividualBasket,
) {
    use crate::event::route::IndividualBasket as Event;
    match e {
        Event::BasketItemAdded {
            item_id,
            service_id,
            task_id,
            ..
        } => {
            z.basket.insert(
                item_id,
                BasketItem {
                    kind: BasketItemKind::Service {
                        service_id,
                        task_id,
                    },
                    added_on: on,
                    removed_on: None,
                },
            );
        }
        Event::BasketItemRemoved { item_id, .. } => {
            if let Some(i) = z.basket.get_mut(&item_id) {
                i.removed_on = Some(on);
            }
        }
        Event::UnmetNeedRecorded {
            item_id,
            area,
            need,
            request_id,
            ..
        } => {
            z.basket.insert(
                item_id,
                BasketItem {
                    kind: BasketItemKind::UnmetNeed {
                        area,
                        need,
                        request_id,
                    },
                    added_on: on,
                    removed_on: None,
                },
            );
        }
    }
}

/// Applies an event of social-work projects (tool 20).
pub(crate) fn apply_projects(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Projects) {
    use crate::event::route::Projects as Event;
    match e {
        Event::SocialWorkProjectStarted { project, .. } => {
            z.projects.insert(
                project.project_id,
                Project {
                    title: project.title,
                    started_on: on,
                    planned_end: project.planned_end,
                    ended_on: None,
                    achievement: None,
                },
            );
        }
        Event::SocialWorkProjectEnded {
            project_id,
            achievement,
            ..
        } => {
            if let Some(p) = z.projects.get_mut(&project_id) {
                p.ended_on = Some(on);
                p.achievement = Some(achievement);
            }
        }
    }
}
