#!/usr/bin/env bash
# Packs the JVM artefacts of the mobile bindings (after bindings-mobile/build.sh), with the JDK's
# own `jar` (Maven Central is not reachable from this project's machines, so no Gradle or Maven):
#
#   target/mobile/dist/kooperacje-VERSION.jar          the Kotlin package pl.kooperacje (the
#       generated bindings, Labels.kt, the facade `Kooperacje`: target/mobile/lib-classes), the
#       native library for linux-x64 at linux-x86-64/libkooperacje_mobile.so (where JNA looks for
#       it on the classpath), and META-INF/maven/pl.kooperacje/kooperacje/pom.{xml,properties};
#   target/mobile/dist/kooperacje-VERSION-sources.jar  the Kotlin sources;
#   target/mobile/dist/kooperacje-VERSION.pom          the POM: pl.kooperacje:kooperacje:VERSION,
#       depending on net.java.dev.jna:jna and org.jetbrains.kotlin:kotlin-stdlib.
#
# Every fact has one source: the version, licence, URLs and authors are the workspace's
# (Cargo.toml, read with `cargo metadata`); JNA's version is that of the jna.jar compiled and
# tested against (its manifest), kotlin-stdlib's that of the pinned kotlinc (its manifest).
#
# The native library is the one build.sh built: profile `dev` (target/debug), with the tests'
# panic trigger — the jar this script makes is the one the tests consume. For a published jar,
# build.sh's library and Kotlin must come from a release build (`cargo build --release`, no
# feature test-hooks, then uniffi-bindgen on target/release): the generated Kotlin must be the
# one of the library it loads (checked below). LIB=path/to/libkooperacje_mobile.so overrides the
# library, MOBILE_OUT the folder of build.sh's output (kotlin/, lib-classes/) and of dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${MOBILE_OUT:-target/mobile}
lib=${LIB:-target/debug/libkooperacje_mobile.so}
kotlin_lib=bindings-mobile/node_modules/kotlin-compiler/lib
for need in "$out/lib-classes/pl/kooperacje/Kooperacje.class" "$lib"; do
    [ -e "$need" ] || { echo "package.sh: $need is missing: run bindings-mobile/build.sh first" >&2; exit 1; }
done

# The generated Kotlin binds every FFI function it names when it loads (JNA's Native.register): a
# library it was not generated from (a release library beside Kotlin of the debug one, which has
# the tests' armPanicForTests) fails on the first call. Checked here, not in the user's app.
if command -v nm >/dev/null; then
    missing=$(comm -23 \
        <(grep -rhoE '\b(uniffi|ffi)_kooperacje(_mobile)?_[a-z0-9_]+' "$out/kotlin" | sort -u) \
        <(nm -D --defined-only "$lib" | awk '{ print $NF }' | sort -u))
    if [ -n "$missing" ]; then
        echo "package.sh: $lib lacks functions the Kotlin in $out/kotlin binds (generate it from this library):" >&2
        echo "$missing" | head -5 >&2
        exit 1
    fi
fi

manifest_version() { # the Implementation-Version of a jar's manifest, first word
    python3 -c 'import re, sys, zipfile
text = zipfile.ZipFile(sys.argv[1]).read("META-INF/MANIFEST.MF").decode()
print(re.search(r"^Implementation-Version: *(\S+)", text, re.M).group(1))' "$1"
}
jna_version=$(manifest_version "$(readlink -f /usr/share/java/jna.jar)")
kotlin_version=$(manifest_version "$kotlin_lib/kotlin-stdlib.jar")
metadata=$(cargo metadata --no-deps --format-version 1)

stage=$out/jar
dist=$out/dist
rm -rf "$stage" "$dist"
mkdir -p "$stage/linux-x86-64" "$stage/META-INF/maven/pl.kooperacje/kooperacje" "$dist"

# The POM, and the pom.properties Maven puts beside it in a jar.
version=$(KOTLIN_VERSION="$kotlin_version" JNA_VERSION="$jna_version" METADATA="$metadata" \
    python3 - "$stage/META-INF/maven/pl.kooperacje/kooperacje" <<'EOF'
import json, os, sys
from xml.sax.saxutils import escape

package = next(p for p in json.loads(os.environ["METADATA"])["packages"] if p["name"] == "kooperacje-mobile")
version, repo = package["version"], package["repository"]
e = lambda s: escape(str(s))
developers = "".join(
    f"\n    <developer>\n      <name>{e(a)}</name>\n      <url>{e(package['homepage'])}</url>\n    </developer>"
    for a in package["authors"])
host_path = repo.split("://", 1)[1]
pom = f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>pl.kooperacje</groupId>
  <artifactId>kooperacje</artifactId>
  <version>{e(version)}</version>
  <packaging>jar</packaging>
  <name>kooperacje</name>
  <description>The Kooperacje 3D model of multi-agency social support for Kotlin and Java (JNA; Kotlin package pl.kooperacje). The jar holds the native library for linux-x86-64; Android apps ship their own ABIs (see bindings-mobile/README.md).</description>
  <url>{e(package['homepage'])}</url>
  <licenses>
    <license>
      <name>{e(package['license'])}</name>
      <url>https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12</url>
      <distribution>repo</distribution>
    </license>
  </licenses>
  <developers>{developers}
  </developers>
  <scm>
    <url>{e(repo)}</url>
    <connection>scm:git:{e(repo)}.git</connection>
    <developerConnection>scm:git:ssh://git@{e(host_path)}.git</developerConnection>
  </scm>
  <dependencies>
    <dependency>
      <groupId>net.java.dev.jna</groupId>
      <artifactId>jna</artifactId>
      <version>{e(os.environ['JNA_VERSION'])}</version>
    </dependency>
    <dependency>
      <groupId>org.jetbrains.kotlin</groupId>
      <artifactId>kotlin-stdlib</artifactId>
      <version>{e(os.environ['KOTLIN_VERSION'])}</version>
    </dependency>
  </dependencies>
</project>
"""
folder = sys.argv[1]
with open(os.path.join(folder, "pom.xml"), "w", encoding="utf-8") as f:
    f.write(pom)
with open(os.path.join(folder, "pom.properties"), "w", encoding="utf-8") as f:
    f.write(f"groupId=pl.kooperacje\nartifactId=kooperacje\nversion={version}\n")
print(version)
EOF
)
cp "$stage/META-INF/maven/pl.kooperacje/kooperacje/pom.xml" "$dist/kooperacje-$version.pom"
cp -R "$out/lib-classes/." "$stage/"
cp "$lib" "$stage/linux-x86-64/libkooperacje_mobile.so"

jar --create --file "$dist/kooperacje-$version.jar" -C "$stage" .
jar --create --file "$dist/kooperacje-$version-sources.jar" -C "$out/kotlin" . -C bindings-mobile/kotlin .
echo "package.sh: $dist/kooperacje-$version.jar (+ -sources.jar, .pom): jna $jna_version, kotlin-stdlib $kotlin_version, native library $lib"
