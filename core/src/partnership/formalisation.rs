//! Stage 2 of a PZK (etap planowania): the framework rules of procedure (tool 9), the basket
//! presented, the annual action plan, and the move into operation (stage 3).

use super::*;

/// Decides a command of stage 2: rules of procedure, the basket presented, the annual plan, operation.
pub(super) fn decide(
    p: &Partnership,
    ctx: &Ctx,
    cmd: crate::command::route::Formalisation,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Formalisation as C;
    let pid = p.id.clone();
    let today = ctx.today();
    Ok(match cmd {
        C::AdoptRulesOfProcedure { rules, .. } => {
            p.require_stage(FORMALISED)?;
            for (field, v) in [
                ("meeting_cadence_months", rules.meeting_cadence_months),
                (
                    "basket_verification_months",
                    rules.basket_verification_months,
                ),
                ("evaluation_cadence_months", rules.evaluation_cadence_months),
                ("monitoring_period_months", rules.monitoring_period_months),
            ] {
                if !(1..=60).contains(&v) {
                    return Err(ValidationError::OutOfRange {
                        field,
                        min: 1,
                        max: 60,
                    }
                    .into());
                }
            }
            vec![Event::RulesOfProcedureAdopted {
                partnership_id: pid,
                rules: rules.clone(),
            }]
        }
        C::PresentBasket { .. } => {
            p.require_stage(FORMALISED)?;
            if p.basket.services.is_empty() {
                return Err(PartnershipError::BasketEmpty.into());
            }
            vec![Event::BasketPresented {
                partnership_id: pid,
            }]
        }
        C::AdoptAnnualPlan { year, actions, .. } => {
            p.require_stage(FORMALISED)?;
            if p.annual_plans.contains_key(year) {
                return Err(PartnershipError::AnnualPlanExists { year: *year }.into());
            }
            let this_year = chrono::Datelike::year(&today);
            if *year < this_year || *year > this_year + 1 {
                return Err(ValidationError::OutOfRange {
                    field: "year",
                    min: this_year as i64,
                    max: this_year as i64 + 1,
                }
                .into());
            }
            if actions.is_empty() {
                return Err(ValidationError::EmptyList { field: "actions" }.into());
            }
            for a in actions {
                text::require("actions", a, text::MAX_SHORT)?;
            }
            vec![Event::AnnualPlanAdopted {
                partnership_id: pid,
                year: *year,
                actions: actions.clone(),
            }]
        }
        C::StartOperating { .. } => {
            p.require_stage(&[PzkStage::Planning])?;
            let mut missing = p.missing_for_zzk_work();
            if p.annual_plans.is_empty() {
                missing.push("annual_plan");
            }
            let have = p.declared_partners();
            if have < MIN_DECLARATIONS {
                return Err(PartnershipError::NotEnoughDeclarations {
                    have,
                    need: MIN_DECLARATIONS,
                }
                .into());
            }
            if !missing.is_empty() {
                return Err(PartnershipError::FormalisationIncomplete { missing }.into());
            }
            vec![Event::OperatingStarted {
                partnership_id: pid,
            }]
        }
    })
}

impl Partnership {
    /// What the formalising stage still lacks before ZZK work may start: the rules of procedure
    /// adopted and the basket presented.
    fn missing_for_zzk_work(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.rules_adopted_on.is_none() {
            missing.push("rules_of_procedure");
        }
        if self.basket_presented_on.is_none() {
            missing.push("basket_presented");
        }
        missing
    }

    /// Whether a ZZK may be appointed in this PZK.
    ///
    /// **\[decision\]** (seed 002, flexible formalisation: a missing declaration of accession
    /// "should not be an obstacle") ZZK work starts once the formalising meeting has been held
    /// (stage 2) with the rules of procedure adopted and the basket presented, whether or not
    /// any partner has signed its declaration: staff of participating partners join under their
    /// recorded agreement. Declarations stay counted in the indicators, and stage 3 (operating)
    /// still needs them.
    pub fn require_zzk_work(&self) -> Result<(), Error> {
        match self.stage {
            PzkStage::Operating => Ok(()),
            PzkStage::Planning => {
                let missing = self.missing_for_zzk_work();
                if missing.is_empty() {
                    Ok(())
                } else {
                    Err(PartnershipError::FormalisationIncomplete { missing }.into())
                }
            }
            stage @ (PzkStage::AwaitingAuthorisation | PzkStage::Initiation) => {
                Err(crate::error::ZzkError::PartnershipNotOperating { stage }.into())
            }
        }
    }
}

/// Applies an event of stage 2: rules of procedure, the basket presented, the annual plan, operation.
pub(super) fn apply(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Formalisation) {
    use crate::event::route::Formalisation as Event;
    match &e {
        Event::RulesOfProcedureAdopted { rules, .. } => {
            p.rules = rules.clone();
            p.rules_adopted_on = Some(today);
        }
        Event::BasketPresented { .. } => p.basket_presented_on = Some(today),
        Event::AnnualPlanAdopted { year, actions, .. } => {
            p.annual_plans.insert(
                *year,
                AnnualPlan {
                    adopted_on: today,
                    actions: actions.clone(),
                },
            );
        }
        Event::OperatingStarted { .. } => {
            p.stage = PzkStage::Operating;
            p.operating_since = Some(today);
        }
    }
}
