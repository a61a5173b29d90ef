"""The Python API: typed commands, views, records, enums, events and errors."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import zoneinfo
from typing import Any, cast

import kooperacje
import pytest
from conftest import fixture_commands
from kooperacje import enums, records
from test_panics import arm as arm_panic

UTC = dt.timezone.utc


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def model_with(fixture: str) -> kooperacje.Model:
    model = kooperacje.Model()
    for command in fixture_commands(fixture):
        model.execute(command)
    return model


def test_a_partnership_is_registered_with_keyword_arguments() -> None:
    m = kooperacje.Model()
    events = m.register_partnership(
        at=at("2026-01-05"),
        actor="ops-head",
        partnership_id="pzk-1",
        name="PZK Miasto",
        coverage="cała gmina",
        ops_member_id="ops",
        ops_profile={
            "name": "MOPS",
            "areas": [enums.Area.SOCIAL_ASSISTANCE],
            "ministry": "family_social_policy",
            "sector": enums.Sector.PUBLIC,
            "level": "gmina",
        },
    )
    assert [e.type for e in events] == ["partnership_registered"]
    event = events[0]
    assert event.at == dt.datetime(2026, 1, 5, 9, tzinfo=UTC)
    assert event.actor == "ops-head"
    assert event.stream_kind == "partnership" and event.stream_id == "pzk-1"
    assert event.body["ops_profile"]["sector"] == "public"
    assert event.to_dict()["event"] == event.body
    assert event.to_dict()["schema"] == kooperacje.SCHEMA_VERSION
    assert kooperacje.Event(event.to_json()) == event
    assert kooperacje.Event(event.to_dict()) == event
    assert m.events == events
    pzk = m.partnership("pzk-1")
    assert pzk.stage is enums.PzkStage.AWAITING_AUTHORISATION
    assert pzk.name == "PZK Miasto"
    # A time in another zone is the same instant, stored in UTC.
    warsaw = dt.timezone(dt.timedelta(hours=1))
    authorised = pzk.record_mayor_authorisation(
        at=dt.datetime(2026, 1, 7, 11, tzinfo=warsaw),
        actor="ops-head",
        authorised_on=dt.date(2026, 1, 7),
    )
    assert authorised[0].at == dt.datetime(2026, 1, 7, 10, tzinfo=UTC)
    # A zone with summer time: Warsaw is UTC+2 in June, and the instant is kept exactly.
    warsaw_dst = zoneinfo.ZoneInfo("Europe/Warsaw")
    readiness = pzk.record_readiness(
        at=dt.datetime(2026, 6, 1, 11, 30, 15, 250, tzinfo=warsaw_dst),
        actor="ops-head",
        condition="ozps_review",
        met=True,
    )
    assert readiness[0].at == dt.datetime(2026, 6, 1, 9, 30, 15, 250, tzinfo=UTC)
    assert authorised[0].body["authorised_on"] == "2026-01-07"
    stage_now = m.partnership("pzk-1").stage
    assert stage_now is enums.PzkStage.INITIATION


def test_the_registry_on_a_date_shows_a_lapse_of_consent_as_a_suspension() -> None:
    m = model_with("active_zzk")
    [entry] = m.registry("pzk-1")
    assert (entry.suspension_ground, entry.suspended_since, entry.days_suspended) == (None, None, 0)
    zzk = m.zzk("zzk-kowalscy")
    at = dt.datetime(2026, 5, 4, 9, tzinfo=UTC)
    zzk.give_consent(
        at=at,
        actor="sw-ewa",
        consent_id="cons-kow-short",
        given_by="jan-k",
        capacity="adult_family_member",
        form="written",
        scope={"zzk_work": True, "share_with": ["school"]},
        valid_until=dt.date(2026, 5, 31),
    )
    zzk.withdraw_consent(
        at=at, actor="sw-ewa", consent_id="cons-kow-1", review_on=dt.date(2026, 5, 20)
    )
    assert zzk.stage is enums.ZzkStage.ACTIVE
    [on_last_day] = m.partnership("pzk-1").registry(dt.date(2026, 5, 31))
    assert on_last_day.stage is enums.ZzkStage.ACTIVE
    [after] = m.registry("pzk-1", as_of=dt.date(2026, 6, 10))
    assert after.stage is enums.ZzkStage.SUSPENDED
    assert after.suspension_ground is enums.SuspensionGround.CONSENT_WITHDRAWN
    assert after.suspended_since == dt.date(2026, 6, 1)
    assert after.days_suspended == 9
    # Nothing is recorded until a command comes; the first one accepted records the lapse first.
    assert zzk.stage is enums.ZzkStage.ACTIVE
    events = zzk.give_consent(
        at=dt.datetime(2026, 6, 10, 9, tzinfo=UTC),
        actor="sw-ewa",
        consent_id="cons-kow-renewed",
        given_by="jan-k",
        capacity="adult_family_member",
        form="written",
        scope={"zzk_work": True, "share_with": ["school"]},
    )
    assert [e.type for e in events] == ["consent_lapsed", "consent_given"]
    assert m.zzk("zzk-kowalscy").stage is enums.ZzkStage.SUSPENDED
    with pytest.raises(kooperacje.DecodeError) as bad:
        m.registry("pzk-1", as_of="10.06.2026")  # type: ignore[arg-type]
    assert bad.value.code == "MALFORMED_JSON"


def test_enums_carry_codes_and_both_labels_from_the_core() -> None:
    catalogue = kooperacje.catalogue()["enums"]
    assert isinstance(catalogue, dict)
    assert set(enums.ENUMS) == set(catalogue)
    for name, values in catalogue.items():
        cls = enums.ENUMS[name]
        assert [m.value for m in cls] == [v["code"] for v in values]
        assert [m.label_pl for m in cls] == [v["pl"] for v in values]
        assert [m.label_en for m in cls] == [v["en"] for v in values]
    assert enums.ZzkStage.SUSPENDED.value == "suspended" == str(enums.ZzkStage.SUSPENDED)
    assert isinstance(enums.ZzkStage.SUSPENDED, str)
    assert enums.ZzkStage("suspended") is enums.ZzkStage.SUSPENDED
    assert enums.ZzkStage.SUSPENDED.label("pl") != enums.ZzkStage.SUSPENDED.label("en")
    assert list(enums.Sector.labels("en").values()) == [v["en"] for v in catalogue["Sector"]]


def test_views_records_and_reports_are_typed() -> None:
    m = model_with("active_zzk")
    zzk = m.zzk("zzk-kowalscy")
    assert zzk.stage is enums.ZzkStage.ACTIVE
    assert zzk.partnership_id == "pzk-1"
    snap = zzk.snapshot()
    assert isinstance(snap, records.Zzk)
    assert snap.stage is enums.ZzkStage.ACTIVE
    assert isinstance(snap.last_at, dt.datetime) and snap.last_at.tzinfo is not None
    assert snap.appointment is not None and snap.appointment.registry_number == 1
    consent = snap.consents["cons-kow-1"]
    assert isinstance(consent, records.Consent)
    assert snap.plan is not None and set(snap.plan.tasks) == {"t-tutoring", "t-clinic"}
    task = snap.plan.tasks["t-clinic"]
    assert isinstance(task.deadline, dt.date) and isinstance(task.status, enums.TaskStatus)
    assert snap.to_dict() == json.loads(m.to_json())["zzks"]["zzk-kowalscy"]
    with pytest.raises(AttributeError):
        snap.stage = enums.ZzkStage.CLOSED

    [entry] = m.registry("pzk-1")
    assert isinstance(entry, records.RegistryEntry)
    assert (entry.number, entry.zzk_id, entry.stage) == (1, "zzk-kowalscy", enums.ZzkStage.ACTIVE)
    assert entry.appointed_on == snap.appointment.appointed_on

    pzk = m.partnership("pzk-1")
    assert pzk.stage is enums.PzkStage.OPERATING
    services = pzk.services
    assert set(services) == {"svc-pedagog", "svc-nurse", "svc-crisis", "svc-legal", "svc-parents"}
    assert enums.Area.HEALTH in services["svc-nurse"].areas
    assert isinstance(services["svc-nurse"].status, enums.ServiceStatus)
    assert [z.id for z in pzk.zzks()] == ["zzk-kowalscy"]
    indicators = pzk.indicators(dt.date(2026, 5, 1))
    assert indicators.zzks_appointed == 1
    assert indicators.stage is enums.PzkStage.OPERATING

    # The plan's clinic task is due before the end of the year: it is overdue then, not before.
    late = dt.date(2026, 12, 31)
    overdue = m.overdue(late)
    assert any(o.subject == "t-clinic" for o in overdue)
    assert all(isinstance(o, records.OverdueItem) for o in overdue)
    assert not any(o.subject == "t-clinic" for o in m.overdue(dt.date(2026, 4, 23)))
    assert m.monitoring("pzk-1", "2026-05") == []
    zzk.record_monitoring(
        at=at("2026-06-01"),
        actor="coord-anna",
        period="2026-05",
        source=enums.MonitoringSource.PARTNER_INFORMATION,
        entries=[{"task_id": "t-clinic", "status": enums.TaskStatus.DONE, "info": None}],
    )
    [row] = m.monitoring("pzk-1", "2026-05")
    assert (row.zzk_id, row.source, row.deadline) == (
        "zzk-kowalscy",
        enums.MonitoringSource.PARTNER_INFORMATION,
        task.deadline,
    )
    assert zzk.snapshot().plan.tasks["t-clinic"].status is enums.TaskStatus.DONE  # type: ignore[union-attr]


def test_zzk_commands_fill_in_the_zzk_and_refusals_change_nothing() -> None:
    m = model_with("active_zzk")
    zzk = m.zzk("zzk-kowalscy")
    before = m.to_json()
    with pytest.raises(kooperacje.ValidationError) as err:
        zzk.suspend_zzk(
            at=at("2026-05-04"), actor="sw-ewa", ground="crisis", review_on=dt.date(2026, 5, 1)
        )
    assert err.value.code == "DATE_OUT_OF_ORDER"
    assert err.value.kind == "invalid" and err.value.area == "validation"
    assert err.value.message_pl and err.value.message_pl != str(err.value)
    assert m.to_json() == before
    events = zzk.suspend_zzk(
        at=at("2026-05-04"),
        actor="sw-ewa",
        ground=enums.SuspensionGround.CRISIS,
        review_on=dt.date(2026, 5, 18),
    )
    assert [e.type for e in events] == ["zzk_suspended"]
    assert zzk.stage is enums.ZzkStage.SUSPENDED
    with pytest.raises(kooperacje.StageError) as stage:
        zzk.suspend_zzk(
            at=at("2026-05-05"), actor="sw-ewa", ground="crisis", review_on=dt.date(2026, 5, 18)
        )
    assert stage.value.code == "ZZK_SUSPENDED"
    zzk.resume_zzk(at=at("2026-05-10"), actor="sw-ewa", ground=enums.ReturnGround.CAUSE_ENDED)
    resumed = m.zzk("zzk-kowalscy").stage
    assert resumed is enums.ZzkStage.ACTIVE
    assert m.event_count == len(m.events)


@pytest.mark.parametrize(
    ("call", "cls", "code"),
    [
        (lambda m: m.zzk("nope"), kooperacje.NotFoundError, "ZZK_NOT_FOUND"),
        (lambda m: m.partnership("nope"), kooperacje.NotFoundError, "PARTNERSHIP_NOT_FOUND"),
        (
            lambda m: m.indicators("nope", dt.date(2026, 1, 1)),
            kooperacje.NotFoundError,
            "PARTNERSHIP_NOT_FOUND",
        ),
        (
            lambda m: m.resume_zzk(
                at=at("2026-05-01"), actor="sw-ewa", zzk_id="zzk-kowalscy", ground="cause_ended"
            ),
            kooperacje.StageError,
            "NOT_SUSPENDED",
        ),
        (
            lambda m: m.resume_zzk(
                at=at("2026-05-01"), actor="sw-tomasz", zzk_id="zzk-kowalscy", ground="cause_ended"
            ),
            kooperacje.ForbiddenError,
            "ACTOR_NOT_PERMITTED",
        ),
        (
            lambda m: m.withdraw_consent(
                at=at("2026-05-01"),
                actor="sw-ewa",
                zzk_id="zzk-kowalscy",
                consent_id="x",
                review_on=dt.date(2026, 6, 1),
            ),
            kooperacje.NotFoundError,
            "CONSENT_NOT_FOUND",
        ),
        # Wrong value types, unknown fields and naive datetimes are decoding errors.
        (
            lambda m: m.suspend_zzk(
                at=at("2026-05-04"),
                actor="sw",
                zzk_id="zzk-kowalscy",
                ground=7,
                review_on=dt.date(2026, 6, 1),
            ),
            kooperacje.DecodeError,
            "MALFORMED_JSON",
        ),
        (
            lambda m: m.suspend_zzk(
                at=dt.datetime(2026, 5, 4, 9),
                actor="sw",
                zzk_id="zzk-kowalscy",
                ground="crisis",
                review_on=dt.date(2026, 6, 1),
            ),
            kooperacje.DecodeError,
            "MALFORMED_JSON",
        ),
        (
            lambda m: m.execute(
                {"at": "2026-05-04T09:00:00Z", "actor": "sw", "command": {"type": "fly"}}
            ),
            kooperacje.DecodeError,
            "MALFORMED_JSON",
        ),
        (lambda m: m.execute("{not json"), kooperacje.DecodeError, "MALFORMED_JSON"),
        (lambda m: m.execute(object()), kooperacje.DecodeError, "MALFORMED_JSON"),
        # A bad report month is the core's BAD_PERIOD, as in a command and in every language.
        (lambda m: m.monitoring("pzk-1", "May"), kooperacje.ValidationError, "BAD_PERIOD"),
        (lambda m: m.monitoring("pzk-1", "2026-13"), kooperacje.ValidationError, "BAD_PERIOD"),
        # Every report of an unknown PZK raises, as indicators() always did.
        (lambda m: m.registry("pzk-nikt"), kooperacje.NotFoundError, "PARTNERSHIP_NOT_FOUND"),
        (
            lambda m: m.monitoring("pzk-nikt", "2026-05"),
            kooperacje.NotFoundError,
            "PARTNERSHIP_NOT_FOUND",
        ),
        (
            lambda m: m.search_basket("pzk-nikt"),
            kooperacje.NotFoundError,
            "PARTNERSHIP_NOT_FOUND",
        ),
        (
            lambda m: m.search_basket("pzk-1", {"colour": "red"}),
            kooperacje.DecodeError,
            "MALFORMED_JSON",
        ),
        (lambda m: kooperacje.label("ZzkStage", "nope"), kooperacje.DecodeError, "MALFORMED_JSON"),
        (lambda m: m.overdue("yesterday"), kooperacje.DecodeError, "MALFORMED_JSON"),
        (lambda m: m.apply([{"schema": 99}]), kooperacje.DecodeError, "MALFORMED_JSON"),
        (
            lambda m: kooperacje.Model.load("/nonexistent/kooperacje.db"),
            kooperacje.StoreError,
            "STORE_MISSING",
        ),
        (
            # A panic (the test build's trigger, armed, fires in the next call's guard).
            lambda m: (arm_panic(), m.zzk("zzk-kowalscy")),
            kooperacje.InternalError,
            "INTERNAL_ERROR",
        ),
    ],
)
def test_every_error_is_a_kooperacje_error_with_its_code(call: Any, cls: type, code: str) -> None:
    m = model_with("active_zzk")
    before = m.to_json()
    with pytest.raises(kooperacje.KooperacjeError) as err:
        call(m)
    assert type(err.value) is cls, type(err.value)
    assert err.value.code == code
    assert err.value.message and err.value.message_pl
    assert m.to_json() == before
    assert pickle.loads(pickle.dumps(err.value)).code == code


def test_a_self_containing_list_is_refused_not_recursed_forever() -> None:
    m = kooperacje.Model()
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(kooperacje.DecodeError):
        m.execute({"at": "2026-01-05T09:00:00Z", "actor": "x", "command": loop})


def test_events_replay_to_the_same_state_in_every_form() -> None:
    m = model_with("active_zzk")
    as_objects = kooperacje.Model.from_events(m.events)
    as_dicts = kooperacje.Model.from_events([e.to_dict() for e in m.events])
    as_json = kooperacje.Model.from_events([e.to_json() for e in m.events])
    assert m.to_json() == as_objects.to_json() == as_dicts.to_json() == as_json.to_json()
    assert as_json.to_dict() == json.loads(m.to_json())


def test_a_log_that_cannot_be_admitted_changes_nothing_and_says_where() -> None:
    m = model_with("active_zzk")
    events = [e.to_dict() for e in m.events]
    fresh = kooperacje.Model()
    # The ZZK's events without the PZK that it belongs to.
    zzk_only = [e for e in events if "zzk_id" in e["event"]]
    with pytest.raises(kooperacje.KooperacjeError) as err:
        fresh.apply(zzk_only)
    assert err.value.index == 0
    assert fresh.to_json() == kooperacje.Model().to_json()
    assert fresh.event_count == 0
    # An event out of time order in the middle: nothing of the batch is applied.
    late = dict(events[-1])
    late["at"] = "2026-01-01T00:00:00Z"
    with pytest.raises(kooperacje.ConflictError) as err2:
        fresh.apply([*events, late])
    assert err2.value.code == "TIME_OUT_OF_ORDER" and err2.value.index == len(events)
    assert fresh.event_count == 0 and fresh.partnership_ids() == []


def test_keep_events_false_keeps_only_the_state() -> None:
    m = model_with("active_zzk")
    light = kooperacje.Model.from_events(m.events, keep_events=False)
    assert light.events == [] and light.event_count == 0
    assert light.to_json() == m.to_json()


def test_every_command_has_a_method_with_a_docstring() -> None:
    from kooperacje import _schema

    for node in _schema.commands():
        kind = _schema.command_type(node)
        method = getattr(kooperacje.Model, kind)
        assert method.__doc__ and "Args:" in method.__doc__, kind
    zzk_methods = {n for n in dir(kooperacje.Zzk) if not n.startswith("_")}
    assert {"suspend_zzk", "resume_zzk", "withdraw_consent", "add_task"} <= zzk_methods
    assert "register_partnership" not in zzk_methods
    assert "add_service" in dir(kooperacje.Partnership)


def _args(doc: str | None) -> dict[str, str]:
    """The ``Args:`` section of a command method's docstring, as ``{name: description}``."""
    assert doc is not None
    section = doc.split("Args:\n", 1)[1].split("\n\n", 1)[0]
    found = {}
    for line in section.splitlines():
        name, _, text = line.strip().partition(":")
        found[name] = text.strip()
    return found


def test_every_command_field_is_described_by_its_own_description() -> None:
    # A field's name alone says little: `title` is a goal's in add_goal and a task's in add_task,
    # `reason`, `status`, `kind`, `area`, `member_id`... mean something else in each command. So
    # each field's argument says what the command schema says of that very field (its doc comment
    # in Rust), never what another struct says of a field of the same name.
    from kooperacje import _schema

    assert _args(kooperacje.Model.add_task.__doc__)["title"] == "The task (zadanie)."
    assert _args(kooperacje.Zzk.add_goal.__doc__)["title"] == "The specific goal (cel szczegółowy)."
    checked = 0
    for node in _schema.commands():
        kind = _schema.command_type(node)
        for cls, bound in (
            (kooperacje.Model, None),
            (kooperacje.Partnership, "partnership_id"),
            (kooperacje.Zzk, "zzk_id"),
        ):
            method = getattr(cls, kind, None)
            if method is None:
                continue
            args = _args(method.__doc__)
            for name, prop, required in _schema.command_fields(node):
                if name == bound:
                    assert name not in args, (cls, kind)
                    continue
                own = " ".join(prop["description"].split())
                assert own, (kind, name)
                optional = "" if required else " Optional."
                assert args[name] == own + optional, (cls, kind, name)
                checked += 1
    assert checked > 200


def test_a_field_without_a_description_borrows_none() -> None:
    from kooperacje.commands import docstring

    node = {
        "properties": {"type": {"const": "add_thing"}, "title": {"type": "string"}},
        "required": ["type", "title"],
    }
    assert _args(docstring(node, None))["title"] == ""


def test_from_jsonl_takes_text_all_or_none_naming_the_line() -> None:
    source = model_with("active_zzk")
    text = "".join(e.to_json() + "\n" for e in source.events)
    copy = kooperacje.Model.from_jsonl("\n" + text.replace("\n", "\n  \n"))
    assert copy.to_json() == source.to_json()
    assert copy.events == source.events
    assert kooperacje.Model.from_jsonl(text, keep_events=False).event_count == 0

    lines = text.splitlines()
    broken = "\n".join([lines[0], "", '{"at": 1}', lines[1]])
    with pytest.raises(kooperacje.DecodeError) as err:
        kooperacje.Model.from_jsonl(broken)
    assert (err.value.code, err.value.index, err.value.line) == ("MALFORMED_JSON", 1, 3)

    model = kooperacje.Model.from_jsonl(lines[0])
    with pytest.raises(kooperacje.KooperacjeError) as refused:
        model._apply_jsonl("\n".join([lines[1], lines[0]]))
    assert (refused.value.index, refused.value.line) == (1, 2)
    assert model.event_count == 1


def test_search_basket_gives_each_service_with_its_id() -> None:
    m = model_with("active_zzk")
    everything = m.search_basket("pzk-1", {"include_inactive": True})
    services = m.partnership("pzk-1").services
    assert [h.service_id for h in everything] == sorted(services)
    for hit in everything:
        assert isinstance(hit, records.BasketHit)
        assert isinstance(hit.service, records.Service)
        assert hit.service == services[hit.service_id]
    # Text ignores case and Polish diacritics.
    found = [h.service_id for h in m.search_basket("pzk-1", {"text": "PIELEGNIARKI"})]
    assert "svc-nurse" in found and "svc-legal" not in found
    assert m.search_basket("pzk-1", {"text": "żadnatakausługa"}) == []
    assert {h.service_id for h in m.search_basket("pzk-1")} <= set(services)


def test_labels_are_read_as_in_every_language() -> None:
    assert kooperacje.label("ZzkStage", "suspended") == "Zawieszony"
    assert kooperacje.label("ZzkStage", "suspended", "en") == "Suspended"
    assert kooperacje.label("ZzkStage", "active", "pl") == enums.ZzkStage.ACTIVE.label_pl
    with pytest.raises(kooperacje.DecodeError):
        kooperacje.label("ZzkStage", "suspended", "de")


def test_every_kind_of_the_core_has_its_class_and_every_code_its_kind() -> None:
    from kooperacje import _native, errors

    kinds = {kind for kind, _ in _native.ERROR_KINDS}
    assert set(errors.BY_KIND) == kinds
    for kind, name in _native.ERROR_KINDS:
        cls = errors.BY_KIND[kind]
        assert cls.__name__ == name and issubclass(cls, kooperacje.KooperacjeError)
    assert len(set(errors.BY_KIND.values())) == len(kinds)
    listed = cast("list[dict[str, str]]", kooperacje.catalogue()["errors"])
    assert {e["kind"] for e in listed} == kinds
    by_code = {e["code"]: e for e in listed}
    assert len(by_code) == len(listed)
    assert by_code["STORE_MISSING"] == {"code": "STORE_MISSING", "area": "store", "kind": "store"}
    assert by_code["ZZK_NOT_FOUND"]["kind"] == "not_found"
    # The basket sheet's codes (kooperacje.basket), each once, with their own area and kind.
    assert by_code["BAD_DATE"] == {"code": "BAD_DATE", "area": "basket", "kind": "invalid"}
    assert by_code["INVALID_ROWS"]["area"] == "basket"
