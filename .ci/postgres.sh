#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: Debian's packages (installed only if
# missing), a cluster initialised in a temporary directory inside the clone,
# listening on 127.0.0.1 only, DATABASE_URL exported, stopped at exit.
#
# Source it (`source .ci/postgres.sh`) so that DATABASE_URL reaches the test
# step and the EXIT trap stops the server. It sets an EXIT trap: a caller
# that needs its own must chain `postgres_stop` in it.

postgres_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [[ -x "${dir}/initdb" && -x "${dir}/pg_ctl" ]]; then
            printf '%s\n' "${dir}"
        fi
    done | sort -V | tail -n 1
}

POSTGRES_BIN="$(postgres_bin)"
if [[ -z "${POSTGRES_BIN}" ]]; then
    echo "postgres: installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    POSTGRES_BIN="$(postgres_bin)"
fi
[[ -n "${POSTGRES_BIN}" ]] || { echo "postgres: no initdb after installing postgresql"; exit 1; }

# initdb refuses to run as root: run the server as an unprivileged user.
POSTGRES_USER_NAME="$(id -un)"
as_postgres() { "$@"; }
if [[ "$(id -u)" == 0 ]]; then
    POSTGRES_USER_NAME=postgres
    id -u "${POSTGRES_USER_NAME}" >/dev/null 2>&1 \
        || useradd --system --no-create-home --shell /usr/sbin/nologin "${POSTGRES_USER_NAME}"
    as_postgres() { runuser -u "${POSTGRES_USER_NAME}" -- "$@"; }
fi

mkdir -p target
POSTGRES_DIR="$(mktemp -d "${PWD}/target/postgres.XXXXXX")"
chown "${POSTGRES_USER_NAME}" "${POSTGRES_DIR}"
if ! as_postgres test -w "${POSTGRES_DIR}"; then
    # A parent of the clone is closed to that user: use the system temp dir.
    rmdir "${POSTGRES_DIR}"
    POSTGRES_DIR="$(mktemp -d /tmp/alphapo-postgres.XXXXXX)"
    chown "${POSTGRES_USER_NAME}" "${POSTGRES_DIR}"
fi

postgres_stop() {
    if [[ -n "${POSTGRES_DIR:-}" && -f "${POSTGRES_DIR}/data/postmaster.pid" ]]; then
        as_postgres "${POSTGRES_BIN}/pg_ctl" -D "${POSTGRES_DIR}/data" -m fast -w stop >/dev/null || true
    fi
    [[ -n "${POSTGRES_DIR:-}" ]] && rm -rf "${POSTGRES_DIR}"
}
trap postgres_stop EXIT

as_postgres "${POSTGRES_BIN}/initdb" -D "${POSTGRES_DIR}/data" -U "${POSTGRES_USER_NAME}" \
    --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"${POSTGRES_DIR}/initdb.log" 2>&1 \
    || { cat "${POSTGRES_DIR}/initdb.log"; exit 1; }

# A free port near 55432 (several CI runs may share a machine).
POSTGRES_PORT=""
for offset in $(seq 0 49); do
    port=$((55432 + ($$ + offset) % 1000))
    if as_postgres "${POSTGRES_BIN}/pg_ctl" -D "${POSTGRES_DIR}/data" -l "${POSTGRES_DIR}/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p ${port} -k ${POSTGRES_DIR} -c max_connections=200 -c fsync=off" \
        start >/dev/null; then
        POSTGRES_PORT="${port}"
        break
    fi
done
[[ -n "${POSTGRES_PORT}" ]] || { cat "${POSTGRES_DIR}/server.log"; echo "postgres: could not start"; exit 1; }

export DATABASE_URL="postgres://${POSTGRES_USER_NAME}@127.0.0.1:${POSTGRES_PORT}/postgres"
echo "postgres: $("${POSTGRES_BIN}/postgres" --version) on 127.0.0.1:${POSTGRES_PORT}; DATABASE_URL exported"
