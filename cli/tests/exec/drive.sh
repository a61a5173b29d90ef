#!/usr/bin/env bash
# Drives `kooperacje exec` as a shell script would: every command through one pipe, the answers
# read afterwards. Against an event log (--log): the quick start's PZK log copied, then its ZZK
# commands with a line that is not JSON in the middle.
#
#   bash drive.sh KOOPERACJE REPO DIR
set -euo pipefail
exe=$1 repo=$2 work=$3
log=$work/drive.jsonl
cp "$repo/tests/quickstart/pzk.jsonl" "$log"
before=$(wc -l < "$log")

status=0
answers=$({
    head -n 5 "$repo/tests/quickstart/zzk.jsonl"
    echo '{"at": "2026-04-05T10:00:00Z", "actor": "u-0012", "command": {"type": "no_such_command"}}'
    tail -n +6 "$repo/tests/quickstart/zzk.jsonl"
} | "$exe" exec --log "$log") || status=$?

fail() { echo "drive.sh: $*" >&2; exit 1; }
[ "$status" -eq 1 ] || fail "exit code $status, not 1"
[ "$(grep -c . <<<"$answers")" -eq 11 ] || fail "$(grep -c . <<<"$answers") answers for 11 lines"
grep -q '"code":"MALFORMED_JSON".*"line":6' <<<"$answers" || fail "line 6 is not refused as MALFORMED_JSON"
[ "$(grep -c '"ok":true' <<<"$answers")" -eq 10 ] || fail "not ten commands accepted"
# The log kept what it held and gained the events of every accepted command.
added=$(python3 -c 'import json, sys; print(sum(len(json.loads(l)["events"]) for l in sys.stdin if json.loads(l)["ok"]))' <<<"$answers")
[ "$(wc -l < "$log")" -eq $((before + added)) ] || fail "the log has $(wc -l < "$log") lines, not $((before + added))"
cmp -s <(head -n "$before" "$log") "$repo/tests/quickstart/pzk.jsonl" || fail "the log's first lines changed"
# And it loads: a second run against it continues the story (the ZZK is now active).
meeting=$(python3 -c 'import json; print(json.dumps({"at": "2026-04-11T09:00:00Z", "actor": "u-0012", "command": {"type": "hold_zzk_meeting", "zzk_id": "zzk-2026-0021", "meeting_id": "mt-0102", "kind": "first", "held_on": "2026-04-11", "family_present": True, "representative_present": False, "attending": ["zm-nurse"], "remote": False, "minutes": "nt-0104", "assessment": None, "project": None, "plan": {"case_number": "OPS.5120.21.2026", "situation": {}, "problems": None, "main_goal": "Zdrowie rodziny", "goals": [{"goal_id": "g-1", "title": "Leczenie i rehabilitacja"}], "tasks": []}}}))')
"$exe" exec --log "$log" <<<"$meeting" | grep -q '"type":"plan_adopted"' || fail "the first meeting was not accepted against the log"
echo "drive.sh: $added events appended by 10 commands, 1 refused"
