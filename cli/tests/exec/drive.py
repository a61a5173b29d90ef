"""Drives `kooperacje exec` as a host without the library would: through two pipes, one command
at a time, reading each answer before writing the next command (standard library only).

    python3 drive.py KOOPERACJE REPO DIR

Loads the quick start's PZK into a new database in DIR, then sends the quick start's ZZK commands
with three bad lines among them (not JSON; JSON that is not a command; a command the rules
refuse). Exits non-zero, naming what failed, when an answer is not what the rules say, does not
come before the next command is sent, or the database lacks what was accepted.
"""

import json
import pathlib
import subprocess
import sys
import threading

exe, repo, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
db = str(work / "drive.db")


def fail(what: str) -> None:
    print(f"drive.py: {what}", file=sys.stderr)
    sys.exit(1)


def kooperacje(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([exe, "--db", db, *args], capture_output=True, text=True)


def stored_events() -> list:
    exported = kooperacje("events", "export", "--format", "jsonl")
    if exported.returncode != 0:
        fail(f"events export: {exported.stderr}")
    return [json.loads(line) for line in exported.stdout.splitlines() if line.strip()]


pzk = repo / "tests/quickstart/pzk.jsonl"
if kooperacje("init").returncode != 0:
    fail("init")
imported = kooperacje("events", "import", str(pzk))
if imported.returncode != 0:
    fail(f"events import: {imported.stderr}")
before = stored_events()
if len(before) != len([l for l in pzk.read_text(encoding="utf-8").splitlines() if l.strip()]):
    fail(f"the PZK's log was not imported whole: {len(before)} events")

commands = (repo / "tests/quickstart/zzk.jsonl").read_text(encoding="utf-8").splitlines()
# The third command again, after the fifth: its time is before the ZZK's latest event by then.
late = commands[2]
lines = (commands[:3] + ["to nie jest polecenie", '{"at": 1}'] + commands[3:5] + [late]
         + commands[5:])
bad = {4: "MALFORMED_JSON", 5: "MALFORMED_JSON", 8: "TIME_OUT_OF_ORDER"}

host = subprocess.Popen([exe, "--db", db, "exec"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        text=True, encoding="utf-8", bufsize=1)
# An answer that does not come (one held back until the input ends, say) is a failure, not a hang.
watchdog = threading.Timer(60, host.kill)
watchdog.start()
answers = []
try:
    for n, line in enumerate(lines, start=1):
        host.stdin.write(line + "\n")
        host.stdin.flush()
        reply = host.stdout.readline()  # waits for this command's answer; stdin is still open
        if not reply:
            fail(f"no answer to line {n} while the input was still open")
        answer = json.loads(reply)
        if answer.get("line") != n:
            fail(f"the answer to line {n} names line {answer.get('line')}: {reply}")
        answers.append(answer)
    host.stdin.close()
    if host.stdout.read():
        fail("more answers than lines")
    code = host.wait(timeout=60)
finally:
    watchdog.cancel()
if code != 1:
    fail(f"exit code {code}, not 1 (commands were refused)")

refused = {a["line"]: a for a in answers if not a["ok"]}
if sorted(refused) != sorted(bad):
    fail(f"refused lines {sorted(refused)}, not {sorted(bad)}")
for n, code in bad.items():
    error = refused[n]["error"]
    if error["code"] != code:
        fail(f"line {n}: {code} expected: {error}")
    if error["kind"] != ("decode" if code == "MALFORMED_JSON" else "conflict"):
        fail(f"line {n}: kind {error['kind']}")
    if refused[n].get("exit_code") != 1:
        fail(f"line {n}: exit code {refused[n].get('exit_code')}")
    # Polish: not the English text, and in Polish words (diacritics, or the decoder's "Niepoprawny").
    pl, en = error["message_pl"], error["message"]
    polish = bool(set(pl) & set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")) or pl.startswith("Niepoprawny")
    if not pl or pl == en or not polish:
        fail(f"line {n}: no Polish message: {error}")

# Every accepted command's events are in the database after what was there, in order, exactly as
# answered; nothing of the refused lines. The commands on either side of the bad lines (3 and 6,
# 7 and 9) were accepted and stored.
for n in (3, 6, 7, 9):
    if not answers[n - 1]["ok"] or not answers[n - 1]["events"]:
        fail(f"line {n} beside a bad line was not accepted: {answers[n - 1]}")
accepted = [e for a in answers if a["ok"] for e in a["events"]]
stored = stored_events()
if stored[:len(before)] != before or stored[len(before):] != accepted:
    fail(f"the database holds {len(stored)} events, not {len(before)} and the {len(accepted)} "
         "answered")
# The stored ZZK is where the quick start leaves it: what the last command did shows in the registry.
registry = json.loads(kooperacje("--json", "registry", "--as-of", "2026-12-31").stdout)
if "zzk-2026-0021" not in json.dumps(registry):
    fail(f"the ZZK is not in the registry: {registry}")
print(f"drive.py: {len(lines)} lines, {len(accepted)} events stored, {len(bad)} refused")
