//! Kto może co — who may issue each command. The model names who does what: the OPS head leads
//! the PZK, the network coordinator keeps the registry and handles requests, consultations and
//! conflicts, the case's social worker runs the ZZK, and a partner's representative declares its
//! services and signs its declaration. [`CommandType::roles`] is the whole policy of writes, one
//! line per command type (the table in `docs/roles.md` is written from it); [`State::decide`]
//! refuses a command whose actor holds none of its roles with `ACTOR_NOT_PERMITTED` and changes
//! nothing.
//!
//! Who holds a role is known from the events that gave it, compared by id with the command's
//! actor (a host maps its authenticated users to these ids, as it does for reads):
//! - **OPS head**: the actor who registered the PZK, until the role is handed over
//!   (`hand_over_ops_head`);
//! - **network coordinator**: a person appointed by `appoint_coordinator` and not dismissed;
//! - **social worker**: the ZZK's case manager, named when the need was reported (for
//!   `report_need`, the one it names);
//! - **PZK representative**: the representative recorded for a member that has not left, acting
//!   only for that member (its agreement, its declaration, its services).
//!
//! **\[decision\]** The OPS head may also issue every command of a ZZK of its PZK: it supervises
//! the social workers and stands in for one who is absent, so no case is left without anyone who
//! may act. The coordinator records the monthly monitoring of ZZKs (it keeps the registry), but
//! no other ZZK work. Roles of readers only (ZZK member, analyst, the family) issue no command.
//!
//! [`State::decide`]: crate::state::State::decide

use crate::basket::Provider;
use crate::command::route::{Basket, Membership, PzkRoute, Route, ZzkOpening, ZzkRoute};
use crate::command::{CommandEnvelope, CommandType};
use crate::error::{Error, PermissionError};
use crate::ids::*;
use crate::labels::{labelled_enum, Labelled};
use crate::partnership::{MemberStatus, Partnership};
use crate::state::State;
use crate::zzk::Zzk;

labelled_enum! {
    /// Rola osoby: kto wydaje polecenia i kto czyta dane.
    pub enum Role {
        /// Kierownik OPS.
        OpsHead = "ops_head" => ("Kierownik OPS", "OPS head"),
        /// Pracownik ds. sieci.
        NetworkCoordinator = "network_coordinator" => ("Pracownik ds. sieci", "Network coordinator"),
        /// Pracownik socjalny prowadzący sprawę.
        SocialWorker = "social_worker" => ("Pracownik socjalny (prowadzący)", "Social worker (case manager)"),
        /// Członek ZZK z instytucji partnerskiej.
        ZzkMember = "zzk_member" => ("Członek ZZK", "ZZK member"),
        /// Przedstawiciel instytucji w PZK.
        PzkRepresentative = "pzk_representative" => ("Przedstawiciel w PZK", "PZK representative"),
        /// Analityk.
        Analyst = "analyst" => ("Analityk", "Analyst"),
        /// Osoba/rodzina lub jej przedstawiciel.
        Family = "family" => ("Osoba/rodzina lub przedstawiciel", "Person/family or representative"),
    }
}

const OPS: Role = Role::OpsHead;
const COORDINATOR: Role = Role::NetworkCoordinator;
const WORKER: Role = Role::SocialWorker;
const REPRESENTATIVE: Role = Role::PzkRepresentative;

impl CommandType {
    /// The roles that may issue a command of this type: the whole policy of writes (see the
    /// module's documentation for who holds each role). `register_partnership` names the role its
    /// actor takes: whoever registers a PZK becomes its OPS head.
    pub const fn roles(self) -> &'static [Role] {
        use CommandType as C;
        match self {
            C::RegisterPartnership
            | C::RecordMayorAuthorisation
            | C::RecordReadiness
            | C::CompleteInitiationStep
            | C::InviteMember
            | C::AppointCoordinator
            | C::DismissCoordinator
            | C::HandOverOpsHead
            | C::AdoptRulesOfProcedure
            | C::AdoptAnnualPlan
            | C::StartOperating => &[OPS],
            C::RecordParticipation | C::SignDeclaration | C::RecordMemberLeft => {
                &[OPS, REPRESENTATIVE]
            }
            C::InformMembersOfAccession
            | C::HoldPzkMeeting
            | C::PresentBasket
            | C::FileRequest
            | C::DecideRequest
            | C::RecordConsultation
            | C::RaiseConflict
            | C::ResolveConflict
            | C::ReportRefusal
            | C::InformMembersOfRefusal
            | C::RecordPzkEvaluation => &[OPS, COORDINATOR],
            C::AddService | C::ReviseService | C::ChangeServiceStatus | C::VerifyService => {
                &[OPS, COORDINATOR, REPRESENTATIVE]
            }
            C::RecordMonitoring => &[OPS, WORKER, COORDINATOR],
            C::ReportNeed
            | C::EstablishHelpingRelationship
            | C::RecordInitialDiagnosis
            | C::RecordGrounds
            | C::ProposeZzkWork
            | C::AppointRepresentative
            | C::GiveConsent
            | C::RefuseConsent
            | C::AmendConsent
            | C::WithdrawConsent
            | C::JoinHousehold
            | C::LeaveHousehold
            | C::AppointZzk
            | C::AddZzkMember
            | C::ChooseLeadInstitution
            | C::AddGuest
            | C::RemoveZzkMember
            | C::InviteToFirstMeeting
            | C::ReleaseConsultationMinutes
            | C::HoldZzkMeeting
            | C::AdoptPlan
            | C::AddGoal
            | C::AddTask
            | C::ChangeTask
            | C::ChangePlan
            | C::UpdateSituation
            | C::EvaluatePlan
            | C::AddBasketItem
            | C::RemoveBasketItem
            | C::RecordUnmetNeed
            | C::StartSocialWorkProject
            | C::EndSocialWorkProject
            | C::SuspendZzk
            | C::ResumeZzk
            | C::ReviewSuspension
            | C::LeaveZzkForm
            | C::ReturnToZzkForm
            | C::RecordEndOfWorkEvaluation
            | C::RecordFamilyEvaluation
            | C::RecordQuestionnaire
            | C::CloseZzk
            | C::StartPostSupportMonitoring
            | C::RecordPostSupportObservation
            | C::EndPostSupportMonitoring => &[WORKER, OPS],
        }
    }
}

/// The roles of a command's type that `actor` holds for this command in `state`: empty when the
/// command would be refused with `ACTOR_NOT_PERMITTED`. A command on a PZK or ZZK that does not
/// exist yields every role of its type (the missing record is the refusal, not the actor), as
/// does `register_partnership`, whose actor becomes the OPS head.
pub fn held(state: &State, actor: &ActorId, cmd: &CommandEnvelope) -> Vec<Role> {
    let ty = cmd.command.command_type();
    let (partnership, zzk, named_worker) = match cmd.command.route() {
        Route::Partnership(pid, _) => (state.partnerships.get(pid), None, None),
        Route::Zzk(zid, route) => match state.zzks.get(zid) {
            Some(z) => (state.partnerships.get(&z.partnership_id), Some(&**z), None),
            // A ZZK that does not exist: only its opening names its PZK and worker.
            None => {
                if let ZzkRoute::ZzkOpening(ZzkOpening::ReportNeed {
                    partnership_id,
                    social_worker,
                    ..
                }) = route
                {
                    (
                        state.partnerships.get(partnership_id),
                        None,
                        Some(social_worker),
                    )
                } else {
                    (None, None, None)
                }
            }
        },
    };
    let Some(p) = partnership else {
        return ty.roles().to_vec();
    };
    let actor = actor.as_str();
    ty.roles()
        .iter()
        .copied()
        .filter(|role| match role {
            Role::OpsHead => p.ops_head.as_str() == actor,
            Role::NetworkCoordinator => p.coordinators.keys().any(|c| c.as_str() == actor),
            Role::SocialWorker => zzk
                .map(|z: &Zzk| &z.social_worker)
                .or(named_worker)
                .is_some_and(|w| w.as_str() == actor),
            Role::PzkRepresentative => represents(p, actor, &cmd.command.route()),
            Role::ZzkMember | Role::Analyst | Role::Family => false,
        })
        .collect()
}

/// Refuses a command whose actor holds none of the roles of its type.
pub(crate) fn check(state: &State, cmd: &CommandEnvelope) -> Result<(), Error> {
    if !held(state, &cmd.actor, cmd).is_empty() {
        return Ok(());
    }
    let ty = cmd.command.command_type();
    Err(PermissionError::ActorNotPermitted {
        actor: cmd.actor.as_str().to_owned(),
        command: ty.code(),
        roles: ty.roles().to_vec(),
    }
    .into())
}

/// Whether `actor` is the representative of the one member the command concerns (its agreement,
/// declaration or departure, or the provider of the service), a member that has not left.
fn represents(p: &Partnership, actor: &str, route: &Route) -> bool {
    let is_representative = |member: &MemberId| {
        p.members.get(member).is_some_and(|m| {
            m.status != MemberStatus::Left
                && m.representative
                    .as_ref()
                    .is_some_and(|r| r.as_str() == actor)
        })
    };
    let provider_of =
        |service: &ServiceId| p.basket.services.get(service).map(|s| &s.input.provider);
    let provided_by_them = |provider: Option<&Provider>| match provider {
        Some(Provider::Member { member_id }) => is_representative(member_id),
        Some(_) | None => false,
    };
    let Route::Partnership(_, route) = route else {
        return false;
    };
    match route {
        PzkRoute::Membership(m) => match m {
            Membership::RecordParticipation { member_id, .. }
            | Membership::SignDeclaration { member_id, .. }
            | Membership::RecordMemberLeft { member_id, .. } => is_representative(member_id),
            Membership::InviteMember { .. } | Membership::InformMembersOfAccession { .. } => false,
        },
        PzkRoute::Basket(b) => match b {
            Basket::AddService { service, .. } => provided_by_them(Some(&service.provider)),
            Basket::ReviseService {
                service_id,
                service,
                ..
            } => {
                provided_by_them(provider_of(service_id))
                    && provided_by_them(Some(&service.provider))
            }
            Basket::ChangeServiceStatus { service_id, .. }
            | Basket::VerifyService { service_id, .. } => provided_by_them(provider_of(service_id)),
        },
        PzkRoute::PzkOpening(_)
        | PzkRoute::Initiation(_)
        | PzkRoute::Coordinators(_)
        | PzkRoute::PzkMeetings(_)
        | PzkRoute::Formalisation(_)
        | PzkRoute::Requests(_)
        | PzkRoute::Mediation(_)
        | PzkRoute::PzkEvaluation(_) => false,
    }
}

/// The policy as a Markdown table, command × role (what `docs/roles.md` holds; a test keeps the
/// file equal to it).
pub fn table() -> String {
    let roles = [OPS, COORDINATOR, WORKER, REPRESENTATIVE];
    let mut out = String::from("| Command | Stream |");
    for r in roles {
        out.push_str(&format!(" {} |", r.label_en()));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---|".repeat(roles.len()));
    out.push('\n');
    for ty in CommandType::ALL {
        out.push_str(&format!(
            "| `{}` | {} |",
            ty.code(),
            if ty.on_zzk() { "ZZK" } else { "PZK" }
        ));
        for r in roles {
            out.push_str(if ty.roles().contains(&r) {
                " ✓ |"
            } else {
                " |"
            });
        }
        out.push('\n');
    }
    out
}
