"""Loading a database only reads it: never creates, migrates or writes the file, and an empty
file is reported as empty (``STORE_EMPTY``), not loaded as an intact empty log."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import kooperacje
import kooperacje.tables as kt
import pytest

# PRAGMA application_id of a kooperacje database: "KOOP" in ASCII.
KOOP = int.from_bytes(b"KOOP", "big")


def test_loading_an_empty_file_raises_store_empty_and_leaves_it_empty(tmp_path: Path) -> None:
    db = tmp_path / "kooperacje.db"
    db.write_bytes(b"")
    with pytest.raises(kooperacje.StoreError) as err:
        kooperacje.Model.load(db)
    assert err.value.code == "STORE_EMPTY"
    assert "pusty" in err.value.message_pl
    assert db.stat().st_size == 0
    with pytest.raises(kooperacje.StoreError) as err:
        kt.load(db, as_of=dt.date(2026, 12, 31))
    assert err.value.code == "STORE_EMPTY"
    assert err.value.source == str(db)
    assert db.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kooperacje.db"]


def test_loading_a_missing_file_never_creates_it(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    with pytest.raises(kooperacje.StoreError) as err:
        kooperacje.Model.load(db)
    assert err.value.code == "STORE_MISSING"
    assert not db.exists()
    with pytest.raises(kooperacje.StoreError):
        kt.load(db, as_of=dt.date(2026, 12, 31))
    assert not db.exists()


def test_loading_an_older_database_does_not_migrate_it(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as c:
        c.executescript(
            "CREATE TABLE events (seq INTEGER PRIMARY KEY, stream TEXT NOT NULL,"
            " version INTEGER NOT NULL, at TEXT NOT NULL, type TEXT NOT NULL,"
            " body TEXT NOT NULL, hash BLOB NOT NULL, UNIQUE (stream, version)) STRICT;"
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
            f"PRAGMA application_id = {KOOP}; PRAGMA user_version = 1;"
        )
    c.close()
    before = db.read_bytes()
    with pytest.raises(kooperacje.StoreError) as err:
        kooperacje.Model.load(db)
    assert err.value.code == "STORE_NEEDS_UPGRADE"
    assert "kooperacje init" in err.value.message
    assert db.read_bytes() == before
