"""kooperacje — the Polish "Kooperacje 3D" model of multi-agency social support, for Python.

The rules are the Rust core's, compiled in: a municipal social assistance centre (OPS) forms a
partnership of local institutions (**PZK**, partnerski zespół kooperacyjny) keeping a local
basket of services (lokalny koszyk usług); around each consenting family a task team (**ZZK**,
zadaniowy zespół kooperacyjny) works to an individual plan.

- :class:`Model`: the state with a method per command; :class:`Partnership` and :class:`Zzk`
  are live views with the commands of one PZK or ZZK.
- :mod:`kooperacje.enums`: the model's enums with Polish and English labels;
  :func:`label` gives the label of a code as text, as in every language.
- :mod:`kooperacje.records`: typed snapshots of the state and reports.
- :mod:`kooperacje.errors`: :class:`KooperacjeError` and its subclasses, each with the core's
  stable ``code`` and a Polish message.
- :meth:`Model.read`: who may see what (a view per role, with an access record for the audit
  log); :meth:`Model.consent_receipt`: a consent receipt for the family; :func:`pseudonym`:
  the keyed pseudonyms analysts see.
- :mod:`kooperacje.basket`: the local basket as the sheet OPS staff keep (Excel, CSV, JSON) and as
  HSDS 3.0; importing an edited sheet, with its row-by-row report.
- :mod:`kooperacje.tables`: columnar tables for analysts (Arrow PyCapsule interface: pyarrow,
  polars, pandas, DuckDB).
"""

from __future__ import annotations

from . import basket, enums, errors, records
from ._native import SCHEMA_VERSION, Event, __version__, label, pseudonym
from .errors import (
    ConflictError,
    ConsentError,
    DecodeError,
    ForbiddenError,
    InternalError,
    KooperacjeError,
    NotFoundError,
    RuleError,
    StageError,
    StoreError,
    ValidationError,
)
from .model import Model, Partnership, Zzk

__all__ = [
    "SCHEMA_VERSION",
    "ConflictError",
    "ConsentError",
    "DecodeError",
    "Event",
    "ForbiddenError",
    "InternalError",
    "KooperacjeError",
    "Model",
    "NotFoundError",
    "Partnership",
    "RuleError",
    "StageError",
    "StoreError",
    "ValidationError",
    "Zzk",
    "__version__",
    "basket",
    "catalogue",
    "enums",
    "errors",
    "label",
    "pseudonym",
    "records",
]


def catalogue() -> dict[str, object]:
    """The core's catalogue: every enum with its codes and Polish/English labels, and every error
    code with its area and kind — for translation tables and drop-down lists."""
    from . import _schema

    return dict(_schema.catalogue())
