//! A script of commands with a clock: what stamps the time and the actor into each command of the
//! sample data and of the CLI's demo story, so that neither spells them out per command.

use crate::command::{Command, CommandEnvelope};
use crate::ids::ActorId;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Commands written in order, each issued at the script's current time by its current actor; the
/// clock then moves on by the script's step. A host's log gets commands in time order: a script
/// whose clock is set back (a story told thread by thread) sorts its commands by time before it
/// hands them over.
#[derive(Debug, Clone)]
pub struct Script {
    now: DateTime<Utc>,
    step: Duration,
    actor: ActorId,
    commands: Vec<CommandEnvelope>,
}

impl Script {
    /// An empty script whose first command is issued at `start` by `actor`, and each next one
    /// `step` later.
    pub fn new(start: DateTime<Utc>, step: Duration, actor: &str) -> Self {
        Self {
            now: start,
            step,
            actor: ActorId::from(actor),
            commands: Vec::new(),
        }
    }

    /// When the next command is issued.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The date of the next command: the day a meeting it records is held, say.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Moves the clock to `at`, forward or back: the next command is issued then.
    pub fn set_now(&mut self, at: DateTime<Utc>) -> &mut Self {
        self.now = at;
        self
    }

    /// Makes `actor` the issuer of the next commands.
    pub fn by(&mut self, actor: &str) -> &mut Self {
        self.actor = ActorId::from(actor);
        self
    }

    /// Issues `command` now, by the current actor, and moves the clock on by one step.
    pub fn push(&mut self, command: Command) -> &mut Self {
        self.commands.push(CommandEnvelope {
            at: self.now,
            actor: self.actor.clone(),
            command,
            command_id: None,
        });
        self.now += self.step;
        self
    }

    /// Issues each of `commands` in turn, as [`Script::push`] does.
    pub fn extend(&mut self, commands: impl IntoIterator<Item = Command>) -> &mut Self {
        for command in commands {
            self.push(command);
        }
        self
    }

    /// How many commands are written.
    pub fn len(&self) -> usize {
        self.commands.len()
    }

    /// Whether no command is written yet.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// The commands written so far, in the order they were written.
    pub fn commands(&self) -> &[CommandEnvelope] {
        &self.commands
    }

    /// The commands, in the order they were written.
    pub fn into_commands(self) -> Vec<CommandEnvelope> {
        self.commands
    }

    /// The commands in time order, as they would reach a host's log; commands of the same time
    /// keep the order they were written in.
    pub fn into_time_order(self) -> Vec<CommandEnvelope> {
        let mut commands = self.commands;
        commands.sort_by_key(|c| c.at);
        commands
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::PartnershipId;
    use chrono::TimeZone;

    fn present(pid: &str) -> Command {
        Command::PresentBasket {
            partnership_id: PartnershipId::from(pid),
        }
    }

    fn pids(commands: &[CommandEnvelope]) -> Vec<&str> {
        commands
            .iter()
            .map(|c| match &c.command {
                Command::PresentBasket { partnership_id } => partnership_id.as_str(),
                other => panic!("only baskets presented here, not {other:?}"),
            })
            .collect()
    }

    #[test]
    fn each_command_is_stamped_with_the_clock_and_the_actor_then_the_clock_moves_on() {
        let start = Utc.with_ymd_and_hms(2026, 1, 5, 23, 40, 0).unwrap();
        let mut s = Script::new(start, Duration::minutes(20), "ops-head");
        s.push(present("p1"));
        assert_eq!(s.today(), NaiveDate::from_ymd_opt(2026, 1, 6).unwrap());
        s.by("coordinator").push(present("p2"));
        let written = s.commands();
        assert_eq!(
            (written[0].at, written[0].actor.as_str()),
            (start, "ops-head")
        );
        assert_eq!(
            (written[1].at, written[1].actor.as_str()),
            (start + Duration::minutes(20), "coordinator")
        );
        assert!(written.iter().all(|c| c.command_id.is_none()));
        assert_eq!(s.now(), start + Duration::minutes(40));
    }

    #[test]
    fn commands_in_time_order_keep_the_written_order_within_the_same_time() {
        let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        let mut s = Script::new(start, Duration::zero(), "ops-head");
        s.extend([present("p1"), present("p2")]);
        s.set_now(start - Duration::hours(1)).push(present("p0"));
        assert_eq!(pids(s.commands()), ["p1", "p2", "p0"]);
        assert_eq!(pids(&s.into_time_order()), ["p0", "p1", "p2"]);
    }
}
