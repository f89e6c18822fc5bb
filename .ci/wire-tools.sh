#!/usr/bin/env bash
# Truth on the wire: third-party OpenAPI tools hold the spec, the sandbox and
# the CLI to each other (issue 9). Called by .ci/run; runs alone as well:
#   bash .ci/wire-tools.sh
#
# 1. Installs schemathesis (PyPI) and Prism (npm) at pinned versions into
#    target/ci-tools (never globally, no cache outside the clone).
# 2. Builds the CLI and starts, on 127.0.0.1, two fresh sandboxes and three
#    Prism servers (proxy --errors, proxy without --errors to name the
#    violations, mock --errors). All are stopped on exit.
# 3. schemathesis against sandbox A: every check, positive and negative data,
#    a fixed seed and a bounded number of examples, each request signed over
#    the bytes sent (.ci/wire/signing_hooks.py). A failed check passes only
#    when .ci/wire/schemathesis-allowed.toml lists it as a business rule.
# 4. Every operation subcommand of the CLI through Prism proxy --errors in
#    front of sandbox B, `alphapo ping` without credentials behind the proxy
#    and the mock, transactions/info validated directly
#    (.ci/wire/cli_behind_prism.py).
# 5. Prints the counts and the time of each part. Every part runs even when
#    an earlier one failed; the script fails if any did.
#
# Logs and reports: target/wire/. How to read a failure and how to allow a
# business rule: .ci/wire/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
WIRE=$ROOT/.ci/wire
TOOLS=$ROOT/target/ci-tools
OUT=$ROOT/target/wire
SPEC=$ROOT/openapi/alphapo.yaml
CLI=${CARGO_TARGET_DIR:-$ROOT/target}/debug/alphapo

# schemathesis' bounds: examples per operation and phase, a fixed seed (CI
# keeps this one; another is given as SCHEMATHESIS_SEED=N to try more data),
# and a wall-clock cap that fails the run rather than let it grow.
SCHEMATHESIS_MAX_EXAMPLES=60
SCHEMATHESIS_SEED=${SCHEMATHESIS_SEED:-20261201}
SCHEMATHESIS_TIME_LIMIT=${SCHEMATHESIS_TIME_LIMIT:-180}
# A cap on the Prism part (each call has its own 30 s limit too).
PRISM_TIME_LIMIT=300
# How long a server may take to start listening.
START_TIMEOUT=90

# The sandboxes' credentials (not the sandbox's published defaults, so a
# client that signs with anything else is refused), read by the hooks and
# the Prism driver.
export ALPHAPO_WIRE_API_KEY=wire-tools-key
export ALPHAPO_WIRE_SECRET=wire-tools-secret
# Nothing written next to the checked-in Python files.
export PYTHONDONTWRITEBYTECODE=1

rm -rf "$OUT"
mkdir -p "$OUT" "$TOOLS"

SERVER_PIDS=()
stop_servers() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${SERVER_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_servers EXIT
# A signal ends the script through `exit`, so the EXIT trap still runs.
trap 'exit 130' INT TERM

SUMMARY=()
FAILED=0
PART_START=
part() { PART_START=$EPOCHREALTIME; printf '\n==> wire: %s\n' "$*"; }
# done_part NAME STATUS [DETAIL]: records a finished part and its time.
done_part() {
    local seconds
    seconds=$(awk -v a="$PART_START" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    SUMMARY+=("$(printf '  %-34s %7s s  %-4s  %s' "$1" "$seconds" "$2" "${3:-}")")
    [[ $2 == ok ]] || FAILED=1
}
TOTAL_START=$EPOCHREALTIME

# --- 1. tools ---------------------------------------------------------------

# Each install is skipped when the pinned list it was made from is unchanged.
install_python() {
    local venv=$TOOLS/venv
    if cmp -s "$WIRE/requirements.txt" "$venv/.pinned" 2>/dev/null; then return; fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --no-cache-dir --disable-pip-version-check --quiet \
        --only-binary=:all: -r "$WIRE/requirements.txt"
    cp "$WIRE/requirements.txt" "$venv/.pinned"
}

install_node() {
    local prefix=$TOOLS/node
    if cmp -s "$WIRE/prism/package-lock.json" "$prefix/.pinned" 2>/dev/null; then return; fi
    rm -rf "$prefix"
    mkdir -p "$prefix"
    cp "$WIRE/prism/package.json" "$WIRE/prism/package-lock.json" "$prefix/"
    # Install scripts are not run (Prism needs none; one dependency's would
    # report usage over the network).
    npm_config_cache=$TOOLS/npm-cache npm ci --prefix "$prefix" --ignore-scripts \
        --no-audit --no-fund --no-update-notifier --loglevel=error
    cp "$WIRE/prism/package-lock.json" "$prefix/.pinned"
}

part "install schemathesis (PyPI) and Prism (npm), pinned, into target/ci-tools"
install_python >"$OUT/install-python.log" 2>&1 &
python_pid=$!
install_node >"$OUT/install-node.log" 2>&1 &
node_pid=$!
install_status=ok
wait "$python_pid" || { install_status=FAIL; cat "$OUT/install-python.log"; }
wait "$node_pid" || { install_status=FAIL; cat "$OUT/install-node.log"; }
if [[ $install_status == ok ]]; then
    ST_VERSION=$("$TOOLS/venv/bin/st" --version)
    PRISM_VERSION=$("$TOOLS/node/node_modules/.bin/prism" --version)
    echo "$ST_VERSION; prism $PRISM_VERSION; node $(node --version)"
fi
done_part "install (pip + npm in parallel)" "$install_status"
if [[ $install_status != ok ]]; then
    printf '%s\n' "${SUMMARY[@]}"
    exit 1
fi

# --- 2. servers -------------------------------------------------------------

part "build the CLI, start two sandboxes and three Prism servers"
cargo build -p alphapo-cli --locked

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for_line LOG PATTERN PID: until the server logs PATTERN, or fails.
wait_for_line() {
    local deadline=$((SECONDS + START_TIMEOUT))
    until grep -q "$2" "$1" 2>/dev/null; do
        if ! kill -0 "$3" 2>/dev/null || ((SECONDS > deadline)); then
            echo "a server did not start; its log $1:"
            cat "$1"
            return 1
        fi
        sleep 0.2
    done
}

# start_sandbox NAME VAR: a fresh sandbox on a free port; its base URL goes
# into VAR (not printed: a command substitution would lose the pid).
start_sandbox() {
    local log=$OUT/$1.log
    ALPHAPO_SANDBOX_API_KEY=$ALPHAPO_WIRE_API_KEY ALPHAPO_SANDBOX_SECRET=$ALPHAPO_WIRE_SECRET \
        "$CLI" sandbox --port 0 >"$log" 2>&1 &
    SERVER_PIDS+=($!)
    wait_for_line "$log" 'listening on http://127.0.0.1:' "$!"
    printf -v "$2" '%s' "$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1)"
}

# start_prism NAME VAR ARGS...: Prism with ARGS on a free port, its URL in
# VAR. Not waited for here: it starts while schemathesis runs.
start_prism() {
    local name=$1 var=$2 port
    shift 2
    port=$(free_port)
    "$TOOLS/node/node_modules/.bin/prism" "$@" --host 127.0.0.1 --port "$port" >"$OUT/$name.log" 2>&1 &
    SERVER_PIDS+=($!)
    PRISM_PIDS[$name]=$!
    printf -v "$var" 'http://127.0.0.1:%s' "$port"
}

declare -A PRISM_PIDS
start_sandbox sandbox-schemathesis SANDBOX_A
start_sandbox sandbox-prism SANDBOX_B
start_prism prism-proxy PROXY proxy "$SPEC" "$SANDBOX_B" --errors
start_prism prism-proxy-diagnose DIAGNOSE proxy "$SPEC" "$SANDBOX_B"
start_prism prism-mock MOCK mock "$SPEC" --errors
echo "sandboxes $SANDBOX_A (schemathesis) and $SANDBOX_B (Prism); proxy $PROXY, diagnosing proxy $DIAGNOSE, mock $MOCK"
done_part "build + start the servers" ok

# --- 3. schemathesis --------------------------------------------------------

part "schemathesis against $SANDBOX_A (seed $SCHEMATHESIS_SEED)"
schemathesis_status=ok
(
    cd "$OUT"
    SCHEMATHESIS_HOOKS=signing_hooks PYTHONPATH=$WIRE timeout "$SCHEMATHESIS_TIME_LIMIT" \
        "$TOOLS/venv/bin/st" run "$SPEC" \
        --url "$SANDBOX_A" \
        --checks all \
        --mode all \
        --phases examples,coverage,fuzzing,stateful \
        --max-examples "$SCHEMATHESIS_MAX_EXAMPLES" \
        --continue-on-failure \
        --seed "$SCHEMATHESIS_SEED" \
        --workers 1 \
        --generation-database none \
        --no-color \
        --report ndjson \
        --report-ndjson-path "$OUT/schemathesis.ndjson" \
        >"$OUT/schemathesis.log" 2>&1
) || {
    # schemathesis exits 1 when any check failed; the verdict below decides.
    status=$?
    if ((status != 1)); then
        schemathesis_status=FAIL
        echo "schemathesis exited $status (124: over ${SCHEMATHESIS_TIME_LIMIT} s); its log:"
        tail -n 40 "$OUT/schemathesis.log"
    fi
}
sed -n '/= SUMMARY =/,$p' "$OUT/schemathesis.log"
if "$TOOLS/venv/bin/python" "$WIRE/schemathesis_verdict.py" "$OUT/schemathesis.ndjson" \
    "$WIRE/schemathesis-allowed.toml" >"$OUT/schemathesis-verdict.log" 2>&1; then :; else
    schemathesis_status=FAIL
fi
cat "$OUT/schemathesis-verdict.log"
done_part "schemathesis" "$schemathesis_status" "$(head -n 1 "$OUT/schemathesis-verdict.log")"

# --- 4. Prism ---------------------------------------------------------------

part "the CLI through Prism (proxy --errors in front of $SANDBOX_B, and mock)"
prism_status=ok
for name in prism-proxy prism-proxy-diagnose prism-mock; do
    wait_for_line "$OUT/$name.log" 'Prism is listening' "${PRISM_PIDS[$name]}" || prism_status=FAIL
done
if [[ $prism_status == ok ]]; then
    timeout "$PRISM_TIME_LIMIT" "$TOOLS/venv/bin/python" "$WIRE/cli_behind_prism.py" \
        --cli "$CLI" --spec "$SPEC" --sandbox "$SANDBOX_B" \
        --proxy "$PROXY" --diagnose "$DIAGNOSE" --diagnose-log "$OUT/prism-proxy-diagnose.log" \
        --mock "$MOCK" | tee "$OUT/prism-verdict.log" || prism_status=FAIL
fi
done_part "prism" "$prism_status" "$(tail -n 1 "$OUT/prism-verdict.log" 2>/dev/null)"

# --- 5. summary -------------------------------------------------------------

PART_START=$TOTAL_START
done_part "total" "$([[ $FAILED == 0 ]] && echo ok || echo FAIL)"
printf '\n==> wire: summary (%s; prism %s)\n' "${ST_VERSION:-?}" "${PRISM_VERSION:-?}"
printf '%s\n' "${SUMMARY[@]}"
exit "$FAILED"
