"""The ZZK lifecycle as a Python analyst would write it without kooperacje: the peer of
``bench_transitions.py``.

A state machine of the `transitions` package (0.9) over the ZZK stages the sample lifecycle goes
through (need reported … active ⇄ suspended … closed), with the triggers named after the
commands and the guards a careful analyst would write:

- every act is dated no earlier than the last one of the same ZZK; days it reports (interview,
  meeting) have happened by then and not before the case opened; days it plans (first meeting,
  review, end of monitoring, consent validity) are not in the past;
- work with the family needs a consent in force: given, not withdrawn, not lapsed;
- a suspended ZZK takes no work: the work triggers leave only from the working stages, so
  ``transitions`` itself refuses them (``MachineError``), as ``kooperacje`` does;
- closure needs the end-of-work evaluation recorded first.

Two ways in, as with ``kooperacje``: commands (the core's command dicts, turned into a trigger
and its keyword arguments by :func:`command_call`) and recorded events (JSON lines, replayed by
:func:`replay_jsonl` into per-family models), ending in a registry table of the ZZKs.

Only the ZZK lifecycle is modelled: the PZK's own stream (registration, basket, members) is
skipped, whereas ``kooperacje`` replays and checks it too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from transitions import Machine
from transitions.core import Event, EventData

__all__ = ["EVENT_TRIGGERS", "Family", "RefusedError", "Registry", "command_call", "replay_jsonl"]

INITIAL = "new"
"""A family's model before its need is reported (not a ZZK stage)."""

STAGES = [
    INITIAL,
    "need_reported",
    "helping_relationship",
    "initial_diagnosis",
    "grounds_recorded",
    "proposed",
    "consent_obtained",
    "appointed",
    "partners_invited",
    "consultation_held",
    "first_meeting_invited",
    "active",
    "suspended",
    "post_support_monitoring",
    "closed",
]

TEAM_STAGES = ["partners_invited", "consultation_held", "first_meeting_invited", "active"]
"""Stages in which the team can still grow (after the first member joined)."""

CONSENTED_STAGES = ["consent_obtained", "appointed", *TEAM_STAGES, "suspended"]
"""Stages with a consent on record that can be withdrawn."""

PZK_EVENTS_OF_A_ZZK = frozenset({"zzk_registered"})
"""Events of the PZK's own stream that name a ZZK: the registry entry written with an
appointment (event schema 2). Not a step of the family's lifecycle."""

ORDER = ["dates_in_order"]
WORK = ["dates_in_order", "consent_in_force"]

# fmt: off
TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "report_need", "source": INITIAL, "dest": "need_reported",
     "conditions": ORDER, "after": "record_need"},
    {"trigger": "establish_helping_relationship", "source": "need_reported",
     "dest": "helping_relationship", "conditions": ORDER},
    {"trigger": "record_initial_diagnosis", "source": "helping_relationship",
     "dest": "initial_diagnosis", "conditions": ORDER},
    {"trigger": "record_grounds", "source": "initial_diagnosis", "dest": "grounds_recorded",
     "conditions": ORDER},
    {"trigger": "propose_zzk_work", "source": "grounds_recorded", "dest": "proposed",
     "conditions": ORDER},
    {"trigger": "give_consent", "source": "proposed", "dest": "consent_obtained",
     "conditions": ORDER, "after": "record_consent"},
    {"trigger": "withdraw_consent", "source": CONSENTED_STAGES, "dest": None,
     "conditions": [*ORDER, "consent_on_record"], "after": "record_withdrawal"},
    {"trigger": "appoint_zzk", "source": "consent_obtained", "dest": "appointed",
     "conditions": WORK, "after": "record_appointment"},
    {"trigger": "add_zzk_member", "source": "appointed", "dest": "partners_invited",
     "conditions": [*WORK, "new_member"], "after": "record_member"},
    {"trigger": "add_zzk_member", "source": TEAM_STAGES, "dest": None,
     "conditions": [*WORK, "new_member"], "after": "record_member"},
    {"trigger": "hold_zzk_meeting", "source": "partners_invited", "dest": "consultation_held",
     "conditions": [*WORK, "consultation_meeting"]},
    {"trigger": "invite_to_first_meeting", "source": ["partners_invited", "consultation_held"],
     "dest": "first_meeting_invited", "conditions": WORK},
    {"trigger": "hold_zzk_meeting", "source": "first_meeting_invited", "dest": "active",
     "conditions": [*WORK, "first_meeting"], "after": "record_plan"},
    {"trigger": "hold_zzk_meeting", "source": "active", "dest": None,
     "conditions": [*WORK, "follow_up_meeting"]},
    # The event log records the plan of the first meeting as an event of its own.
    {"trigger": "adopt_plan", "source": "active", "dest": None, "conditions": WORK,
     "after": "record_plan"},
    {"trigger": "add_basket_item", "source": "active", "dest": None,
     "conditions": [*WORK, "task_in_plan"], "after": "record_basket_item"},
    {"trigger": "record_monitoring", "source": "active", "dest": None,
     "conditions": [*WORK, "tasks_in_plan"]},
    {"trigger": "suspend_zzk", "source": "active", "dest": "suspended", "conditions": ORDER,
     "after": "record_suspension"},
    {"trigger": "resume_zzk", "source": "suspended", "dest": "active", "conditions": WORK},
    {"trigger": "record_end_of_work_evaluation", "source": "active", "dest": None,
     "conditions": WORK, "after": "record_evaluation"},
    {"trigger": "record_family_evaluation", "source": "active", "dest": None,
     "conditions": [*WORK, "past_held_on"], "after": "record_effects"},
    {"trigger": "close_zzk", "source": "active", "dest": "post_support_monitoring",
     "conditions": [*ORDER, "evaluated"], "after": "record_closure"},
    {"trigger": "end_post_support_monitoring", "source": "post_support_monitoring",
     "dest": "closed", "conditions": ORDER},
]
# fmt: on

EVENT_TRIGGERS: dict[str, str] = {
    "need_reported": "report_need",
    "helping_relationship_established": "establish_helping_relationship",
    "initial_diagnosis_recorded": "record_initial_diagnosis",
    "grounds_recorded": "record_grounds",
    "zzk_work_proposed": "propose_zzk_work",
    "consent_given": "give_consent",
    "consent_withdrawn": "withdraw_consent",
    "zzk_appointed": "appoint_zzk",
    "zzk_member_added": "add_zzk_member",
    "zzk_meeting_held": "hold_zzk_meeting",
    "invited_to_first_meeting": "invite_to_first_meeting",
    "plan_adopted": "adopt_plan",
    "basket_item_added": "add_basket_item",
    "monitoring_recorded": "record_monitoring",
    "zzk_suspended": "suspend_zzk",
    "zzk_resumed": "resume_zzk",
    "end_of_work_evaluation_recorded": "record_end_of_work_evaluation",
    "family_evaluation_recorded": "record_family_evaluation",
    "zzk_closed": "close_zzk",
    "post_support_monitoring_ended": "end_post_support_monitoring",
}
"""The trigger each recorded ZZK event replays."""

PAST_DAYS = ("interview_on", "held_on")
"""Day fields reporting something that has happened by the act."""

FUTURE_DAYS = ("planned_on", "review_on", "monitor_until", "valid_until")
"""Day fields planning something no earlier than the act."""

_NEVER = dt.datetime.min.replace(tzinfo=dt.timezone.utc)

REGISTRY_SCHEMA = pa.schema(
    [
        ("zzk_id", pa.string()),
        ("partnership_id", pa.string()),
        ("stage", pa.string()),
        ("appointed_on", pa.date32()),
        ("closed_on", pa.date32()),
        ("suspensions", pa.int64()),
        ("members", pa.int64()),
    ]
)
"""The registry table: one row per ZZK (and case not yet appointed)."""


class RefusedError(Exception):
    """A guard refused the trigger (``transitions`` only returns ``False``)."""


@dataclass(slots=True)
class Consent:
    """A consent record: in force from the day given until withdrawn or past ``valid_until``."""

    given_on: dt.date
    valid_until: dt.date | None
    withdrawn_on: dt.date | None = None

    def in_force(self, day: dt.date) -> bool:
        """Whether the consent covers work on ``day``."""
        return (
            self.given_on <= day
            and self.withdrawn_on is None
            and (self.valid_until is None or day <= self.valid_until)
        )


class Family:
    """One family's ZZK: the model ``transitions`` keeps the stage on (``state``), with the data
    the guards need and the registry reports. Callbacks receive the :class:`EventData` of the
    trigger (``send_event=True``): ``event.kwargs`` are the command's or event's fields, with
    ``at`` an aware datetime and the days as :class:`datetime.date`."""

    __slots__ = (
        "appointed_on",
        "basket_items",
        "closed_on",
        "consents",
        "effects_on",
        "evaluated_on",
        "last_at",
        "members",
        "opened_on",
        "partnership_id",
        "state",
        "suspensions",
        "tasks",
        "zzk_id",
    )

    def __init__(self, zzk_id: str) -> None:
        self.zzk_id = zzk_id
        self.state = INITIAL
        self.partnership_id = ""
        self.last_at = _NEVER
        self.opened_on = dt.date.min
        self.consents: dict[str, Consent] = {}
        self.appointed_on: dt.date | None = None
        self.members: set[str] = set()
        self.tasks: set[str] = set()
        self.basket_items = 0
        self.suspensions = 0
        self.evaluated_on: dt.date | None = None
        self.effects_on: dt.date | None = None
        self.closed_on: dt.date | None = None

    # Guards (conditions=).

    def dates_in_order(self, event: EventData) -> bool:
        """The act is not earlier than the last one; the days it reports have happened by then
        (not before the case opened) and the days it plans are not in the past."""
        fields = event.kwargs
        at: dt.datetime = fields["at"]
        if at < self.last_at:
            return False
        today = at.date()
        for name in PAST_DAYS:
            day = fields.get(name)
            if day is not None and not self.opened_on <= day <= today:
                return False
        for name in FUTURE_DAYS:
            day = fields.get(name)
            if day is not None and day < today:
                return False
        return True

    def consent_in_force(self, event: EventData) -> bool:
        """A consent on record covers the day of the act."""
        today = event.kwargs["at"].date()
        return any(c.in_force(today) for c in self.consents.values())

    def consent_on_record(self, event: EventData) -> bool:
        """The consent to withdraw was given and is not withdrawn yet."""
        consent = self.consents.get(event.kwargs["consent_id"])
        return consent is not None and consent.withdrawn_on is None

    def new_member(self, event: EventData) -> bool:
        """The member is not in the team yet."""
        return event.kwargs["zzk_member_id"] not in self.members

    def consultation_meeting(self, event: EventData) -> bool:
        """The meeting is the consultation of the appointed team."""
        kind: str = event.kwargs["kind"]
        return kind == "consultation"

    def first_meeting(self, event: EventData) -> bool:
        """The meeting is the first one with the family."""
        kind: str = event.kwargs["kind"]
        return kind == "first"

    def follow_up_meeting(self, event: EventData) -> bool:
        """The meeting is a follow-up of the active team."""
        kind: str = event.kwargs["kind"]
        return kind == "follow_up"

    def task_in_plan(self, event: EventData) -> bool:
        """The basket item serves a task of the plan."""
        return event.kwargs["task_id"] in self.tasks

    def tasks_in_plan(self, event: EventData) -> bool:
        """Every monitored task is in the plan."""
        return all(entry["task_id"] in self.tasks for entry in event.kwargs["entries"])

    def evaluated(self, event: EventData) -> bool:
        """The end-of-work survey and the evaluation of the effects with the family are recorded
        (closure comes after both)."""
        return self.evaluated_on is not None and self.effects_on is not None

    def past_held_on(self, event: EventData) -> bool:
        """The evaluation with the family was held by the act, not before the appointment."""
        held_on: dt.date = event.kwargs["held_on"]
        appointed_on = self.appointed_on
        return appointed_on is not None and appointed_on <= held_on <= event.kwargs["at"].date()

    # Callbacks (after=, after_state_change=).

    def stamp(self, event: EventData) -> None:
        """Every executed trigger: remember its time for the next ``dates_in_order``."""
        self.last_at = event.kwargs["at"]

    def record_need(self, event: EventData) -> None:
        self.partnership_id = event.kwargs["partnership_id"]
        self.opened_on = event.kwargs["at"].date()

    def record_consent(self, event: EventData) -> None:
        fields = event.kwargs
        self.consents[fields["consent_id"]] = Consent(fields["at"].date(), fields["valid_until"])

    def record_withdrawal(self, event: EventData) -> None:
        self.consents[event.kwargs["consent_id"]].withdrawn_on = event.kwargs["at"].date()

    def record_appointment(self, event: EventData) -> None:
        self.appointed_on = event.kwargs["at"].date()

    def record_member(self, event: EventData) -> None:
        self.members.add(event.kwargs["zzk_member_id"])

    def record_plan(self, event: EventData) -> None:
        plan = event.kwargs.get("plan")
        if plan is not None:
            self.tasks = {task["task_id"] for task in plan["tasks"]}

    def record_basket_item(self, event: EventData) -> None:
        self.basket_items += 1

    def record_suspension(self, event: EventData) -> None:
        self.suspensions += 1

    def record_evaluation(self, event: EventData) -> None:
        self.evaluated_on = event.kwargs["at"].date()

    def record_effects(self, event: EventData) -> None:
        self.effects_on = event.kwargs["held_on"]

    def record_closure(self, event: EventData) -> None:
        self.closed_on = event.kwargs["at"].date()

    def row(self) -> dict[str, Any]:
        """The family's row of the registry table."""
        return {
            "zzk_id": self.zzk_id,
            "partnership_id": self.partnership_id,
            "stage": self.state,
            "appointed_on": self.appointed_on,
            "closed_on": self.closed_on,
            "suspensions": self.suspensions,
            "members": len(self.members),
        }


# One machine for every family. It is the transition table, built once; each Family carries its
# own stage in `state`, and a trigger runs as `MACHINE.events[name].trigger(family, **fields)`,
# the call a model's bound `family.<name>()` method is a partial of. `Machine.add_model` is not
# used, on purpose: it decorates each model with ~50 bound partials (a trigger, `may_` and `is_`
# method per event and state: ~0.2 ms per family, more than the family's 20 transitions cost)
# and keeps the models in a list it scans on every add, quadratic for 100,000 families
# (pytransitions issue #434). `auto_transitions=False`: no `to_<stage>` triggers, which would
# let any stage be set by hand; `send_event=True`: a guard gets the one EventData instead of
# the fields spread as keyword arguments; `ignore_invalid_triggers` stays off, so a trigger the
# stage does not allow raises `MachineError` (kooperacje refuses it too) — it costs nothing on
# the success path either way.
MACHINE = Machine(
    model=None,
    states=STAGES,
    transitions=TRANSITIONS,
    initial=INITIAL,
    auto_transitions=False,
    send_event=True,
    after_state_change="stamp",
)


class Registry:
    """The families of one municipality by ZZK id, driven through :data:`MACHINE`."""

    __slots__ = ("_events", "families")

    def __init__(self) -> None:
        self.families: dict[str, Family] = {}
        self._events: dict[str, Event] = MACHINE.events

    def handle(self, trigger: str, fields: dict[str, Any]) -> None:
        """Runs ``trigger`` on the family of ``fields["zzk_id"]`` (a new one for a need report).

        Raises:
            RefusedError: a guard refused it.
            transitions.MachineError: the family's stage does not allow it.
        """
        zzk_id = fields["zzk_id"]
        family = self.families.get(zzk_id)
        if family is None:
            family = Family(zzk_id)  # in INITIAL, from which only report_need leaves
        if not self._events[trigger].trigger(family, **fields):
            raise RefusedError(f"{trigger} refused for {zzk_id} in stage {family.state}")
        self.families[zzk_id] = family

    def table(self) -> pa.Table:
        """The registry: one row per ZZK."""
        rows = [family.row() for family in self.families.values()]
        return pa.Table.from_pylist(rows, schema=REGISTRY_SCHEMA)


def _parse_days(fields: dict[str, Any]) -> None:
    for name in PAST_DAYS + FUTURE_DAYS:
        value = fields.get(name)
        if value is not None:
            fields[name] = dt.date.fromisoformat(value)


def command_call(envelope: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A command dict of the core (``{"at", "actor", "command": {"type", …}}``) as the trigger
    to run and its fields, with ``at`` an aware datetime and the days parsed.
    Python 3.11+ reads the ``Z`` of the core's UTC times."""
    fields = dict(envelope["command"])
    trigger = fields.pop("type")
    fields["at"] = dt.datetime.fromisoformat(envelope["at"])
    _parse_days(fields)
    return trigger, fields


def replay_jsonl(path: str | os.PathLike[str]) -> Registry:
    """Replays a JSON-lines event log into per-family models, checking every event with the
    machine's guards.

    Raises:
        RefusedError, transitions.MachineError: an event cannot follow its family's history.
        ValueError: a ZZK event the lifecycle does not know.
    """
    registry = Registry()
    handle = registry.handle
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            envelope = json.loads(line)
            fields = envelope["event"]
            trigger = EVENT_TRIGGERS.get(fields["type"])
            if trigger is None:
                if "zzk_id" in fields and fields["type"] not in PZK_EVENTS_OF_A_ZZK:
                    raise ValueError(f"a ZZK event outside the lifecycle: {fields['type']}")
                continue  # the PZK's own stream
            fields["at"] = dt.datetime.fromisoformat(envelope["at"])
            _parse_days(fields)
            handle(trigger, fields)
    return registry
