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

# `cargo publish --workspace` puts the crates it packages in an overlay
# registry (target/package/tmp-registry), unpacks each one it verifies into
# $CARGO_HOME/registry/src/-<hash>/<name>-<version>/ (the hash taken from the
# overlay's path alone) and builds it into the workspace's target directory.
# Cargo takes a registry crate as immutable: an unpacked copy found there is
# reused as it is (it looks for the `.cargo-ok` marker, not at the contents),
# and so is a build of it in target/ (its fingerprint is the name, version and
# source, not the contents). On a machine that ran this check before from the
# same path, or in a checkout that ran it before, the verification would build
# each crate against an earlier commit's sources of its sibling crates. So the
# overlay, the unpacked copies of this workspace's crates (in path registries
# only, the `-<hash>` directories) and their builds go first, and every run
# verifies what it has just packaged.
cargo_home="${CARGO_HOME:-${HOME}/.cargo}"
publishable="$(cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys
for package in json.load(sys.stdin)["packages"]:
    if package["publish"] != []:
        print(package["name"], package["version"])
')"
rm -rf target/package
clean_args=()
while read -r name version; do
    rm -rf "${cargo_home}/registry/src/-"*/"${name}-${version}"
    clean_args+=(-p "${name}")
done <<<"${publishable}"
cargo clean --locked "${clean_args[@]}"

# A clean clone is not dirty; --allow-dirty only lets a developer run this
# with uncommitted work.
cargo publish --dry-run --workspace --locked --allow-dirty "$@"
