//! The evaluation of the PZK against its goals.

use super::*;

/// Decides a command of the evaluation of the PZK.
pub(super) fn decide(
    p: &Partnership,
    cmd: crate::command::route::PzkEvaluation,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::PzkEvaluation as C;
    let pid = p.id.clone();
    Ok(match cmd {
        C::RecordPzkEvaluation {
            evaluation_id,
            external,
            main_goal,
            specific_goals,
            report,
            ..
        } => {
            p.require_stage(&[PzkStage::Operating])?;
            must_be_new(&p.evaluations, evaluation_id, Entity::Evaluation)?;
            vec![Event::PzkEvaluated {
                partnership_id: pid,
                evaluation_id: evaluation_id.clone(),
                external: *external,
                main_goal: *main_goal,
                specific_goals: specific_goals.clone(),
                report: report.clone(),
            }]
        }
    })
}

/// Applies an event of the evaluation of the PZK.
pub(super) fn apply(p: &mut Partnership, today: NaiveDate, e: crate::event::route::PzkEvaluation) {
    use crate::event::route::PzkEvaluation as Event;
    match &e {
        Event::PzkEvaluated {
            evaluation_id,
            external,
            main_goal,
            specific_goals,
            report,
            ..
        } => {
            p.evaluations.insert(
                evaluation_id.clone(),
                PzkEvaluation {
                    evaluated_on: today,
                    external: *external,
                    main_goal: *main_goal,
                    specific_goals: specific_goals.clone(),
                    report: report.clone(),
                },
            );
        }
    }
}
