#!/usr/bin/env bash
# Builds the npm package `kooperacje` into bindings-wasm/pkg/ (generated; not committed):
#
#   pkg/package.json     name, version (the workspace's), repository metadata, exports for
#                        node / browser / import / types
#   pkg/README.md        the package's README (bindings-wasm/README.md: what npm shows), and
#   pkg/LICENSE          the licence text (the repository's LICENSE)
#   pkg/web/             ES module for browsers and bundlers (`await init()` first), with the .wasm
#   pkg/node/            CommonJS module for Node.js: loads the same .wasm, web/kooperacje_bg.wasm,
#                        synchronously (the package ships each module once); kooperacje.mjs, its
#                        face for `import` (the same instance, and the web build's `init`, idle)
#   pkg/basket/web/, pkg/basket/node/
#                        the entry point `kooperacje/basket`: its own module, the same API and the
#                        basket sheet besides (basketExport, basketImport: CSV, JSON rows, HSDS),
#                        with the crate's feature `basket`, which would take the main module past
#                        its size budget (see bindings-wasm/Cargo.toml)
#   pkg/types.d.ts       TypeScript types of every command, event, state, report and error code,
#                        written from the core's JSON Schemas by the kooperacje-wasm-types binary:
#                        once, for the declarations of every build (`import type … from`)
#
# Installs what is missing first: the wasm32 target, wasm-bindgen-cli at exactly the version
# pinned in Cargo.toml (only when the installed one differs), and the npm tools (`npm ci`).
# The modules are optimised with wasm-opt from npm's `binaryen` (Debian's wasm-opt 108 writes a
# broken module here). Prints their gzipped sizes.
#
# Option --test-hooks (what scripts/test runs before `node --test`): also builds a Node module
# with the crate's features `test-hooks` — the tests' panic trigger `__armPanicForTests` (see
# src/errors.rs) — and `basket`, into target/wasm-test-hooks/node/, for tests/panics.test.mjs.
# It is not run through wasm-opt: its behaviour is tested, not its size or speed. pkg/ is always
# built without it: the trigger is never in the package that is tested for size, benchmarked or
# published.
set -euo pipefail
test_hooks=false
for arg in "$@"; do
    case $arg in
    --test-hooks) test_hooks=true ;;
    *) echo "usage: bindings-wasm/build.sh [--test-hooks]" >&2; exit 2 ;;
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

# Compiles the crate for wasm32 with the features $1 (comma-separated, or empty), and prints the
# module's path. The profile `wasm` (the workspace's Cargo.toml): opt-level "s", fat LTO,
# panic=abort; each build shares the compiled dependencies of the others.
compile() {
    local features=$1
    log "cargo build (wasm32, profile wasm${features:+, features $features})"
    cargo build -p kooperacje-wasm --lib --target wasm32-unknown-unknown --profile wasm \
        ${features:+--features "$features"} >&2
    echo "$root/target/wasm32-unknown-unknown/wasm/kooperacje_wasm.wasm"
}

log "TypeScript types from the core's schemas"
types=$(mktemp)
staged=$(mktemp)
trap 'rm -f "$types" "$staged"' EXIT
# The test profile: the host build of the core that `cargo test` already made.
cargo run -q --profile test -p kooperacje-wasm --bin kooperacje-wasm-types -- "$types"

version=$(cargo metadata --no-deps --format-version 1 |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="kooperacje-wasm");process.stdout.write(p.version)})')

pkg="$here/pkg"
rm -rf "$pkg"
mkdir -p "$pkg"
# The JavaScript glue of one target (web, node) of module $2 into $3.
emit() {
    local bindgen_target=$1 wasm=$2 out=$3
    [ "$bindgen_target" = node ] && bindgen_target=nodejs
    wasm-bindgen --target "$bindgen_target" --out-dir "$out" --out-name kooperacje \
        --remove-name-section --remove-producers-section "$wasm"
}
# Optimises the module $1 in place.
optimise() {
    # -Oz, without binaryen's inlining: inlining makes the module a little larger and compress
    # much worse (measured: 286 KB gzipped without it, 313 KB with it), and the gzipped size is
    # what is downloaded. Tried for speed on the bulk replay of scripts/bench-wasm (on a module
    # built at opt-level "z"), and not worth their size: -O2, -O3 and a larger inlining limit
    # (-Oz -aimfs 10) were 10-25% faster for 34-39 KB more gzipped. -Os gives what -Oz gives;
    # --converge saves under 0.5 KB.
    "$here/node_modules/.bin/wasm-opt" -Oz --skip-pass=inlining --skip-pass=inlining-optimizing \
        --zero-filled-memory --strip-debug --strip-producers "$1" -o "$1"
}
# One entry point of the package: the crate with features $1 into the directory $2 of pkg/, for
# the web and for Node, their declarations pointed at pkg/types.d.ts.
entry_point() {
    local features=$1 dir=$2 target d_ts top
    # From $dir/web/ (or node/) up to pkg/.
    top=$(realpath -m --relative-to="$dir/web" "$pkg")
    # Copied out of target/: the next entry point's build writes the same file.
    cp "$(compile "$features")" "$staged"
    emit web "$staged" "$dir/web"
    emit node "$staged" "$dir/node"
    # wasm-bindgen writes the same module for both targets (only the glue differs): the package
    # ships it once, in web/ (where the web glue and bundlers look for it, next to the glue), and
    # the Node glue reads it from there. Optimised once (wasm-opt takes a third of this script's
    # time).
    if ! cmp -s "$dir/web/kooperacje_bg.wasm" "$dir/node/kooperacje_bg.wasm"; then
        echo "build.sh: wasm-bindgen wrote different modules for web and node (${dir#"$here/"}):" \
            "the Node glue can no longer share the web one" >&2
        exit 1
    fi
    rm "$dir/node/kooperacje_bg.wasm" "$dir/node/kooperacje_bg.wasm.d.ts"
    optimise "$dir/web/kooperacje_bg.wasm"
    local glue="$dir/node/kooperacje.js" text
    # shellcheck disable=SC2016 # the glue's own JavaScript template literal, not a shell expansion
    local from='const wasmPath = `${__dirname}/kooperacje_bg.wasm`;' \
        to='const wasmPath = `${__dirname}/../web/kooperacje_bg.wasm`;'
    if [ "$(grep -cF "$from" "$glue")" != 1 ]; then
        echo "build.sh: the line of $glue that reads the module ($from) is not there once:" \
            "the wasm-bindgen glue changed; point it at ../web/kooperacje_bg.wasm anew" >&2
        exit 1
    fi
    text=$(<"$glue")
    printf '%s\n' "${text/"$from"/"$to"}" >"$glue"
    for target in web node; do
        d_ts="$dir/$target/kooperacje.d.ts"
        # The module's declarations import the generated types from "./types.js" (src/lib.rs):
        # from the one copy at the package's top instead.
        if ! grep -q 'from "\./types\.js";$' "$d_ts"; then
            echo "build.sh: $d_ts does not import \"./types.js\" (src/lib.rs changed?)" >&2
            exit 1
        fi
        sed -i "s#from \"\./types\.js\";\$#from \"$top/types.js\";#" "$d_ts"
        # wasm-bindgen declares `[Symbol.dispose]()` on every class, which the TypeScript lib
        # `esnext.disposable` types: the declarations name that lib themselves, so that a project
        # compiles them with the default lib of its `target` (ES2015 or later: that lib builds on
        # ES2015's symbols) and no `lib` setting for them.
        if grep -q 'Symbol\.dispose' "$d_ts"; then
            { echo '/// <reference lib="esnext.disposable" />'; cat "$d_ts"; } >"$d_ts.new"
            mv "$d_ts.new" "$d_ts"
        fi
    done
    # The Node build is CommonJS inside an ES-module package.
    echo '{ "type": "commonjs" }' >"$dir/node/package.json"
    # Its face for `import` in Node: the CommonJS build's exports (one instance of the module for
    # `import` and `require` alike), and the web build's `init` and `initSync`, which have nothing
    # to do in Node, so that code written for browsers (`await init()` first) runs there as it is.
    cat >"$dir/node/kooperacje.mjs" <<'END'
// The Node.js build for `import`: the CommonJS build's exports (one instance of the module for
// `import` and `require`), and `init` and `initSync` as the web build has them, which have nothing
// to do here: the module is loaded when the package is imported.
export * from "./kooperacje.js";
export default async function init() {}
export function initSync() {}
END
    cat >"$dir/node/kooperacje.d.mts" <<'END'
export * from "./kooperacje.js";
/** Nothing to do in Node.js, where the module is loaded when the package is imported: for code
 * shared with browsers, where `await init()` loads it. The argument is ignored. */
export default function init(module_or_path?: unknown): Promise<void>;
/** Nothing to do in Node.js (see `init`). The argument is ignored. */
export function initSync(module?: unknown): void;
END
}
entry_point "" "$pkg"
entry_point basket "$pkg/basket"
cp "$types" "$pkg/types.d.ts"

cat >"$pkg/package.json" <<EOF
{
  "name": "kooperacje",
  "version": "$version",
  "description": "The Kooperacje 3D model of multi-agency social support (PZK, local basket of services, ZZK) as a WebAssembly rule engine",
  "keywords": ["kooperacje", "social-support", "social-work", "poland", "pzk", "zzk", "event-sourcing", "wasm", "webassembly"],
  "homepage": "https://github.com/kooperacje/kooperacje/tree/main/bindings-wasm#readme",
  "bugs": {
    "url": "https://github.com/kooperacje/kooperacje/issues"
  },
  "repository": {
    "type": "git",
    "url": "git+https://github.com/kooperacje/kooperacje.git",
    "directory": "bindings-wasm"
  },
  "license": "EUPL-1.2",
  "type": "module",
  "main": "./node/kooperacje.js",
  "module": "./web/kooperacje.js",
  "types": "./web/kooperacje.d.ts",
  "exports": {
    ".": {
      "node": {
        "import": {
          "types": "./node/kooperacje.d.mts",
          "default": "./node/kooperacje.mjs"
        },
        "require": {
          "types": "./node/kooperacje.d.ts",
          "default": "./node/kooperacje.js"
        }
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
    "./basket": {
      "node": {
        "import": {
          "types": "./basket/node/kooperacje.d.mts",
          "default": "./basket/node/kooperacje.mjs"
        },
        "require": {
          "types": "./basket/node/kooperacje.d.ts",
          "default": "./basket/node/kooperacje.js"
        }
      },
      "browser": {
        "types": "./basket/web/kooperacje.d.ts",
        "default": "./basket/web/kooperacje.js"
      },
      "import": {
        "types": "./basket/web/kooperacje.d.ts",
        "default": "./basket/web/kooperacje.js"
      },
      "default": {
        "types": "./basket/web/kooperacje.d.ts",
        "default": "./basket/web/kooperacje.js"
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
    "./basket/kooperacje_bg.wasm": "./basket/web/kooperacje_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": ["web/", "node/", "basket/", "types.d.ts"],
  "sideEffects": ["./node/kooperacje.js", "./basket/node/kooperacje.js"],
  "engines": {
    "node": ">=20"
  }
}
EOF

# What npm shows on the package's page, and the licence text (npm packs both whatever "files"
# says). The repository's LICENSE: a package built without one is not publishable, which
# package-test.sh reports.
cp "$here/README.md" "$pkg/README.md"
if [ -f "$root/LICENSE" ]; then
    cp "$root/LICENSE" "$pkg/LICENSE"
else
    log "warning: no LICENSE at the repository's root: the package has no licence text"
fi

# Ordinary modes whatever the umask and however a file was made (the types come from a mktemp
# file, which is 0600): files 0644, directories 0755, as npm would pack them for every user.
find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg" -type f -exec chmod 0644 {} +

hooked="$root/target/wasm-test-hooks"
rm -rf "$hooked"
if $test_hooks; then
    # The module of `kooperacje/basket` (the larger API) with the tests' panic trigger, for the
    # Node tests only (never in pkg/).
    emit node "$(compile test-hooks,basket)" "$hooked/node"
    echo '{ "type": "commonjs" }' >"$hooked/node/package.json"
    log "built ${hooked#"$root/"}/node (with the test hooks, not optimised)"
fi

for dir in "$pkg" "$pkg/basket"; do
    raw=$(stat -c %s "$dir/web/kooperacje_bg.wasm")
    gz=$(gzip -9c "$dir/web/kooperacje_bg.wasm" | wc -c)
    log "built ${dir#"$here/"} (kooperacje $version): kooperacje_bg.wasm $raw bytes, $gz bytes gzipped ($((gz / 1024)) KiB)"
done
