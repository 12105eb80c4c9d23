#!/usr/bin/env bash
# test/db/pg_cluster.sh: a throw-away PostgreSQL cluster for the database tests.
#
#   pg_cluster.sh start DIR   initdb into DIR/data, start the server on
#                             127.0.0.1 (a free port) and a Unix socket in DIR,
#                             write the connection string to DIR/conninfo
#   pg_cluster.sh stop DIR    stop the server (fast, then immediate) and
#                             remove DIR
#   pg_cluster.sh crash DIR   stop the server at once (pg_ctl -m immediate),
#                             keep the cluster (fault tests)
#   pg_cluster.sh restart DIR start a crashed cluster again, same port
#
# PostgreSQL refuses to run as root: when run as root, the cluster belongs to
# an unprivileged user (ASYNCC_PG_USER, default "nobody") and its commands run
# through runuser. Every failure prints why and exits non-zero, so that the
# tests depending on the cluster fail with that message instead of skipping.
set -euo pipefail

die() { echo "pg_cluster.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: pg_cluster.sh start|stop|crash|restart DIR"
action=$1
# Absolute: the server resolves unix_socket_directories from its data folder.
dir=$(realpath -m "$2")

find_bindir() {
  if [ -n "${ASYNCC_PG_BINDIR:-}" ]; then echo "$ASYNCC_PG_BINDIR"; return; fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then echo "$d"; return; fi
  done
  local p
  p=$(command -v initdb 2>/dev/null) || die "initdb not found (apt-get install postgresql-15, or set ASYNCC_PG_BINDIR)"
  dirname "$p"
}
bindir=$(find_bindir)

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  owner=${ASYNCC_PG_USER:-nobody}
  id "$owner" >/dev/null 2>&1 || die "running as root and user '$owner' does not exist (set ASYNCC_PG_USER)"
  command -v runuser >/dev/null 2>&1 || die "running as root and runuser is missing"
  as_owner=(runuser -u "$owner" --)
fi
run() { "${as_owner[@]}" "$@"; }

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

case "$action" in
  start)
    # A stale cluster from an interrupted run: stop it first.
    if [ -f "$dir/data/postmaster.pid" ]; then
      run "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ ${#as_owner[@]} -gt 0 ]; then
      chown "${ASYNCC_PG_USER:-nobody}" "$dir"
      # The owner must reach DIR: every parent needs search permission.
      p=$(dirname "$(readlink -f "$dir")")
      while [ "$p" != / ]; do
        run test -x "$p" || die "user '${ASYNCC_PG_USER:-nobody}' cannot enter $p (chmod o+x it, or set ASYNCC_PG_USER)"
        p=$(dirname "$p")
      done
    fi
    run "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed (log above)"; }
    port=""
    for attempt in 1 2 3 4 5; do
      port=$(free_port)
      # fsync off and a small shared memory: a test cluster, fast to start.
      echo "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off" \
           "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
           "-c shared_buffers=16MB" >"$dir/options"
      if run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
           -o "$(cat "$dir/options")" start >"$dir/pg_ctl.log" 2>&1; then
        break
      fi
      port=""
      grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null || break
    done
    if [ -z "$port" ]; then
      cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true
      die "the PostgreSQL server did not start (logs above)"
    fi
    echo "host=127.0.0.1 port=$port user=postgres dbname=postgres sslmode=disable gssencmode=disable" >"$dir/conninfo"
    echo "$port" >"$dir/port"
    echo "pg_cluster.sh: server up on 127.0.0.1:$port and $dir (conninfo in $dir/conninfo)"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      run "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 20 stop >/dev/null 2>&1 ||
        run "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  crash)
    run "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || die "pg_ctl stop -m immediate failed"
    ;;
  restart)
    run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "$(cat "$dir/options")" start \
      >"$dir/pg_ctl.log" 2>&1 || { cat "$dir/pg_ctl.log" "$dir/server.log" >&2; die "restart failed"; }
    ;;
  *) die "unknown action '$action' (start|stop)" ;;
esac
