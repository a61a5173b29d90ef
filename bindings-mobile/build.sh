#!/usr/bin/env bash
# Builds the mobile bindings and their JVM tests, as scripts/test does:
#   1. the library (target/debug/libkooperacje_mobile.so), with the feature `test-hooks` (the
#      tests' panic trigger `armPanicForTests`, which a debug build has anyway and a release build
#      never), and the workspace's uniffi-bindgen;
#   2. the Kotlin and Swift sources, generated from the library (uniffi's library mode) into
#      target/mobile/{kotlin,swift} — never committed;
#   3. kotlin_extras.py finishes the generated Kotlin from the core's catalogue (`cargo run
#      --example catalogue`): the exception's `message` is the English message, and Labels.kt
#      gives every labelled enum `code`, `labelPl`, `labelEn` and `label(lang)`;
#   4. the package (generated Kotlin, Labels.kt and the hand-written facade in
#      bindings-mobile/kotlin/) compiled by kotlinc (npm package kotlin-compiler, pinned in
#      package-lock.json) against JNA (Debian libjna-java), module `kooperacje`, into
#      target/mobile/lib-classes (what the jar holds: bindings-mobile/package-test.sh); then the
#      tests and the README's Kotlin example against it, with JUnit 5 (Debian junit5), into
#      target/mobile/classes.
# Run the tests afterwards with bindings-mobile/test.sh. Installs what a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/mobile

if [ ! -f /usr/share/java/jna.jar ] || [ ! -f /usr/share/java/junit-platform-console-standalone.jar ]; then
    echo "==> apt-get install libjna-java junit5"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjna-java junit5 >/dev/null
fi
if ! command -v javac >/dev/null; then
    echo "==> apt-get install default-jdk-headless"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless >/dev/null
fi
if [ ! -x bindings-mobile/node_modules/kotlin-compiler/bin/kotlinc ]; then
    (cd bindings-mobile && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "==> cargo build -p kooperacje-mobile -p uniffi-bindgen (with the test hooks)"
cargo build --quiet -p kooperacje-mobile -p uniffi-bindgen --features kooperacje-mobile/test-hooks
lib=target/debug/libkooperacje_mobile.so

rm -rf "$out"
for lang in kotlin swift; do
    echo "==> uniffi-bindgen generate --library ($lang)"
    target/debug/uniffi-bindgen generate --no-format --library "$lib" --language "$lang" \
        --config bindings-mobile/uniffi.toml --out-dir "$out/$lang" >/dev/null
done

echo "==> the core's catalogue → Labels.kt; the exception's message"
cargo run --quiet -p kooperacje-mobile --features test-hooks --example catalogue >"$out/catalogue.json"
python3 bindings-mobile/kotlin_extras.py "$out/catalogue.json" "$out/kotlin"

# The README's Kotlin quick start, compiled and run as written.
mkdir -p "$out/readme"
bash scripts/quickstart kotlin >"$out/readme/QuickStart.kt"

kotlin_lib=bindings-mobile/node_modules/kotlin-compiler/lib
kotlinc=bindings-mobile/node_modules/kotlin-compiler/bin/kotlinc
echo "==> kotlinc (the package: generated bindings, Labels.kt, the facade)"
"$kotlinc" -nowarn -jvm-target 17 -module-name kooperacje -cp /usr/share/java/jna.jar \
    -d "$out/lib-classes" "$out/kotlin" bindings-mobile/kotlin
classpath="$out/lib-classes:/usr/share/java/jna.jar:/usr/share/java/junit-jupiter-api.jar:/usr/share/java/apiguardian-api.jar:/usr/share/java/opentest4j.jar:$kotlin_lib/kotlin-test.jar:$kotlin_lib/kotlin-test-junit5.jar"
echo "==> kotlinc (tests, README example)"
"$kotlinc" -nowarn -jvm-target 17 -cp "$classpath" \
    -d "$out/classes" bindings-mobile/tests/kotlin "$out/readme/QuickStart.kt"
