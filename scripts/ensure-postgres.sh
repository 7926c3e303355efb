#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster (installing it when missing) and makes sure the test role
# exists. Prints the admin URL the server-path integration suite uses.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null; then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "error: PostgreSQL is not installed; install Debian's postgresql package" >&2
    exit 1
  fi
  echo "installing PostgreSQL…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
read -r version name port status _ < <(pg_lsclusters --no-header | head -1)
[[ -n ${version:-} ]] || { echo "error: no PostgreSQL cluster found (pg_createcluster one)" >&2; exit 1; }
if [[ $status != online* ]]; then
  pg_ctlcluster "$version" "$name" start >&2
fi
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
for _ in $(seq 1 50); do as_postgres psql -p "$port" -qAtc 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
as_postgres psql -p "$port" -qAt -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
do $$ begin
  if not exists (select from pg_roles where rolname = 'atelier_test') then
    create role atelier_test login createdb password 'atelier_test';
  end if;
end $$;
SQL
echo "postgres://atelier_test:atelier_test@127.0.0.1:${port}/postgres"
