#!/usr/bin/env bash
# The Python package as a user gets it: builds the publishable artefacts with maturin — the abi3
# manylinux wheel (one wheel for every CPython from 3.10 on) and the sdist — checks the wheel
# (maturin's own manylinux check, then the `auditwheel` tool) and the sdist's contents and
# metadata, installs that one wheel file into fresh venvs of the oldest and newest CPython pyenv
# has, and runs there the README's Python quick start (the block scripts/test extracts), a pickle
# round trip, and an import without the optional analytics libraries. Prints TAP.
#
#   bash bindings-python/package-test.sh
#
# The wheel is built with the profile `python-test` (Cargo.toml: opt-level 1, no LTO), as
# scripts/test's Python section builds its own: minutes sooner than `release` on a small machine.
# The published wheel is the same configuration — same features (none: no test hooks), abi3,
# manylinux check, metadata, stripped — built with `release` instead:
#   KOOPERACJE_WHEEL_PROFILE=release bash bindings-python/package-test.sh
# Building the sdist into a wheel compiles everything once more (several minutes here), so by
# default the sdist's file list is checked instead; KOOPERACJE_SDIST_BUILD=1 also pip-installs it
# into a fresh venv and runs the quick start against that.
set -uo pipefail
cd "$(dirname "$0")/.."

out=target/python-package
profile=${KOOPERACJE_WHEEL_PROFILE:-python-test}
oldest=${KOOPERACJE_PYTHON_OLDEST:-/root/.pyenv/versions/3.10.13/bin/python3}
newest=${KOOPERACJE_PYTHON_NEWEST:-/root/.pyenv/versions/3.13.0/bin/python3}
# The checker of manylinux wheels, pinned; maturin is pinned once, in pyproject.toml.
auditwheel_req=auditwheel==6.8.2

rm -rf "$out"
mkdir -p "$out/dist"

source scripts/tap.sh

# The README's quick start, as scripts/test runs it.
quickstart_python=$(bash scripts/quickstart python)

tools() {
    local maturin_req
    maturin_req=$(python3 -c 'import sys, tomllib
with open("bindings-python/pyproject.toml", "rb") as f:
    print(*[r for r in tomllib.load(f)["build-system"]["requires"] if r.startswith("maturin")])') &&
        [ -n "$maturin_req" ] && [ -n "$quickstart_python" ] &&
        python3 -m venv "$out/tools" &&
        "$out/tools/bin/pip" install -q --disable-pip-version-check "$maturin_req" "$auditwheel_req"
}
step "tools: maturin (pyproject's pin) and $auditwheel_req in a venv" tools || finish

# The wheel, with maturin's manylinux audit in check mode: the build fails if the module needs a
# library outside the manylinux policy, and the tag says which glibc it needs.
build_wheel() {
    "$out/tools/bin/maturin" build -m bindings-python/Cargo.toml --profile "$profile" \
        --auditwheel check -o "$out/dist"
}
step "maturin build: the wheel (profile $profile)" build_wheel || finish
wheels=("$out"/dist/*.whl)
wheel=${wheels[0]}
echo "# wheel: ${wheel##*/}"

# One wheel, of the stable ABI from CPython 3.10, tagged manylinux.
step "the wheel is the single abi3 manylinux wheel (cp310-abi3-manylinux_*_x86_64)" \
    bash -c '[ "$#" -eq 1 ] && [[ "${1##*/}" =~ ^kooperacje-[0-9.]+-cp310-abi3-manylinux_2_[0-9]+_x86_64\.whl$ ]]' _ "${wheels[@]}"
step "auditwheel show: consistent with a manylinux tag, no external libraries to vendor" \
    bash -c '"$1/tools/bin/auditwheel" show "$2" | tee /dev/stderr | tr "\n" " " | grep -Eq "consistent with the following platform tag: \"manylinux_2_[0-9]+_x86_64\""' _ "$out" "$wheel"

# The wheel's metadata and contents: PEP 639 licence, URLs, extras, stubs, a stripped module.
check_wheel() {
    "$out/tools/bin/python" - "$wheel" <<'EOF'
import sys, zipfile
from email.parser import Parser

wheel = zipfile.ZipFile(sys.argv[1])
names = wheel.namelist()
meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
meta = Parser().parsestr(wheel.read(meta_name).decode())
def want(cond, what):
    if not cond:
        sys.exit(f"wheel: {what}")
want(meta["License-Expression"] == "EUPL-1.2", "License-Expression EUPL-1.2")
want(any(n.endswith(".dist-info/licenses/LICENSE") for n in names), "the licence text")
want(meta["Requires-Python"] == ">=3.10", "Requires-Python >=3.10")
urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
want(urls.get("Repository") == "https://github.com/kooperacje/kooperacje", "Repository URL")
want(urls.get("Changelog") == "https://github.com/kooperacje/kooperacje/blob/main/CHANGELOG.md", "Changelog URL")
want("https://github.com/kooperacje/kooperacje/issues" in urls.values(), "issues URL")
want(set(meta.get_all("Provides-Extra")) == {"arrow", "polars", "pandas"}, "the extras")
want(all("extra ==" in r for r in meta.get_all("Requires-Dist")), "no required dependency")
classifiers = set(meta.get_all("Classifier"))
for c in ("Programming Language :: Python :: 3.10", "Programming Language :: Python :: 3.13",
          "Typing :: Typed", "Natural Language :: Polish", "Programming Language :: Rust"):
    want(c in classifiers, c)
for n in ("kooperacje/py.typed", "kooperacje/_native.pyi", "kooperacje/records.pyi",
          "kooperacje/_native.abi3.so"):
    want(n in names, n)
want(wheel.getinfo("kooperacje/_native.abi3.so").file_size < 20_000_000, "a stripped module")
print("wheel metadata and contents as expected")
EOF
}
step "the wheel's metadata (SPDX licence, URLs, extras, classifiers) and contents (stubs, py.typed)" check_wheel

# The sdist: the workspace crates the bindings need come with it.
step "maturin sdist" "$out/tools/bin/maturin" sdist -m bindings-python/Cargo.toml -o "$out/dist"
sdists=("$out"/dist/*.tar.gz)
sdist=${sdists[0]}
check_sdist() {
    "$out/tools/bin/python" - "$sdist" <<'EOF'
import sys, tarfile
from email.parser import Parser

sdist = tarfile.open(sys.argv[1])
root = sdist.getnames()[0].split("/")[0]
names = {n.removeprefix(root + "/") for n in sdist.getnames()}
missing = [n for n in (
    "PKG-INFO", "pyproject.toml", "Cargo.toml", "Cargo.lock", "LICENSE",
    "core/Cargo.toml", "core/build.rs", "core/src/lib.rs", "store/Cargo.toml", "store/src/lib.rs",
    "formats/Cargo.toml", "formats/src/lib.rs", "bindings-python/Cargo.toml",
    "bindings-python/src/lib.rs", "bindings-python/src/pickle.rs",
    "python/kooperacje/__init__.py", "python/kooperacje/py.typed",
) if n not in names]
if missing:
    sys.exit(f"sdist lacks {missing}")
meta = Parser().parsestr(sdist.extractfile(f"{root}/PKG-INFO").read().decode())
if meta["License-Expression"] != "EUPL-1.2":
    sys.exit("sdist: License-Expression")
unwanted = [n for n in names if n.startswith(("target/", "cli/", "bindings-wasm/", "bindings-c/"))]
if unwanted:
    sys.exit(f"sdist carries what the package does not build: {unwanted[:5]}")
print(f"{len(names)} files; the workspace crates core, store and formats are in")
EOF
}
step "the sdist carries the workspace crates it builds (core, store, formats) and its metadata" check_sdist

# Fresh venvs of the oldest and newest CPython: the same wheel file in both.
for python in "$oldest" "$newest"; do
    version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || {
        step "CPython at $python" false
        continue
    }
    venv="$out/venv-$version"
    step "CPython $version: fresh venv, pip install ${wheel##*/}" bash -c \
        '"$1" -m venv "$2" && "$2/bin/pip" install -q --disable-pip-version-check --no-index "$3"' \
        _ "$python" "$venv" "$wheel"
    # From the repository root, as scripts/test runs it (the quick start reads tests/quickstart/).
    step "CPython $version: the README's Python quick start prints Praca ZZK" \
        bash -c '[ "$("$1/bin/python" -c "$2")" = "Praca ZZK" ]' _ "$venv" "$quickstart_python"
    step "CPython $version: imported from the venv, without pyarrow, polars or pandas; a missing one names its extra" \
        "$venv/bin/python" -c '
import datetime, importlib.util, sys, kooperacje, kooperacje.tables as kt
assert kooperacje.__file__.startswith(sys.prefix), kooperacje.__file__
assert all(importlib.util.find_spec(m) is None for m in ("pyarrow", "polars", "pandas"))
t = kt.load([], as_of=datetime.date(2026, 1, 1))
try:
    t.zzks.to_polars()
    raise SystemExit("to_polars without polars")
except ImportError as e:
    assert "pip install '"'"'kooperacje[polars]'"'"'" in str(e), e
'
    step "CPython $version: a model, its events and tables pickle and come back equal" \
        "$venv/bin/python" -c '
import copy, datetime, pickle, kooperacje, kooperacje.tables as kt
m = kooperacje.Model.from_jsonl(open("tests/quickstart/pzk.jsonl", encoding="utf-8").read())
for p in range(pickle.HIGHEST_PROTOCOL + 1):
    back = pickle.loads(pickle.dumps(m, protocol=p))
    assert back.to_json() == m.to_json() and back.events == m.events
t = kt.load(m, as_of=datetime.date(2026, 12, 31))
assert copy.deepcopy(t.services) == t.services and len(t.services) > 0
'
done

if [ "${KOOPERACJE_SDIST_BUILD:-0}" = 1 ]; then
    venv="$out/venv-sdist"
    step "the sdist builds and installs in a fresh venv (pip, profile $profile)" bash -c \
        '"$1" -m venv "$2" && "$2/bin/pip" install -q --disable-pip-version-check "$3" --config-settings "build-args=--profile $4"' \
        _ "$newest" "$venv" "$sdist" "$profile"
    step "sdist install: the README's Python quick start prints Praca ZZK" \
        bash -c '[ "$("$1/bin/python" -c "$2")" = "Praca ZZK" ]' _ "$venv" "$quickstart_python"
fi

finish
