#!/usr/bin/env bash
# Checks that go.mod and go.sum of every module are tidy (the core, interop
# and the end-to-end suite's Actions cache server), with the plain
# go mod tidy (which ignores go.work): interop/go.mod replaces the core by
# this checkout (replace ... => ../), so no module of this repository is
# fetched. With --write, the modules are tidied instead.
set -euo pipefail
cd "$(dirname "$0")/.."
GO="${GO:-go}"
for m in . interop scripts/e2e/actcache; do
	if [ "${1:-}" = "--write" ]; then
		(cd "$m" && GOWORK=off "$GO" mod tidy)
	else
		(cd "$m" && GOWORK=off "$GO" mod tidy -diff) || { echo "go mod tidy needed in $m"; exit 1; }
	fi
done
