#!/usr/bin/env bash
# The PHP wrapper (bindings-c/php) on PHP 8.2 with FFI: builds libkooperacje_c.so if missing (with
# the tests' panic trigger), installs php8.2-cli if missing (Debian), checks every PHP file with
# `php -l`, runs the tests (every scenario through the library's runner with a PHP driver, results
# written to target/conformance/php/) and the quick start, which must print "Praca ZZK".
# Prints TAP; its last lines "# pass N" and "# fail N" count everything; exits non-zero on any
# failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
here=bindings-c/php

if [ ! -f target/debug/libkooperacje_c.so ]; then
    cargo build -q -p kooperacje-c --features test-hooks || exit 1
fi
if ! command -v php >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php8.2-cli) >/dev/null 2>&1
fi
export KOOPERACJE_LIB=$PWD/target/debug/libkooperacje_c.so KOOPERACJE_TEST_HOOKS=1

extra_passed=0
extra_failed=0
lint_failed=0
for file in "$here"/*.php "$here"/src/*.php "$here"/tests/*.php "$here"/examples/*.php; do
    php -l "$file" >/dev/null || lint_failed=1
done
if [ "$lint_failed" -eq 0 ]; then extra_passed=$((extra_passed + 1)); else extra_failed=$((extra_failed + 1)); fi

# The tests print their own TAP; its counts are added to the two checks of this script, and only
# the sums are printed as "# pass" and "# fail" (scripts/test reads those lines).
log=$(mktemp)
php "$here/tests/run.php" "$PWD" "$PWD/target/conformance/php" | tee "$log" | grep -Ev '^# (pass|fail) '
said=$(php "$here/examples/quickstart.php")
if [ "$said" = "Praca ZZK" ]; then
    extra_passed=$((extra_passed + 1))
else
    echo "# the quick start printed \"$said\", not \"Praca ZZK\""
    extra_failed=$((extra_failed + 1))
fi
passed=$(awk '/^# pass / { print $3 }' "$log")
failed=$(awk '/^# fail / { print $3 }' "$log")
rm -f "$log"
passed=$((${passed:-0} + extra_passed))
failed=$((${failed:-1} + extra_failed))
echo "# php -l and the quick start: $extra_passed passed, $extra_failed failed"
echo "# pass $passed"
echo "# fail $failed"
[ "$failed" -eq 0 ]
