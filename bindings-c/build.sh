#!/usr/bin/env bash
# Builds the C interface for vendors into target/kooperacje-c/ (generated; not committed):
#
#   include/kooperacje.h          the header (cbindgen; kept current by tests/header.rs)
#   lib/libkooperacje_c.so        the shared library (C#'s DllImport, PHP's FFI, Java's JNA, C)
#   lib/libkooperacje_c.a         the static library, for a C program that links it into itself
#   lib/pkgconfig/kooperacje.pc   `pkg-config --cflags --libs kooperacje` (relocatable: paths are
#                                 relative to the .pc file) and `--static` for the static library
#   csharp/ php/ java/            the wrappers' sources (tests left out)
#
#   bindings-c/build.sh                      release build, as published
#   bindings-c/build.sh --profile dev --test-hooks
#                                            what scripts/test builds: quicker, with the tests'
#                                            panic trigger (kooperacje_test_arm_panic); never
#                                            published
set -euo pipefail
profile=release
features=()
while [ $# -gt 0 ]; do
    case $1 in
    --profile) profile=$2; shift ;;
    --test-hooks) features=(--features test-hooks) ;;
    *) echo "usage: bindings-c/build.sh [--profile NAME] [--test-hooks]" >&2; exit 2 ;;
    esac
    shift
done
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

cargo build -q -p kooperacje-c --profile "$profile" "${features[@]}"
case $profile in dev) built=target/debug ;; *) built=target/$profile ;; esac

out=target/kooperacje-c
rm -rf "$out"
mkdir -p "$out/include" "$out/lib/pkgconfig"
cp bindings-c/include/kooperacje.h "$out/include/"
cp "$built/libkooperacje_c.so" "$built/libkooperacje_c.a" "$out/lib/"
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
# The system libraries the Rust standard library needs when linked statically.
private_libs=$(cargo rustc -q -p kooperacje-c --profile "$profile" "${features[@]}" --crate-type staticlib \
    -- --print native-static-libs 2>&1 | sed -n 's/^note: native-static-libs: //p' | head -1)
cat > "$out/lib/pkgconfig/kooperacje.pc" <<PC
prefix=\${pcfiledir}/../..
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: kooperacje
Description: The Kooperacje 3D model of multi-agency social support: the C interface
Version: $version
URL: https://github.com/kooperacje/kooperacje
Cflags: -I\${includedir}
Libs: -L\${libdir} -lkooperacje_c
Libs.private: $private_libs
PC
for lang in csharp php java; do
    if [ -d "bindings-c/$lang" ]; then
        mkdir -p "$out/$lang"
        # The wrapper's sources, without its tests and test scripts.
        (cd "bindings-c/$lang" && find . -type f ! -path './tests/*' ! -path './src/test/*' ! -name 'test.sh' \
            -exec cp --parents {} "../../$out/$lang/" \;)
    fi
done
echo "[build.sh] $out ($profile): $(du -sh "$out" | cut -f1)" >&2
