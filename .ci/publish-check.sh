#!/usr/bin/env bash
# Checks that every publishable crate packages and builds from its package
# alone, as crates.io would get it. Nothing is uploaded (--dry-run).
#
# `cargo publish --workspace` (cargo >= 1.90) packages the crates in
# dependency order (auth, gen, httpmock, sandbox, alphapo, cli) and resolves
# each one's dependencies on the others from the crates it just packaged, so
# crates whose dependencies are not on crates.io yet are verified too.
# Packages with `publish = false` (tests, xtask) are skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The verification builds use the dev profile of each packaged crate alone;
# without debug info they compile faster and share more of the artifacts the
# earlier CI steps built (the workspace builds dependencies without it too).
export CARGO_PROFILE_DEV_DEBUG=0

# A clean clone is not dirty; --allow-dirty only lets a developer run this
# with uncommitted work.
cargo publish --dry-run --workspace --locked --allow-dirty "$@"
