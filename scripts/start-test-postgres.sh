#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the store tests and prints its connection URL on the
# last line of stdout (everything else goes to stderr):
#
#   url="$(scripts/start-test-postgres.sh)" && export DROPSHIP_TEST_DATABASE_URL="$url"
#
# - Installs Debian's `postgresql` package when no server binaries are found (as root, or through
#   passwordless sudo), with every apt step under a time limit.
# - Runs its own cluster (not the system's `main` cluster) in $DROPSHIP_PG_DIR
#   (default /tmp/dropship-test-postgres-<uid>), owned by the `postgres` user when run as root,
#   listening on 127.0.0.1 only, on a free port, with a random password (scram-sha-256).
# - Idempotent: a server already running from that directory is reused; the database
#   ($DROPSHIP_PG_DATABASE, default dropship_test) is dropped and created fresh on every call.
# - `scripts/start-test-postgres.sh stop` stops the server.
#
# Exits non-zero (printing why on stderr) when no server can be had; .ci/run then fails (CI never
# lets the PostgreSQL server suites skip), while a local `pnpm test` skips them with a warning.
set -euo pipefail

data_root="${DROPSHIP_PG_DIR:-${TMPDIR:-/tmp}/dropship-test-postgres-$(id -u)}"
database="${DROPSHIP_PG_DATABASE:-dropship_test}"
apt_update_timeout="${DROPSHIP_APT_UPDATE_TIMEOUT:-120}"
apt_install_timeout="${DROPSHIP_APT_INSTALL_TIMEOUT:-300}"
cluster_directory="$data_root/cluster"
settings_file="$data_root/settings"

log() { printf 'postgres: %s\n' "$*" >&2; }

# Finds the newest PostgreSQL server binaries (Debian keeps them off PATH).
find_bin_directory() {
  local candidate
  candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$candidate" && -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
    printf '%s\n' "$candidate"
    return 0
  fi
  if command -v pg_config >/dev/null 2>&1; then
    candidate="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -n "$candidate" && -x "$candidate/initdb" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

install_postgres() {
  local as_root=()
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as_root=(sudo -n)
    else
      log "PostgreSQL is not installed and this user cannot install packages (not root, no passwordless sudo)"
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL is not installed and apt-get is not available"
    return 1
  fi
  log "installing Debian's postgresql package (apt-get update ≤ ${apt_update_timeout}s, install ≤ ${apt_install_timeout}s)"
  local apt_options=(-o DPkg::Lock::Timeout=60 -o Acquire::Retries=2 -o Acquire::http::Timeout=30)
  if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive timeout --kill-after=10 "$apt_update_timeout" \
    apt-get "${apt_options[@]}" update -qq >&2; then
    log "apt-get update failed or timed out; trying the install with the package lists there are"
  fi
  if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive timeout --kill-after=10 "$apt_install_timeout" \
    apt-get "${apt_options[@]}" install -y -qq --no-install-recommends postgresql >&2; then
    log "apt-get install postgresql failed or timed out"
    return 1
  fi
}

# Runs a command as the cluster owner: `postgres` when we are root (initdb refuses root), else us.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});"
}

is_running() {
  [[ -f "$cluster_directory/postmaster.pid" ]] && as_owner "$bin_directory/pg_ctl" -D "$cluster_directory" status >/dev/null 2>&1
}

stop_server() {
  if bin_directory="$(find_bin_directory)" && is_running; then
    as_owner "$bin_directory/pg_ctl" -D "$cluster_directory" -m fast -w -t 30 stop >&2
    log "stopped the server in $cluster_directory"
  fi
}

if [[ "${1:-}" == "stop" ]]; then
  stop_server
  exit 0
fi

if ! bin_directory="$(find_bin_directory)"; then
  install_postgres
  bin_directory="$(find_bin_directory)" || {
    log "installed, but no initdb/pg_ctl found under /usr/lib/postgresql"
    exit 1
  }
fi
log "using $("$bin_directory/postgres" --version 2>/dev/null || echo "$bin_directory")"

if [[ "$(id -u)" -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
  log "running as root but there is no postgres user to own the cluster"
  exit 1
fi

mkdir -p "$data_root"
chmod 700 "$data_root"
if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$data_root"; fi

# A cluster left half-made (no settings file) by an interrupted run is rebuilt.
if [[ ! -f "$settings_file" || ! -f "$cluster_directory/PG_VERSION" ]]; then
  if [[ -d "$cluster_directory" ]] && is_running; then
    as_owner "$bin_directory/pg_ctl" -D "$cluster_directory" -m immediate -w stop >&2 || true
  fi
  rm -rf "$cluster_directory" "$settings_file"
  password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  password_file="$data_root/password"
  (umask 077 && printf '%s\n' "$password" >"$password_file")
  if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$password_file"; fi
  log "creating a cluster in $cluster_directory"
  # C collation (fast, the same everywhere) with UTF-8 encoding.
  as_owner "$bin_directory/initdb" -D "$cluster_directory" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --pwfile="$password_file" --encoding=UTF8 --no-locale >/dev/null
  rm -f "$password_file"
  (umask 077 && printf 'password=%s\nport=\n' "$password" >"$settings_file")
fi

password="$(sed -n 's/^password=//p' "$settings_file")"
port="$(sed -n 's/^port=//p' "$settings_file")"

if is_running && [[ -n "$port" ]] && "$bin_directory/pg_isready" -q -h 127.0.0.1 -p "$port" -t 5; then
  log "reusing the server already running on 127.0.0.1:$port"
else
  if [[ -f "$cluster_directory/postmaster.pid" ]] && ! is_running; then
    rm -f "$cluster_directory/postmaster.pid" # stale: left by a killed server
  fi
  port="$(free_port)"
  sed -i "s/^port=.*/port=$port/" "$settings_file"
  log "starting the server on 127.0.0.1:$port"
  start_server() {
    as_owner "$bin_directory/pg_ctl" -D "$cluster_directory" -l "$cluster_directory/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster_directory -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >&2
  }
  if ! start_server; then
    # A server killed a moment ago can leave its lock file (and, briefly, its process) behind.
    sleep 3
    if [[ -f "$cluster_directory/postmaster.pid" ]] && ! is_running; then rm -f "$cluster_directory/postmaster.pid"; fi
    if ! start_server; then
      log "the server did not start; the end of its log:"
      tail -n 20 "$cluster_directory/server.log" >&2 || true
      exit 1
    fi
  fi
fi

# A fresh database on every call, so a run never sees the previous run's rows.
as_owner "$bin_directory/psql" -h "$cluster_directory" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" -c "CREATE DATABASE \"$database\"" >&2

printf 'postgres://postgres:%s@127.0.0.1:%s/%s\n' "$password" "$port" "$database"
