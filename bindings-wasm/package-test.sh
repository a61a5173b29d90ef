#!/usr/bin/env bash
# The npm package as a user gets it: the tarball `npm pack` makes of bindings-wasm/pkg/ (built by
# build.sh first), installed with `npm install <tarball>` into fresh projects under /tmp, never
# the source folder. Prints TAP ("ok N - …", then "# pass N" and "# fail N"); exits non-zero on a
# failure.
#
#   bash bindings-wasm/package-test.sh
#
# - The tarball's files: README.md (this folder's README.md), LICENSE (the repository's), a
#   package.json with the repository metadata and every file its exports name, each module once
#   (web/kooperacje_bg.wasm, which the Node build loads too, and basket/web/kooperacje_bg.wasm),
#   and nothing else (no tests, demo, sources or source maps).
# - `require` and `import` of both entry points in the installed package; `import init` (the web
#   build's default export) resolves in Node too, and `import` and `require` share one instance.
# - The package README's TypeScript example (the block "```ts example"): type-checked by tsc
#   under "module"/"moduleResolution" "nodenext" in an ES module project and in a CommonJS one
#   (where the package's types resolve by the `require` condition), compiled there to `import`
#   and to `require`, run by node: each must print the README's block "```text example-output".
#   A copy with a misspelt command type must not type-check.
# - The README's bundler guide: its app ("```js bundle-app"), built with its esbuild command
#   ("```sh bundle-build"; `npx esbuild` is this folder's pinned esbuild), must put the .wasm
#   next to the bundle and print the block "```text bundle-output" in Node and, loaded by its
#   page ("```html bundle-page"), in Chromium (tests/consumer-chromium.mjs).
#
# TypeScript, esbuild and playwright-core are this folder's (package-lock.json), not reinstalled.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
pkg=$here/pkg
bin=$here/node_modules/.bin
work=$(mktemp -d /tmp/kooperacje-npm-XXXXXX)
trap 'rm -rf "$work"' EXIT

source "$root/scripts/tap.sh"
# The lines of the block "```TAG" of the installed package's README (an empty output if none).
block() {
    awk -v tag="$1" '$0 == "```" tag { on = 1; next } /^```$/ { if (on) exit } on' \
        "$work/ts-esm/node_modules/kooperacje/README.md"
}
# Fails, showing both, when the file $1 (read once: it may be a pipe) differs from the text $2.
same() {
    local got
    got=$(cat "$1")
    if [ "$got" != "$2" ]; then
        echo "expected:"
        printf '%s\n' "$2"
        echo "got:"
        printf '%s\n' "$got"
        return 1
    fi
}
# Runs a command in the directory $1: it must succeed and print the text $2 (its stderr is shown
# on a failure). runs DIRECTORY TEXT COMMAND...
runs() {
    local dir=$1 want=$2
    shift 2
    (cd "$dir" && "$@" >"$work/stdout") && same "$work/stdout" "$want"
}

if [ ! -f "$pkg/package.json" ]; then
    echo "Bail out! no bindings-wasm/pkg/package.json: run bash bindings-wasm/build.sh first"
    exit 1
fi

# ---- the tarball ----
pack() {
    (cd "$work" && npm pack "$pkg" --pack-destination "$work" --loglevel=error >"$work/tarball-name") &&
        tgz=$work/$(tail -1 "$work/tarball-name") && [ -f "$tgz" ] &&
        mkdir "$work/unpacked" && tar xzf "$tgz" -C "$work/unpacked" &&
        tar tzf "$tgz" | sort >"$work/files" &&
        echo "$(stat -c %s "$tgz") bytes, $(wc -l <"$work/files") files"
}
tgz=
step "npm pack bindings-wasm/pkg" pack
[ -n "$tgz" ] && [ -f "$tgz" ] || finish
echo "# $(basename "$tgz"): $(stat -c %s "$tgz") bytes packed, $(du -sb "$work/unpacked" | cut -f1) bytes unpacked"
unpacked=$work/unpacked/package

has_top_files() {
    local f
    for f in README.md LICENSE package.json; do grep -qx "package/$f" "$work/files" || { echo "no $f" && return 1; }; done
}
step "the tarball has README.md, LICENSE and package.json" has_top_files
step "its README.md is bindings-wasm/README.md" cmp "$here/README.md" "$unpacked/README.md"
step "its LICENSE is the repository's" cmp "$root/LICENSE" "$unpacked/LICENSE"
step "it ships each module once: web/kooperacje_bg.wasm and basket/web/kooperacje_bg.wasm" \
    same <(grep '\.wasm$' "$work/files") "$(printf '%s\n' package/basket/web/kooperacje_bg.wasm package/web/kooperacje_bg.wasm)"
# Every file the tarball may hold: the glue and declarations of each build, each module's own
# declarations, the Node builds' face for `import` and `"type": "commonjs"`, and at the top the
# generated types that every build's declarations import, and three files. Nothing else: no
# tests, demo, sources or source maps.
allowed='package/(README\.md|LICENSE|package\.json'
allowed+='|(basket/)?web/(kooperacje\.js|kooperacje\.d\.ts|kooperacje_bg\.wasm|kooperacje_bg\.wasm\.d\.ts)'
allowed+='|(basket/)?node/(kooperacje\.js|kooperacje\.d\.ts|kooperacje\.mjs|kooperacje\.d\.mts|package\.json)|types\.d\.ts)'
only_allowed() { ! grep -vxE "$allowed" "$work/files"; }
step "it has no file but the builds, the README, the licence and package.json (no tests, demo, sources, maps)" \
    only_allowed
step "its package.json: repository, homepage, bugs, keywords, licence, and every file its exports name" \
    node -e '
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const dir = process.argv[1];
const p = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
assert.deepEqual(p.repository, { type: "git", url: "git+https://github.com/kooperacje/kooperacje.git", directory: "bindings-wasm" });
assert.equal(p.homepage, "https://github.com/kooperacje/kooperacje/tree/main/bindings-wasm#readme");
assert.deepEqual(p.bugs, { url: "https://github.com/kooperacje/kooperacje/issues" });
assert.equal(p.license, "EUPL-1.2");
assert.ok(Array.isArray(p.keywords) && p.keywords.includes("kooperacje"), String(p.keywords));
const targets = [p.main, p.module, p.types];
const walk = (node) => typeof node === "string" ? targets.push(node) : Object.values(node).forEach(walk);
walk(p.exports);
for (const t of targets) assert.ok(fs.existsSync(path.join(dir, t)), `${t} is not in the tarball`);
' "$unpacked"

# ---- fresh projects with the tarball installed ----
install() { # directory, package.json "type"
    mkdir -p "$1" &&
        printf '{ "name": "consumer", "version": "1.0.0", "private": true, "type": "%s" }\n' "$2" >"$1/package.json" &&
        (cd "$1" && npm install "$tgz" --no-audit --no-fund --loglevel=error) &&
        [ -f "$1/node_modules/kooperacje/package.json" ] && [ ! -L "$1/node_modules/kooperacje" ]
}
step "npm install the tarball into a fresh ES module project" install "$work/ts-esm" module
step "npm install the tarball into a fresh CommonJS project" install "$work/ts-cjs" commonjs
step "npm install the tarball into a fresh project for esbuild" install "$work/bundle" module
[ -f "$work/ts-esm/node_modules/kooperacje/README.md" ] || finish
version=$(node -p 'require(process.argv[1]).version' "$unpacked/package.json")

# Both entry points, by require (CommonJS) and by import (an ES module), in Node.
probe='const m = new k.Model(); const b = new basket.Model(); console.log(k.version(), typeof k.basketExport, typeof basket.basketExport, m.stateJson() === b.stateJson());'
step "require of kooperacje and kooperacje/basket in the CommonJS project" \
    runs "$work/ts-cjs" "$version undefined function true" \
    node -e "const k = require('kooperacje'); const basket = require('kooperacje/basket'); $probe"
step "import of kooperacje and kooperacje/basket in the ES module project" \
    runs "$work/ts-esm" "$version undefined function true" \
    node --input-type=module -e "import * as k from 'kooperacje'; import * as basket from 'kooperacje/basket'; $probe"
# Code written for browsers (`await init()` first) in Node, with the instance `require` gets.
step "import init from kooperacje in Node: init() resolves, the same Model as require's" \
    runs "$work/ts-esm" "undefined true" \
    node --input-type=module -e "import init, { Model } from 'kooperacje'; import { createRequire } from 'node:module';
        console.log(await init(), Model === createRequire(process.cwd() + '/')('kooperacje').Model);"

# ---- the README's TypeScript example ----
example=$(block "ts example")
expected=$(block "text example-output")
step "the package README has the TypeScript example and its output" \
    eval '[ -n "$expected" ] && [[ $example == *"from \"kooperacje\""* ]]'
tsconfig='{ "compilerOptions": { "strict": true, "target": "es2022", "module": "nodenext",
  "moduleResolution": "nodenext", "types": [], "outDir": "dist", "rootDir": "." }, "files": ["example.ts"] }'
for kind in esm cjs; do
    printf '%s\n' "$example" >"$work/ts-$kind/example.ts"
    printf '%s\n' "$tsconfig" >"$work/ts-$kind/tsconfig.json"
done
step "tsc (nodenext) type-checks and compiles the README's example in the ES module project" \
    "$bin/tsc" -p "$work/ts-esm" --pretty false
step "tsc (nodenext) type-checks and compiles the README's example in the CommonJS project" \
    "$bin/tsc" -p "$work/ts-cjs" --pretty false
compiled_forms() {
    local esm=$work/ts-esm/dist/example.js cjs=$work/ts-cjs/dist/example.js
    grep '^import .* from "kooperacje";' "$esm" && ! grep 'require(' "$esm" &&
        grep 'require("kooperacje")' "$cjs" && ! grep '^import ' "$cjs"
}
step "tsc wrote an ES module (import from \"kooperacje\") and a CommonJS one (require(\"kooperacje\"))" \
    compiled_forms
for kind in esm cjs; do
    step "node runs the README's example as $([ $kind = esm ] && echo an ES module || echo CommonJS) and it prints the README's output" \
        runs "$work/ts-$kind" "$expected" node dist/example.js
done
# The check can fail: the types come from the installed package (a command type they do not
# know is refused), for an `import` and for a `require` resolution alike.
refuses_misspelt() { # project directory
    local dir=$1
    sed 's/type: "suspend_zzk"/type: "suspend_zk"/' "$dir/example.ts" >"$dir/broken.ts"
    cmp -s "$dir/example.ts" "$dir/broken.ts" && { echo "the example has no suspend_zzk" && return 1; }
    if (cd "$dir" && "$bin/tsc" --noEmit --pretty false --strict --target es2022 --module nodenext \
        --moduleResolution nodenext broken.ts) >"$dir/tsc.txt"; then
        echo "tsc accepted it"
        return 1
    fi
    cat "$dir/tsc.txt"
    grep -qE 'error TS(2322|2820): .*"suspend_zk"' "$dir/tsc.txt"
}
for kind in esm cjs; do
    step "tsc refuses a copy of the example with a misspelt command type ($kind project)" \
        refuses_misspelt "$work/ts-$kind"
done

# ---- the bundler guide (esbuild) ----
bundle=$work/bundle
block "js bundle-app" >"$bundle/app.js"
block "html bundle-page" >"$bundle/index.html"
build_command=$(block "sh bundle-build")
bundle_expected=$(block "text bundle-output")
guide_blocks() {
    [ -s "$bundle/app.js" ] && [ -s "$bundle/index.html" ] && [ -n "$bundle_expected" ] &&
        [[ $build_command == "npx esbuild "* ]]
}
step "the README's bundler guide has an app, a page, an esbuild command and the output" guide_blocks
bundle_build() {
    # The guide's command, its words as a shell reads them (quotes and all), with this folder's
    # esbuild for `npx esbuild`.
    local args wasm
    eval "args=(${build_command#npx esbuild })"
    (cd "$bundle" && "$bin/esbuild" "${args[@]}") || return 1
    wasm=("$bundle"/dist/*.wasm)
    echo "dist: $(cd "$bundle/dist" && echo *)"
    [ -f "$bundle/dist/app.js" ] && [ "${#wasm[@]}" = 1 ] &&
        cmp "${wasm[0]}" "$bundle/node_modules/kooperacje/web/kooperacje_bg.wasm"
}
step "the guide's esbuild command bundles the app, the .wasm beside it (esbuild $("$bin/esbuild" --version))" \
    bundle_build
step "the bundle runs in Node and prints the guide's output" \
    runs "$bundle" "$bundle_expected" node dist/app.js
step "the bundle runs in Chromium, fetches its .wasm and prints the guide's output" \
    runs "$bundle" "$bundle_expected" \
    node "$here/tests/consumer-chromium.mjs" . index.html "$(printf '%s\n' "$bundle_expected" | wc -l)"

finish
