"""Drives `kooperacje exec` as a host without the library would: through two pipes, one command
at a time, reading each answer before writing the next command.

    python3 drive.py KOOPERACJE REPO DIR

Loads the quick start's PZK into a new database in DIR, then sends the quick start's ZZK commands
with two bad lines among them (not a command; a command the rules refuse). Exits non-zero, naming
what failed, when an answer is not what the rules say or the database lacks what was accepted.
"""

import json
import pathlib
import subprocess
import sys

exe, repo, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
db = str(work / "drive.db")


def fail(what: str) -> None:
    print(f"drive.py: {what}", file=sys.stderr)
    sys.exit(1)


def kooperacje(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([exe, "--db", db, *args], input=stdin, capture_output=True, text=True)


kooperacje("init")
imported = kooperacje("events", "import", str(repo / "tests/quickstart/pzk.jsonl"))
if imported.returncode != 0:
    fail(f"events import: {imported.stderr}")

commands = (repo / "tests/quickstart/zzk.jsonl").read_text(encoding="utf-8").splitlines()
# The third command again: its day is before the ZZK's latest event by then.
late = commands[2]
lines = commands[:3] + ["to nie jest polecenie"] + commands[3:5] + [late] + commands[5:]

host = subprocess.Popen([exe, "--db", db, "exec"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        text=True, encoding="utf-8", bufsize=1)
answers = []
for n, line in enumerate(lines, start=1):
    host.stdin.write(line + "\n")
    host.stdin.flush()
    answer = json.loads(host.stdout.readline())  # waits for this command's answer
    if answer["line"] != n:
        fail(f"the answer to line {n} names line {answer['line']}")
    answers.append(answer)
host.stdin.close()
if host.wait(timeout=60) != 1:
    fail(f"exit code {host.returncode}, not 1 (two commands were refused)")

refused = {a["line"]: a["error"] for a in answers if not a["ok"]}
if sorted(refused) != [4, 7]:
    fail(f"refused lines {sorted(refused)}, not [4, 7]")
if refused[4]["code"] != "MALFORMED_JSON" or refused[4]["kind"] != "decode":
    fail(f"line 4: {refused[4]}")
if refused[7]["code"] != "TIME_OUT_OF_ORDER":
    fail(f"line 7: {refused[7]}")
for error in refused.values():
    if not error["message_pl"] or error["message_pl"] == error["message"]:
        fail(f"no Polish message: {error}")

# Every accepted command's events are in the database, in order, and nothing of the refused.
accepted = [e for a in answers if a["ok"] for e in a["events"]]
exported = kooperacje("events", "export", "--format", "jsonl")
stored = [json.loads(line) for line in exported.stdout.splitlines()]
if stored[-len(accepted):] != accepted or len(stored) != 38 + len(accepted):
    fail(f"the database holds {len(stored)} events; the answers gave {len(accepted)} besides 38")
stage = json.loads(kooperacje("--json", "registry").stdout)
print(f"drive.py: {len(lines)} lines, {len(accepted)} events stored, 2 refused; {stage}"[:200])
