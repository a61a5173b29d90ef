#!/usr/bin/env bash
# Drives `kooperacje exec` as a shell script would: every command through one pipe, the answers
# read afterwards. Against an event log (--log): the quick start's PZK log copied, then its ZZK
# commands with a blank line, a line that is not a command and a command the rules refuse among
# them; then one more command from a here-document against the log as it was left.
#
#   bash drive.sh KOOPERACJE REPO DIR
set -euo pipefail
exe=$1 repo=$2 work=$3
log=$work/drive.jsonl
zzk=$repo/tests/quickstart/zzk.jsonl
cp "$repo/tests/quickstart/pzk.jsonl" "$log"
before=$(wc -l < "$log")
fail() { echo "drive.sh: $*" >&2; exit 1; }

# Lines: 1-5 commands, 6 blank (no answer), 7 an unknown command, 8 the first command again, in
# time but for a ZZK that exists by then, 9-13 the other commands.
status=0
answers=$({
    head -n 5 "$zzk"
    echo
    echo '{"at": "2026-04-05T10:00:00Z", "actor": "u-0012", "command": {"type": "no_such_command"}}'
    head -n 1 "$zzk" | sed 's/"2026-04-01T09:00:00Z"/"2026-04-05T10:00:00Z"/'
    tail -n +6 "$zzk"
} | "$exe" exec --log "$log") || status=$?
[ "$status" -eq 1 ] || fail "exit code $status, not 1"

# Each answer is one JSON object, in order, numbered by its line; the blank line has none.
check=$(python3 -c '
import json, sys
answers = [json.loads(line) for line in sys.stdin]
lines = [a["line"] for a in answers]
assert lines == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13], lines
bad = {a["line"]: a["error"] for a in answers if not a["ok"]}
assert sorted(bad) == [7, 8], sorted(bad)
assert bad[7]["code"] == "MALFORMED_JSON" and bad[7]["kind"] == "decode", bad[7]
assert bad[8]["code"] == "DUPLICATE_ID", bad[8]
for e in bad.values():
    assert e["message_pl"] and e["message_pl"] != e["message"], e
print(sum(len(a["events"]) for a in answers if a["ok"]))
' <<<"$answers") || fail "the answers are not what the rules say: $answers"
added=$check
grep -q '^{"ok":false,"line":8,.*"code":"DUPLICATE_ID"' <<<"$answers" || fail "no DUPLICATE_ID answer line 8"
[ "$(grep -c '^{"ok":true,' <<<"$answers")" -eq 10 ] || fail "not ten commands accepted"

# The log kept what it held and gained the events of every accepted command, as answered.
[ "$(wc -l < "$log")" -eq $((before + added)) ] || fail "the log has $(wc -l < "$log") lines, not $((before + added))"
cmp -s <(head -n "$before" "$log") "$repo/tests/quickstart/pzk.jsonl" || fail "the log's first lines changed"
python3 -c '
import json, sys
log = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")][int(sys.argv[2]):]
answered = [e for l in sys.argv[3].splitlines() for a in [json.loads(l)] if a["ok"] for e in a["events"]]
assert log == answered, (len(log), len(answered))
' "$log" "$before" "$answers" || fail "the events appended are not the events answered"

# And the log loads: a second run against it continues the story (the first meeting adopts the
# plan), from a here-document.
meeting=$("$exe" exec --log "$log" <<'COMMANDS'
{"at": "2026-04-11T09:00:00Z", "actor": "u-0012", "command": {"type": "hold_zzk_meeting", "zzk_id": "zzk-2026-0021", "meeting_id": "mt-0102", "kind": "first", "held_on": "2026-04-11", "family_present": true, "representative_present": false, "attending": ["zm-nurse"], "remote": false, "minutes": "nt-0104", "assessment": null, "project": null, "plan": {"case_number": "OPS.5120.21.2026", "situation": {}, "problems": null, "main_goal": "Zdrowie rodziny", "goals": [{"goal_id": "g-1", "title": "Leczenie i rehabilitacja"}], "tasks": []}}}
COMMANDS
) || fail "the meeting was refused: $meeting"
grep -q '"type":"plan_adopted"' <<<"$meeting" || fail "the first meeting adopted no plan: $meeting"
echo "drive.sh: $added events appended by 10 commands, 2 refused, then the first meeting"
