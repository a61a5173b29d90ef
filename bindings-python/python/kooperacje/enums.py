"""The model's enums (wyliczenia) as Python enums, with their Polish and English labels.

Every user-facing enum of the core becomes a :class:`LabelledEnum` here: a ``str`` enum whose
value is the core's stable code, so ``ZzkStage.SUSPENDED == "suspended"`` and the members can be
passed wherever a code is expected. The classes are built at import time from the core's
catalogue, so no label is copied into Python; ``enums.pyi`` lists them for type checkers.

>>> from kooperacje.enums import ZzkStage
>>> ZzkStage.SUSPENDED.label_pl
'Zawieszony'
"""

from __future__ import annotations

import enum
from typing import Any, Literal

from . import _schema

__all__ = ["LabelledEnum"]


class LabelledEnum(str, enum.Enum):
    """Base of the model's enums: the value is the stable code; labels come from the core."""

    _label_table: Any

    @property
    def code(self) -> str:
        """The stable code used in JSON (the same as the value)."""
        return str(self.value)

    @property
    def label_pl(self) -> str:
        """Polish label, shown to social workers (e.g. ``"Zawieszony"``)."""
        return str(type(self)._label_table[self.value][0])

    @property
    def label_en(self) -> str:
        """English label (e.g. ``"Suspended"``)."""
        return str(type(self)._label_table[self.value][1])

    def label(self, lang: str = "pl") -> str:
        """The label in ``"pl"`` or ``"en"``."""
        return self.label_pl if lang == "pl" else self.label_en

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def labels(cls, lang: str = "pl") -> dict[str, str]:
        """Every code with its label, in declaration order: for drop-down lists and headings."""
        return {m.value: m.label(lang) for m in cls}


def _build() -> dict[str, type[LabelledEnum]]:
    built: dict[str, type[LabelledEnum]] = {}
    for name, values in _schema.catalogue()["enums"].items():
        members = [(v["code"].upper(), v["code"]) for v in values]
        cls = LabelledEnum(name, members, module=__name__, qualname=name)  # type: ignore[misc]
        cls._label_table = {v["code"]: (v["pl"], v["en"]) for v in values}
        description = _schema.describe(_schema.definitions().get(name, {}))
        cls.__doc__ = description or f"{name} (enum of the model)."
        built[name] = cls
    return built


ENUMS: dict[str, type[LabelledEnum]] = _build()
"""Every enum class by name."""

globals().update(ENUMS)
# `ZzkStageCode` and so on: the codes as a Literal type, for annotations that accept a code.
globals().update({f"{n}Code": Literal[tuple(m.value for m in c)] for n, c in ENUMS.items()})  # type: ignore[misc]
__all__ += sorted(ENUMS)
