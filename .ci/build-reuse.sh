#!/usr/bin/env bash
# The README's two commands share their build: on a fresh clone (an empty
# target/), the test command compiles no third-party crate that the first
# command compiled. Measured with cargo's own output, not a model of it:
#
#   1. `cargo build -p alphapo-cli --locked`: what `cargo run -p alphapo-cli
#      -- demo` compiles (same package, same features);
#   2. `cargo test --workspace --locked --no-run`: what the test command
#      compiles on top;
#   3. every third-party crate (a `Compiling name vX.Y.Z` line without a
#      path) named by both outputs was compiled twice: the script lists them
#      and fails.
#
# .ci/run runs it as its first build, so that nothing was compiled before it
# (clippy's check builds share proc macros and build scripts with these) and
# the rest of CI reuses both builds. Run on a target/ that holds the builds
# already, it measures nothing and says so. The remedy for a crate compiled
# twice: ask for the test build's features in crates/alphapo-workspace-hack
# (under [build-dependencies] for a crate the build host compiles), or drop
# the dependency that asks for other ones.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OUT=${CARGO_TARGET_DIR:-target}/build-reuse
mkdir -p "${OUT}"

# `Compiling serde v1.0.229` -> `serde v1.0.229`; the workspace's own crates
# (`Compiling alphapo v0.1.0 (/path)`) are left out.
third_party() {
    sed -n 's/^ *Compiling \([^ ]*\) \(v[^ ]*\)$/\1 \2/p' "$1" | sort -u
}

build() {
    local name=$1
    shift
    local started=${SECONDS}
    if ! "$@" 2>"${OUT}/${name}.log"; then
        cat "${OUT}/${name}.log"
        echo "build-reuse: $* failed"
        exit 1
    fi
    third_party "${OUT}/${name}.log" >"${OUT}/${name}.crates"
    echo "build-reuse: $* compiled $(wc -l <"${OUT}/${name}.crates") third-party crates in $((SECONDS - started)) s"
}

build first cargo build -p alphapo-cli --locked
build second cargo test --workspace --locked --no-run

if [[ ! -s "${OUT}/first.crates" ]]; then
    echo "build-reuse: measured nothing: target/ held the demo's build already (run it on a fresh clone)"
    exit 0
fi
twice=$(comm -12 "${OUT}/first.crates" "${OUT}/second.crates")
if [[ -n "${twice}" ]]; then
    echo "build-reuse: compiled by both commands (features or dependencies differ):"
    printf '  %s\n' ${twice// /@} | tr '@' ' '
    echo "build-reuse: align them in crates/alphapo-workspace-hack/Cargo.toml"
    exit 1
fi
echo "build-reuse: no third-party crate compiled twice"
