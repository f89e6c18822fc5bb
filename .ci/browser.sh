#!/usr/bin/env bash
# The sandbox's checkout page and dashboard in a real browser: Playwright
# (playwright-core, pinned, installed into target/ci-tools/) drives Debian's
# Chromium, headless, through .ci/browser/checkout.test.mjs against the
# `browser_checkout` example of the tests package (an in-process sandbox, a
# shop on the SDK, a receiver verifying callbacks). Screenshots:
# target/browser/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PLAYWRIGHT_CORE_VERSION=1.65.1
TOOLS=target/ci-tools
TARGET="${CARGO_TARGET_DIR:-target}"
export NO_UPDATE_NOTIFIER=1

step() { printf '\n==> %s\n' "$*"; }
started=${SECONDS}

step "browser test: install Chromium and playwright-core ${PLAYWRIGHT_CORE_VERSION}"
# Only what is missing: Debian's npm pulls hundreds of packages, so a machine
# with Node already (the wire step uses it too) installs Chromium alone.
packages=()
command -v chromium >/dev/null || packages+=(chromium)
command -v npm >/dev/null || packages+=(nodejs npm)
if ((${#packages[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${packages[@]}" >/dev/null
fi
# The browser itself, not Debian's wrapper script around it.
chromium_bin=/usr/lib/chromium/chromium
[[ -x "${chromium_bin}" ]] || chromium_bin="$(command -v chromium)"
npm_dir="${TOOLS}/npm-playwright-core-${PLAYWRIGHT_CORE_VERSION}"
if [[ ! -f "${npm_dir}/node_modules/playwright-core/package.json" ]]; then
    mkdir -p "${npm_dir}"
    npm install --prefix "${npm_dir}" --no-audit --no-fund --loglevel=error \
        "playwright-core@${PLAYWRIGHT_CORE_VERSION}"
fi
"${chromium_bin}" --version

step "browser test: build the merchant (tests/examples/browser_checkout.rs)"
# The workspace's feature set, as the test step built the examples: nothing
# to compile again after it.
cargo build --workspace --examples --locked

step "browser test: Playwright + Chromium"
mkdir -p target/browser
rm -f target/browser/*.png
SCENARIO_BIN="${TARGET}/debug/examples/browser_checkout" \
    PLAYWRIGHT_CORE_DIR="$(pwd)/${npm_dir}/node_modules" \
    CHROMIUM="${chromium_bin}" \
    SCREENSHOTS="$(pwd)/target/browser" \
    node --test --test-reporter=spec .ci/browser/checkout.test.mjs
ls target/browser/*.png
echo "browser step: $((SECONDS - started)) s"
