#!/usr/bin/env bash
# Builds the npm package `kooperacje` into bindings-wasm/pkg/ (generated; not committed):
#
#   pkg/package.json     name, version (the workspace's), exports for node / browser / import / types
#   pkg/web/             ES module for browsers and bundlers (`await init()` first), with its .wasm
#   pkg/node/            CommonJS module for Node.js (loads its .wasm synchronously)
#   pkg/*/types.d.ts     TypeScript types of every command, event, state, report and error code,
#                        written from the core's JSON Schemas by the kooperacje-wasm-types binary
#
# Installs what is missing first: the wasm32 target, wasm-bindgen-cli at exactly the version
# pinned in Cargo.toml (only when the installed one differs), and the npm tools (`npm ci`).
# The module is optimised with wasm-opt from npm's `binaryen` (Debian's wasm-opt 108 writes a
# broken module here). Prints the gzipped size.
#
# Option --test-hooks (what scripts/test runs before `node --test`): also builds the Node module
# with the crate's feature `test-hooks` — the tests' panic trigger `__armPanicForTests` (see
# src/errors.rs) — into target/wasm-test-hooks/node/, for tests/panics.test.mjs. pkg/ is always
# built without it: the trigger is never in the package that is tested for size, benchmarked or
# published.
#
# Option --basket: both modules with the crate's feature `basket` (basketExport, basketImport:
# the basket sheet as CSV or JSON rows, and HSDS), which takes the module past its size budget
# (see bindings-wasm/Cargo.toml); the tests of those functions run only on such a build.
set -euo pipefail
test_hooks=false
features=()
for arg in "$@"; do
    case $arg in
    --test-hooks) test_hooks=true ;;
    --basket) features=(--features basket) ;;
    *) echo "usage: bindings-wasm/build.sh [--test-hooks] [--basket]" >&2; exit 2 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

log() { echo "[build.sh] $*" >&2; }

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 ||
    rustup target list --installed | grep -qx wasm32-unknown-unknown

pinned=$(sed -nE 's/^wasm-bindgen = "=([0-9.]+)"$/\1/p' "$here/Cargo.toml")
if [ -z "$pinned" ]; then
    echo "build.sh: no exact wasm-bindgen version (=x.y.z) in bindings-wasm/Cargo.toml" >&2
    exit 1
fi
installed=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$installed" != "$pinned" ]; then
    log "installing wasm-bindgen-cli $pinned (found: ${installed:-none}); this takes a few minutes"
    # Not --locked: the CLI's lock file does not resolve against this registry.
    cargo install wasm-bindgen-cli --version "$pinned" --force
fi

if [ ! -x "$here/node_modules/.bin/wasm-opt" ]; then
    log "npm ci (build and test tools)"
    (cd "$here" && npm ci --no-audit --no-fund)
fi

# The profile `wasm` (the workspace's Cargo.toml): opt-level "s", fat LTO, panic=abort.
log "cargo build (wasm32, profile wasm)"
cargo build -p kooperacje-wasm --lib --target wasm32-unknown-unknown --profile wasm "${features[@]}"
wasm="$root/target/wasm32-unknown-unknown/wasm/kooperacje_wasm.wasm"

log "TypeScript types from the core's schemas"
types=$(mktemp)
trap 'rm -f "$types"' EXIT
# The test profile: the host build of the core that `cargo test` already made.
cargo run -q --profile test -p kooperacje-wasm --bin kooperacje-wasm-types -- "$types"

version=$(cargo metadata --no-deps --format-version 1 |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="kooperacje-wasm");process.stdout.write(p.version)})')

pkg="$here/pkg"
rm -rf "$pkg"
mkdir -p "$pkg"
# The JavaScript glue and the optimised module of one target (web, node) from $wasm into $2.
emit() {
    local bindgen_target=$1 out=$2
    [ "$bindgen_target" = node ] && bindgen_target=nodejs
    wasm-bindgen --target "$bindgen_target" --out-dir "$out" --out-name kooperacje \
        --remove-name-section --remove-producers-section "$wasm"
    # -Oz, without binaryen's inlining: inlining makes the module a little larger and compress
    # much worse (measured: 286 KB gzipped without it, 313 KB with it), and the gzipped size is
    # what is downloaded. Tried for speed on the bulk replay of scripts/bench-wasm (on a module
    # built at opt-level "z"), and not worth their size: -O2, -O3 and a larger inlining limit
    # (-Oz -aimfs 10) were 10-25% faster for 34-39 KB more gzipped. -Os gives what -Oz gives;
    # --converge saves under 0.5 KB.
    "$here/node_modules/.bin/wasm-opt" -Oz --skip-pass=inlining --skip-pass=inlining-optimizing \
        --zero-filled-memory --strip-debug --strip-producers \
        "$out/kooperacje_bg.wasm" -o "$out/kooperacje_bg.wasm"
}
for target in web node; do
    emit "$target" "$pkg/$target"
    cp "$types" "$pkg/$target/types.d.ts"
    # wasm-bindgen declares `[Symbol.dispose]()` on every class, which the TypeScript lib
    # `esnext.disposable` types: the declarations name that lib themselves, so that a project
    # compiles them with the default lib of its `target` (ES2015 or later: that lib builds on
    # ES2015's symbols) and no `lib` setting for them.
    d_ts="$pkg/$target/kooperacje.d.ts"
    if grep -q 'Symbol\.dispose' "$d_ts"; then
        { echo '/// <reference lib="esnext.disposable" />'; cat "$d_ts"; } >"$d_ts.new"
        mv "$d_ts.new" "$d_ts"
    fi
done
# The Node build is CommonJS inside an ES-module package.
echo '{ "type": "commonjs" }' >"$pkg/node/package.json"

cat >"$pkg/package.json" <<EOF
{
  "name": "kooperacje",
  "version": "$version",
  "description": "The Kooperacje 3D model of multi-agency social support (PZK, local basket of services, ZZK) as a WebAssembly rule engine",
  "license": "EUPL-1.2",
  "type": "module",
  "main": "./node/kooperacje.js",
  "module": "./web/kooperacje.js",
  "types": "./web/kooperacje.d.ts",
  "exports": {
    ".": {
      "node": {
        "types": "./node/kooperacje.d.ts",
        "default": "./node/kooperacje.js"
      },
      "browser": {
        "types": "./web/kooperacje.d.ts",
        "default": "./web/kooperacje.js"
      },
      "import": {
        "types": "./web/kooperacje.d.ts",
        "default": "./web/kooperacje.js"
      },
      "default": {
        "types": "./web/kooperacje.d.ts",
        "default": "./web/kooperacje.js"
      }
    },
    "./web": {
      "types": "./web/kooperacje.d.ts",
      "default": "./web/kooperacje.js"
    },
    "./node": {
      "types": "./node/kooperacje.d.ts",
      "default": "./node/kooperacje.js"
    },
    "./kooperacje_bg.wasm": "./web/kooperacje_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": ["web/", "node/"],
  "sideEffects": ["./node/kooperacje.js"],
  "engines": {
    "node": ">=20"
  }
}
EOF

# Ordinary modes whatever the umask and however a file was made (the types come from a mktemp
# file, which is 0600): files 0644, directories 0755, as npm would pack them for every user.
find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg" -type f -exec chmod 0644 {} +

hooked="$root/target/wasm-test-hooks"
rm -rf "$hooked"
if $test_hooks; then
    # The same module with the tests' panic trigger, for the Node tests only (never in pkg/).
    log "cargo build (wasm32, profile wasm, --features test-hooks): the tests' module"
    cargo build -p kooperacje-wasm --lib --target wasm32-unknown-unknown --profile wasm \
        --features "test-hooks${features[1]:+,${features[1]}}"
    emit node "$hooked/node"
    echo '{ "type": "commonjs" }' >"$hooked/node/package.json"
    log "built $hooked/node (with the test hooks): kooperacje_bg.wasm $(gzip -9c "$hooked/node/kooperacje_bg.wasm" | wc -c) bytes gzipped"
fi

raw=$(stat -c %s "$pkg/web/kooperacje_bg.wasm")
gz=$(gzip -9c "$pkg/web/kooperacje_bg.wasm" | wc -c)
log "built $pkg (kooperacje $version): kooperacje_bg.wasm $raw bytes, $gz bytes gzipped ($((gz / 1024)) KiB)"
