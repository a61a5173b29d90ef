#!/usr/bin/env bash
# The Rust crates as a publisher and their users see them (issue 20): the API documentation
# builds without a warning (a broken intra-doc link fails it), and `cargo package` makes, for
# each crate published on crates.io, a package that has its licence and README, every source
# file of the crate and nothing from outside it, fits crates.io's size limit, and builds from
# the package alone. (The doc examples run with `cargo test --workspace`, in scripts/test's rust
# section.)
#
#   bash scripts/check-rust-package.sh                                 # the core built from its package
#   KOOPERACJE_PACKAGE_VERIFY=all bash scripts/check-rust-package.sh   # every crate built from its package
#
# Prints TAP: "ok N - name" or "not ok N - name" (with the end of the failing command's output
# as comments), then "1..N", "# pass N" and "# fail N"; exits non-zero when a step failed.
#
# What it costs. Building a package from its tarball (`cargo package` without --no-verify)
# compiles it and its dependencies in the dev profile, which no other part of scripts/test
# builds: all four crates took 5m49s on this project's 2-core machine from an empty target
# directory (3m41s of user time, with other builds running; 2026-12-04). So by default only the
# core is built from its package (its build script and most files; about a minute and a half),
# and the other three are packed without building (--no-verify): what a build from their
# packages could find missing is checked here without compiling — every source file the crate
# tracks in git is in its package, and no include_str!, include_bytes! or #[path] of their
# sources reaches outside the crate — and the workspace build compiles the same sources.
#
# The binding crates are not here: they are `publish = false` (Python's goes to PyPI, the
# WebAssembly one to npm, the mobile one in the jar, the C one in its own package), and their
# sections of scripts/test build and test what they publish.
set -uo pipefail
cd "$(dirname "$0")/.."

# In dependency order. `cargo package` with several packages (Cargo 1.90 on) packages them
# together: a crate's dependencies on the others resolve to their new packages, through a
# registry of its own in target/package, not to crates.io.
crates=(kooperacje kooperacje-store kooperacje-formats kooperacje-cli)
# crates.io refuses a package over 10 MiB.
max_bytes=$((10 * 1024 * 1024))

source scripts/tap.sh

docs() {
    RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps
}

# The files a crate's package holds: the manifest, the sources, its licence and README (the
# EUPL asks for the licence with every copy), and nothing from outside the crate.
file_list() { # crate
    local list
    list=$(cargo package -p "$1" --list --allow-dirty) || return 1
    local missing=0
    for f in Cargo.toml LICENSE README.md src/lib.rs; do
        if ! grep -qx "$f" <<<"$list"; then
            echo "$1: $f is not in the package"
            missing=1
        fi
    done
    if grep -q '^\.\./' <<<"$list"; then
        echo "$1: files from outside the crate:"
        grep '^\.\./' <<<"$list"
        missing=1
    fi
    return "$missing"
}

# Every crate packed. Cargo 1.90 on packs several packages together: a crate's dependencies on
# the others resolve to their new packages, through a registry of its own in target/package, not
# to crates.io (where they may not be yet).
pack() {
    local args=(--allow-dirty --no-verify)
    for c in "${crates[@]}"; do args+=(-p "$c"); done
    cargo package "${args[@]}"
}

# Built, from their unpacked packages, as `cargo publish` would: a file the build needs that a
# package lacks (a build script's input or an include_str! outside the crate, a module left out
# by `exclude`) fails here.
verify() { # crate...
    local args=(--allow-dirty)
    for c in "$@"; do args+=(-p "$c"); done
    cargo package "${args[@]}"
}

# What a build from the package could find missing, without building: every file of the crate
# that git tracks under src/ (and its build script) is in the package, and no source reaches
# outside the crate with include_str!, include_bytes! or #[path].
sources() { # crate
    local dir list status=0 f
    dir=$(cargo metadata --no-deps --format-version 1 |
        python3 -c 'import json, os, sys; print({p["name"]: os.path.dirname(p["manifest_path"]) for p in json.load(sys.stdin)["packages"]}[sys.argv[1]])' "$1") || return 1
    list=$(cargo package -p "$1" --list --allow-dirty) || return 1
    while IFS= read -r f; do
        if ! grep -qxF "$f" <<<"$list"; then
            echo "$1: $f is tracked but not in the package"
            status=1
        fi
    done < <(cd "$dir" && git ls-files -- src build.rs)
    if grep -rnE '(include_str|include_bytes)!\([^)]*\.\./|#\[path *= *"[^"]*\.\./' "$dir/src"; then
        echo "$1: a source reaches outside the crate (above)"
        status=1
    fi
    return "$status"
}

sizes() {
    local version status=0 file bytes
    version=$(cargo metadata --no-deps --format-version 1 |
        python3 -c 'import json, sys; print({p["name"]: p["version"] for p in json.load(sys.stdin)["packages"]}["kooperacje"])') || return 1
    for c in "${crates[@]}"; do
        file=target/package/$c-$version.crate
        if [ ! -f "$file" ]; then
            echo "$file is missing"
            status=1
            continue
        fi
        bytes=$(stat -c %s "$file")
        echo "$file: $bytes bytes"
        if [ "$bytes" -gt "$max_bytes" ]; then
            echo "$file is over crates.io's limit of $max_bytes bytes"
            status=1
        fi
    done
    return "$status"
}

step "cargo doc --workspace --no-deps, RUSTDOCFLAGS=-D warnings" docs
for c in "${crates[@]}"; do
    step "cargo package -p $c --list: manifest, sources, LICENSE, README.md, nothing outside" file_list "$c"
    step "$c: every source file tracked in git is in the package, none reaches outside" sources "$c"
done
step "cargo package --no-verify: ${crates[*]}" pack
if [ "${KOOPERACJE_PACKAGE_VERIFY:-core}" = all ]; then
    step "cargo package: ${crates[*]}, each built from its package" verify "${crates[@]}"
else
    step "cargo package -p kooperacje: built from its package" verify kooperacje
fi
step "each package within crates.io's 10 MiB" sizes

finish
