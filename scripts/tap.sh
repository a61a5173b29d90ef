# The TAP steps of the package tests (scripts/check-rust-package.sh and the bindings'
# package-test.sh), sourced by each: `step NAME COMMAND...` runs one check, its output shown (the
# last 40 lines, as TAP comments) only when it fails; `finish` prints the plan and the "# pass N",
# "# fail N" lines scripts/test counts, and exits non-zero when a step failed.
n=0
pass=0
fail=0
step() { # name, command...
    local name=$1 log
    shift
    n=$((n + 1))
    log=$(mktemp)
    if "$@" >"$log" 2>&1; then
        echo "ok $n - $name"
        pass=$((pass + 1))
    else
        echo "not ok $n - $name"
        tail -n 40 "$log" | sed 's/^/# /'
        fail=$((fail + 1))
    fi
    rm -f "$log"
}
finish() {
    echo "1..$n"
    echo "# pass $pass"
    echo "# fail $fail"
    [ "$fail" -eq 0 ]
    exit
}
