#!/usr/bin/env bash
# The C# wrapper (bindings-c/csharp) on Mono: builds libkooperacje_c.so if missing, installs the
# Mono packages it needs (Debian), compiles the wrapper, its tests and the quick start with mcs,
# runs the tests (every scenario through the library's runner, results written to
# target/conformance/csharp/), then the quick start, which must print "Praca ZZK".
# Prints TAP; its last lines "# pass N" and "# fail N" count everything; exits non-zero on any
# failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=bindings-c/csharp
build=target/csharp
out=target/conformance/csharp

passed=0
failed=0
n=0
tap() { # ok(0/1), name, why...
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        passed=$((passed + 1))
        echo "ok $n - $2"
    else
        failed=$((failed + 1))
        echo "not ok $n - $2"
        [ $# -gt 2 ] && printf '%s\n' "${@:3}" | sed 's/^/# /'
    fi
}
finish() {
    echo "1..$n"
    echo "# pass $passed"
    echo "# fail $failed"
    [ "$failed" -eq 0 ]
    exit
}

if [ ! -f target/debug/libkooperacje_c.so ]; then
    echo "# building target/debug/libkooperacje_c.so"
    cargo build -q -p kooperacje-c --features test-hooks
    tap $? "the native library builds (cargo build -p kooperacje-c --features test-hooks)"
    [ -f target/debug/libkooperacje_c.so ] || finish
fi

# mcs and mono, and System.Runtime.Serialization (DataContractJsonSerializer: the tests and the
# quick start read JSON with it, as .NET 8 could too).
packages=(mono-mcs mono-runtime libmono-system-runtime-serialization4.0-cil)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "# apt-get install ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null 2>&1
    tap $? "Debian packages installed: ${missing[*]}"
fi

mkdir -p "$build"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
compile() { # name, mcs arguments...
    local name=$1
    shift
    if mcs -nologo -warnaserror+ "$@" >"$log" 2>&1; then
        tap 0 "$name"
        return 0
    fi
    mapfile -t why <"$log"
    tap 1 "$name" "${why[@]}"
    return 1
}
compile "the wrapper compiles (mcs, warnings as errors, every public member documented)" \
    -unsafe -target:library -out:"$build/Kooperacje.dll" -doc:"$build/Kooperacje.xml" "$here"/src/*.cs || finish
compile "the tests compile" -out:"$build/Tests.exe" -r:"$build/Kooperacje.dll" -r:System.Runtime.Serialization \
    "$here"/tests/*.cs || finish
compile "the quick start compiles" -out:"$build/QuickStart.exe" -r:"$build/Kooperacje.dll" \
    -r:System.Runtime.Serialization "$here/QuickStart.cs" || finish

# The library is found as "kooperacje_c" on the loader's path; the wrapper's assembly by MONO_PATH.
export LD_LIBRARY_PATH="$root/target/debug${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export MONO_PATH="$root/$build"

# The tests' own TAP, renumbered into this script's and counted here (their summary lines are
# replaced by this script's, so scripts/test counts each test once).
rm -rf "$out"
mono --debug "$build/Tests.exe" "$root" "$out" >"$log" 2>&1
status=$?
while IFS= read -r line; do
    case $line in
    "ok "*) tap 0 "${line#ok * - }" ;;
    "not ok "*) tap 1 "${line#not ok * - }" ;;
    "1.."* | "# pass "* | "# fail "*) ;;
    *) echo "$line" ;;
    esac
done <"$log"
if [ "$status" -ne 0 ] && ! grep -q '^not ok ' "$log"; then
    tap 1 "the tests ran to their end (mono exited with $status)"
fi

quick=$(mono "$build/QuickStart.exe" 2>&1)
if [ "$quick" = "Praca ZZK" ]; then
    tap 0 "the quick start prints Praca ZZK"
else
    tap 1 "the quick start prints Praca ZZK" "it printed: $quick"
fi
finish
