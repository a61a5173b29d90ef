#!/usr/bin/env bash
# The JVM package as a vendor consumes it (after bindings-mobile/build.sh): packs the jar, the
# sources jar and the POM (bindings-mobile/package.sh), checks what they hold, then compiles the two
# consumer projects of bindings-mobile/consumers/ (Kotlin with kotlinc, Java with javac) against
# nothing but the jar, jna.jar and kotlin-stdlib.jar, and runs them from an empty folder with
# nothing but those on the classpath and no jna.library.path, so JNA must find the native library
# inside the jar. Prints TAP ("ok N - …", "# pass N", "# fail N"); exits non-zero on a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=target/mobile
consumers=$out/consumers
kotlin_lib=bindings-mobile/node_modules/kotlin-compiler/lib
stdlib=$root/$kotlin_lib/kotlin-stdlib.jar
jna=/usr/share/java/jna.jar
n=0 pass=0 fail=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/#   /'; }
check() { # check NAME COMMAND…: ok when the command succeeds; its output shown when it fails
    local name=$1 said
    shift
    if said=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$said"; fi
}
finish() { echo "# pass $pass"; echo "# fail $fail"; [ "$fail" -eq 0 ]; exit $?; }

version=$(cargo metadata --no-deps --format-version 1 |
    python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "kooperacje-mobile"))')
jar=$root/$out/dist/kooperacje-$version.jar
sources=$root/$out/dist/kooperacje-$version-sources.jar
pom=$root/$out/dist/kooperacje-$version.pom

if said=$(bash bindings-mobile/package.sh 2>&1); then ok "package.sh packs kooperacje-$version.jar, its sources and its POM"
else not_ok "package.sh packs the jar and the POM" "$said"; finish; fi

check "the jar holds the Kotlin package, the native library at JNA's path and its POM, and no tests" \
    python3 - "$jar" "$pom" <<'EOF'
import sys, zipfile
jar = zipfile.ZipFile(sys.argv[1])
names = set(jar.namelist())
need = ["pl/kooperacje/Model.class", "pl/kooperacje/KooperacjeException.class", "pl/kooperacje/Kooperacje.class",
        "pl/kooperacje/Labels.class", "pl/kooperacje/types/ZzkStage.class", "pl/kooperacje/types/Command.class",
        "META-INF/kooperacje.kotlin_module", "META-INF/MANIFEST.MF",
        "META-INF/maven/pl.kooperacje/kooperacje/pom.xml", "META-INF/maven/pl.kooperacje/kooperacje/pom.properties",
        "linux-x86-64/libkooperacje_mobile.so"]
missing = [n for n in need if n not in names]
assert not missing, f"missing: {missing}"
so = jar.read("linux-x86-64/libkooperacje_mobile.so")
# ELF, 64-bit, little-endian, machine x86-64 (62)
assert so[:4] == b"\x7fELF" and so[4] == 2 and so[5] == 1 and int.from_bytes(so[18:20], "little") == 62, "not an x86-64 ELF"
stray = [n for n in names if n.startswith("pl/kooperacje/tests/") or n.startswith("QuickStart") or n.endswith(".so") and n != "linux-x86-64/libkooperacje_mobile.so"]
assert not stray, f"not of the package: {stray[:5]}"
assert jar.read("META-INF/maven/pl.kooperacje/kooperacje/pom.xml") == open(sys.argv[2], "rb").read(), "the jar's pom.xml is not the POM"
EOF

check "the POM is well-formed: pl.kooperacje:kooperacje:$version, EUPL-1.2, scm, developers, jna and kotlin-stdlib" \
    python3 - "$pom" "$version" <<'EOF'
import sys
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
pom = ET.parse(sys.argv[1]).getroot()
t = lambda path: (pom.findtext(path, namespaces=ns) or "").strip()
assert pom.tag == "{http://maven.apache.org/POM/4.0.0}project", pom.tag
assert (t("m:groupId"), t("m:artifactId"), t("m:version"), t("m:packaging")) == ("pl.kooperacje", "kooperacje", sys.argv[2], "jar"), \
    (t("m:groupId"), t("m:artifactId"), t("m:version"))
assert t("m:modelVersion") == "4.0.0"
assert t("m:licenses/m:license/m:name") == "EUPL-1.2"
assert t("m:scm/m:url") == "https://github.com/kooperacje/kooperacje", t("m:scm/m:url")
assert t("m:scm/m:connection").startswith("scm:git:")
assert t("m:developers/m:developer/m:name"), "no developer"
assert t("m:name") and t("m:description") and t("m:url")
deps = {(d.findtext("m:groupId", namespaces=ns), d.findtext("m:artifactId", namespaces=ns)): d.findtext("m:version", namespaces=ns)
        for d in pom.findall("m:dependencies/m:dependency", ns)}
assert set(deps) == {("net.java.dev.jna", "jna"), ("org.jetbrains.kotlin", "kotlin-stdlib")}, deps
assert all(v and v[0].isdigit() for v in deps.values()), deps
EOF

check "the sources jar holds the generated Kotlin, Labels.kt and the facade" python3 -c '
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = {"pl/kooperacje/kooperacje_mobile.kt", "pl/kooperacje/types/kooperacje.kt", "pl/kooperacje/Labels.kt", "pl/kooperacje/Kooperacje.kt"}
assert need <= names, need - names' "$sources"

# The consumers: compiled against the jar, JNA and kotlin-stdlib only (-no-stdlib: not kotlinc's own).
rm -rf "$consumers"
mkdir -p "$consumers/kotlin" "$consumers/java" "$consumers/run"
check "the Kotlin consumer compiles against the jar, jna.jar and kotlin-stdlib.jar only" \
    bindings-mobile/node_modules/kotlin-compiler/bin/kotlinc -nowarn -jvm-target 17 -no-stdlib -no-reflect \
    -cp "$jar:$jna:$stdlib" -d "$consumers/kotlin" bindings-mobile/consumers/kotlin
check "the Java consumer compiles against the jar, jna.jar and kotlin-stdlib.jar only" \
    javac --release 17 -cp "$jar:$jna:$stdlib" -d "$consumers/java" bindings-mobile/consumers/java/app/Main.java

# Run from an empty folder, nothing on the library path: JNA must unpack the library from the jar
# (jna.debug_load says where it found it).
run() { # run CLASSES MAIN
    (cd "$consumers/run" && env -u LD_LIBRARY_PATH java -Djna.debug_load=true \
        -cp "$root/$1:$jar:$jna:$stdlib" "$2" "$root" 2>"$root/$consumers/run/$2.err")
}
expect() { # expect NAME OUTPUT: the consumer's lines against the expected ones
    local name=$1 said=$2
    python3 - "$said" "$version" <<'EOF' || { not_ok "$name" "$said"; return; }
import re, sys
lines, version = sys.argv[1].splitlines(), sys.argv[2]
assert lines[0] == "Praca ZZK", lines[0]
assert lines[1] == "active Active", lines[1]
refused = {m.group(2): m.group(3) for m in (re.match(r"^([A-Z_]+) (pl|en): (.+)$", l) for l in lines) if m}
assert set(refused) == {"pl", "en"}, lines
for msg in refused.values():
    assert "code=" not in msg and "messageEn" not in msg and "zzk-2026-0021" in msg, msg
assert refused["pl"] != refused["en"], refused
if any(l.startswith("version") for l in lines):  # the Java consumer
    assert f"version {version}, empty: 0" in lines, lines
    assert any(re.fullmatch(r"events: [1-9][0-9]*", l) for l in lines), lines
EOF
    ok "$name"
}
from_jar() { grep -q "linux-x86-64/libkooperacje_mobile.so" "$consumers/run/$1.err"; }

if said=$(run "$consumers/kotlin" MainKt); then
    expect "the Kotlin consumer prints Praca ZZK (stage.labelPl) and a refusal's human messages" "$said"
else not_ok "the Kotlin consumer runs" "$said$(cat "$consumers/run/MainKt.err")"; fi
check "the Kotlin consumer's native library came from the jar" from_jar MainKt
if said=$(run "$consumers/java" app.Main); then
    expect "the Java consumer prints Praca ZZK (Labels.labelPl, Kooperacje.fromJsonl) and a refusal's messages" "$said"
else not_ok "the Java consumer runs" "$said$(cat "$consumers/run/app.Main.err")"; fi
check "the Java consumer's native library came from the jar" from_jar app.Main
finish
