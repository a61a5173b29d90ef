#!/usr/bin/env bash
# Runs the JVM tests of the mobile bindings (after build.sh) with the JUnit 5 console launcher,
# loading target/debug/libkooperacje_mobile.so through JNA; then the README's Kotlin example.
set -uo pipefail
cd "$(dirname "$0")/.."
kotlin_lib=bindings-mobile/node_modules/kotlin-compiler/lib
classpath="target/mobile/classes:target/mobile/lib-classes:/usr/share/java/jna.jar:$kotlin_lib/kotlin-stdlib.jar:$kotlin_lib/kotlin-test.jar:$kotlin_lib/kotlin-test-junit5.jar"
java -Djna.library.path=target/debug -Dkooperacje.root="$PWD" \
    -jar /usr/share/java/junit-platform-console-standalone.jar \
    --class-path "$classpath" --select-package pl.kooperacje.tests \
    --disable-banner --details=tree --disable-ansi-colors
status=$?

# The README's Kotlin quick start, run as written (build.sh compiled it from the README).
echo "==> the README's Kotlin quick start"
said=$(java -Djna.library.path=target/debug -cp "$classpath" QuickStartKt)
echo "$said"
if [ "$said" != "Praca ZZK" ]; then
    echo "FAILED: the Kotlin quick start printed \"$said\", not \"Praca ZZK\""
    status=1
fi
exit $status
