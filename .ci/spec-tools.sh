#!/usr/bin/env bash
# Third-party OpenAPI tools over openapi/alphapo.yaml: Redocly CLI (ruleset
# `recommended`, redocly.yaml + .redocly.lint-ignore.yaml), Spectral (`spectral:oas`,
# .spectral.yaml) and an OpenAPI 3.0 schema validator over every example
# (.ci/validate-examples.py). Any error or warning fails. The tools are installed at
# pinned versions into target/ci-tools/ inside the clone, never globally.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

REDOCLY_VERSION=2.77.0
SPECTRAL_VERSION=6.16.3
OPENAPI_SCHEMA_VALIDATOR_VERSION=0.9.0
PYYAML_VERSION=6.0.4
SPEC=openapi/alphapo.yaml
TOOLS=target/ci-tools

# No telemetry, no update checks: the only network use is the registries below.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export NO_UPDATE_NOTIFIER=1

step() { printf '\n==> %s\n' "$*"; }

step "spec tools: install (pinned, into ${TOOLS})"
if ! command -v npm >/dev/null || ! python3 -m venv --help >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm python3-venv >/dev/null
fi
npm_dir="${TOOLS}/npm-redocly-${REDOCLY_VERSION}-spectral-${SPECTRAL_VERSION}"
if [[ ! -x "${npm_dir}/node_modules/.bin/redocly" || ! -x "${npm_dir}/node_modules/.bin/spectral" ]]; then
    mkdir -p "${npm_dir}"
    npm install --prefix "${npm_dir}" --no-audit --no-fund --loglevel=error \
        "@redocly/cli@${REDOCLY_VERSION}" "@stoplight/spectral-cli@${SPECTRAL_VERSION}"
fi
venv="${TOOLS}/venv-osv-${OPENAPI_SCHEMA_VALIDATOR_VERSION}"
if [[ ! -x "${venv}/bin/python" ]] || ! "${venv}/bin/python" -c 'import openapi_schema_validator, yaml' 2>/dev/null; then
    python3 -m venv "${venv}"
    "${venv}/bin/pip" install --quiet --disable-pip-version-check \
        "openapi-schema-validator==${OPENAPI_SCHEMA_VALIDATOR_VERSION}" "PyYAML==${PYYAML_VERSION}"
fi
bin="${npm_dir}/node_modules/.bin"
node --version

step "redocly lint (recommended): no error, no warning"
redocly_log="$(mktemp)"
trap 'rm -f "${redocly_log}"' EXIT
"${bin}/redocly" lint "${SPEC}" --max-problems 1000 --format stylish 2>&1 | tee "${redocly_log}"
# `redocly lint` fails on errors only: fail on warnings too.
if grep -qE '(^|[[:space:]])(error|warning)[[:space:]]' "${redocly_log}"; then
    echo "redocly reported problems (see above)"
    exit 1
fi

step "spectral lint (spectral:oas): no finding of any severity"
"${bin}/spectral" lint --ruleset .spectral.yaml --fail-severity hint "${SPEC}"

step "every example validates against its schema (OpenAPI 3.0 validator)"
"${venv}/bin/python" .ci/validate-examples.py "${SPEC}"
