#!/usr/bin/env bash
# Every suite, in order; none is skipped. Installs or starts what the suites need when missing
# (Debian's chromium, the machine's PostgreSQL cluster) and fails loudly when it cannot.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$*" >&2; }

step "checking the browser and database server"
bash scripts/ensure-chromium.sh
pg_url=$(bash scripts/ensure-postgres.sh)

step "types and lint"
npx tsc --noEmit
npm run -s lint

step "unit tests"
npx vitest run --project unit

step "integration tests on the embedded database (PGlite)"
npx vitest run --project integration

step "integration tests on the PostgreSQL server"
ATELIER_TEST_DATABASE_URL="$pg_url" npx vitest run --project integration

step "the development server (npm run dev) answering a chat turn with tools"
npx vitest run --project dev

step "production build and browser tests"
npm run -s build
npx vitest run --project e2e
