#!/usr/bin/env bash
# Installs (Debian's postgresql), starts and provisions the PostgreSQL the store tests use.
# Idempotent; needs root; exports nothing. Prints the database URL on stdout, e.g.
#   export PARALLAX_TEST_POSTGRES="$(.ci/postgres.sh)"
set -euo pipefail
user=parallax password=parallax database=parallax_test
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version="$(ls /etc/postgresql | sort -n | tail -1)"
if [ -z "$version" ]; then
  echo "postgres.sh: no PostgreSQL cluster under /etc/postgresql" >&2
  exit 1
fi
pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start >&2
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
as_postgres() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA -c \"$1\"" ; }
if [ "$(as_postgres "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != 1 ]; then
  as_postgres "CREATE ROLE $user LOGIN PASSWORD '$password'" >&2
fi
if [ "$(as_postgres "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
  as_postgres "CREATE DATABASE $database OWNER $user" >&2
fi
echo "postgresql://$user:$password@127.0.0.1:5432/$database"
