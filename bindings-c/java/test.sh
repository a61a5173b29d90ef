#!/usr/bin/env bash
# The Java wrapper of the C interface (bindings-c/java): compiles it and its JUnit 5 tests, runs
# them with the console launcher against target/debug/libkooperacje_c.so through JNA (writing
# target/conformance/java/), compares those results with Rust's when they exist, and runs the
# quick start, which must print "Praca ZZK". The launcher's summary ("[  N tests successful  ]",
# "[  N tests failed  ]") is what scripts/test counts.
set -uo pipefail
cd "$(dirname "$0")/../.."

jna=/usr/share/java/jna.jar
junit=/usr/share/java/junit-platform-console-standalone.jar
if [ ! -f "$jna" ] || [ ! -f "$junit" ] || ! command -v javac >/dev/null; then
    apt-get install -y -qq openjdk-17-jdk-headless libjna-java junit5 >/dev/null || exit 1
fi
if [ ! -f target/debug/libkooperacje_c.so ]; then
    cargo build -q -p kooperacje-c --features test-hooks || exit 1
fi

out=target/java
rm -rf "$out" target/conformance/java
mkdir -p "$out"
javac -Xlint:all -Werror -encoding UTF-8 -d "$out/classes" -cp "$jna" \
    $(find bindings-c/java/src/main -name '*.java') || { echo "FAILED: the wrapper does not compile"; exit 1; }
javac -Xlint:all -Werror -encoding UTF-8 -d "$out/test-classes" -cp "$out/classes:$jna:$junit" \
    $(find bindings-c/java/src/test -name '*.java') || { echo "FAILED: the tests do not compile"; exit 1; }
javac -Xlint:all -Werror -encoding UTF-8 -d "$out/examples" -cp "$out/classes:$jna" \
    bindings-c/java/examples/QuickStart.java || { echo "FAILED: the quick start does not compile"; exit 1; }

status=0
# The byte-for-byte comparison with the Rust reference, when it has run (scripts/test does it too).
compare() {
    [ -d target/conformance/rust ] || { echo "(no target/conformance/rust: not compared)"; return 0; }
    local differ=0 name
    for mine in target/conformance/java/*.json; do
        name=$(basename "$mine")
        if [ -f "target/conformance/rust/$name" ] && ! cmp -s "$mine" "target/conformance/rust/$name"; then
            echo "FAILED: target/conformance/java/$name differs from Rust's"
            differ=1
        fi
    done
    [ $differ = 0 ] && echo "target/conformance/java: byte-identical to Rust's"
    return $differ
}

echo "==> the Java quick start (bindings-c/java/examples/QuickStart.java)"
said=$(java -Djna.library.path=target/debug -Dfile.encoding=UTF-8 -cp "$out/examples:$out/classes:$jna" QuickStart)
echo "$said"
if [ "$said" != "Praca ZZK" ]; then
    echo "FAILED: the Java quick start printed \"$said\", not \"Praca ZZK\""
    status=1
fi

echo "==> the Java wrapper's tests (JUnit 5)"
java -Djna.library.path=target/debug -Dkooperacje.root="$PWD" -Dfile.encoding=UTF-8 \
    -jar "$junit" --class-path "$out/classes:$out/test-classes:$jna" \
    --select-package pl.kooperacje.c.tests --disable-banner --details=tree --disable-ansi-colors \
    > "$out/junit.txt" 2>&1
junit_status=$?
compare || status=1
# The launcher's tree, then its summary last (the counts scripts/test reads).
cat "$out/junit.txt"
[ $junit_status = 0 ] || status=1
exit $status
