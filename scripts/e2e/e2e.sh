#!/usr/bin/env bash
# End-to-end services for buildxcache: a real BuildKit daemon (OCI worker,
# runc), a distribution registry, an S3 server (versitygw), Azure Blob
# storage (Azurite) and an Actions cache server (nektos/act's artifactcache,
# the v1 cache API), all on loopback or a unix socket.
#
#   scripts/e2e/e2e.sh install   build and install everything into $E2E_DIR (reused when present)
#   scripts/e2e/e2e.sh start     start the services; write $E2E_DIR/env for the tests
#   scripts/e2e/e2e.sh stop      stop what start started, by PID
#   scripts/e2e/e2e.sh check     exit 0 when this machine can run buildkitd (root, Linux)
#
# E2E_DIR defaults to $HOME/.cache/buildxcache/e2e, outside the repository.
set -euo pipefail

E2E_DIR=${E2E_DIR:-$HOME/.cache/buildxcache/e2e}
BUILDKIT_VERSION=v0.34.2
REGISTRY_VERSION=v3.1.2
VERSITYGW_VERSION=v1.8.0
AZURITE_VERSION=3.37.0
# the version scripts/e2e/actcache/go.mod requires
ACT_VERSION=v0.2.89

BIN=$E2E_DIR/bin RUN=$E2E_DIR/run STATE=$E2E_DIR/state LOGS=$E2E_DIR/logs
REG_ADDR=127.0.0.1:5000 S3_ADDR=127.0.0.1:7070 AZ_PORT=10000 GHA_PORT=7080
S3_KEY=e2eaccesskey S3_SECRET=e2esecretkey123 S3_BUCKET=buildcache
# Azurite's documented development account and key
AZ_ACCOUNT=devstoreaccount1
AZ_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

log() { printf '[e2e %s] %s\n' "$(date +%T)" "$*" >&2; }

# retry N command...: run the command up to N times (network hiccups).
retry() {
	local n=$1 i
	shift
	for ((i = 1; ; i++)); do
		"$@" && return 0
		((i >= n)) && return 1
		log "retrying ($i/$n failed): $*"
		sleep $((i * 5))
	done
}

# stamp NAME VERSION: true when NAME was installed at VERSION
stamp_ok() { [[ -f $BIN/.$1.version && $(cat "$BIN/.$1.version") == "$2" ]]; }
stamp_set() { echo "$2" >"$BIN/.$1.version"; }

can_run() {
	[[ $(uname -s) == Linux ]] || { echo "not Linux"; return 1; }
	[[ $(id -u) == 0 ]] || { echo "not root (buildkitd's OCI worker needs root here)"; return 1; }
	command -v go >/dev/null || { echo "no go command"; return 1; }
	return 0
}

install_apt() {
	local missing=()
	command -v runc >/dev/null || missing+=(runc)
	[[ -x /bin/busybox ]] && file_is_static /bin/busybox || missing+=(busybox-static)
	command -v curl >/dev/null || missing+=(curl ca-certificates)
	((${#missing[@]} == 0)) && return 0
	log "apt-get install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	retry 3 apt-get update -qq >/dev/null
	retry 3 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

file_is_static() { dpkg -s busybox-static >/dev/null 2>&1; }

install_buildkit() {
	stamp_ok buildkit $BUILDKIT_VERSION && [[ -x $BIN/buildkitd && -x $BIN/buildctl ]] && return 0
	log "building buildkitd and buildctl $BUILDKIT_VERSION"
	# `go install ...@version` is refused (buildkit's go.mod has exclude
	# directives): build inside a copy of the module instead.
	local src
	src=$(retry 3 go mod download -json "github.com/moby/buildkit@$BUILDKIT_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
	rm -rf "$E2E_DIR/src/buildkit"
	mkdir -p "$E2E_DIR/src"
	cp -r "$src" "$E2E_DIR/src/buildkit"
	chmod -R u+w "$E2E_DIR/src/buildkit"
	(cd "$E2E_DIR/src/buildkit" && CGO_ENABLED=0 go build -trimpath \
		-ldflags "-s -w -X github.com/moby/buildkit/version.Version=$BUILDKIT_VERSION" \
		-o "$BIN/" ./cmd/buildkitd ./cmd/buildctl)
	rm -rf "$E2E_DIR/src/buildkit"
	stamp_set buildkit $BUILDKIT_VERSION
}

go_install() { # name version package
	stamp_ok "$1" "$2" && [[ -x $BIN/$1 ]] && return 0
	log "building $1 $2"
	retry 2 env GOBIN="$BIN" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "$3@$2"
	stamp_set "$1" "$2"
}

# install_actcache builds scripts/e2e/actcache, a main package in its own
# module around act's cache server; the stamp holds act's version and a
# hash of the package, so a change to either rebuilds it.
install_actcache() {
	local src key
	src=$(cd "$(dirname "${BASH_SOURCE[0]}")/actcache" && pwd)
	key="$ACT_VERSION $(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)"
	stamp_ok actcache "$key" && [[ -x $BIN/actcache ]] && return 0
	log "building actcache (github.com/nektos/act $ACT_VERSION pkg/artifactcache)"
	grep -q "github.com/nektos/act $ACT_VERSION\$" "$src/go.mod" || { log "scripts/e2e/actcache/go.mod does not require act $ACT_VERSION"; return 1; }
	(cd "$src" && retry 2 env GOWORK=off CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$BIN/actcache" .)
	stamp_set actcache "$key"
}

install_azurite() {
	stamp_ok azurite $AZURITE_VERSION && [[ -x $E2E_DIR/azurite/node_modules/.bin/azurite-blob ]] && return 0
	command -v npm >/dev/null || { log "npm not found: azblob tests will be skipped"; return 0; }
	log "npm install azurite@$AZURITE_VERSION"
	mkdir -p "$E2E_DIR/azurite"
	retry 3 npm install --prefix "$E2E_DIR/azurite" --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" >/dev/null
	stamp_set azurite $AZURITE_VERSION
}

cmd_install() {
	local why
	if ! why=$(can_run); then
		log "CANNOT RUN BUILDKITD HERE: $why"
		return 3
	fi
	mkdir -p "$BIN" "$LOGS"
	local t=$SECONDS
	install_apt
	# the other builds and the npm install overlap BuildKit's downloads
	# and link steps; the go command's caches are safe to share
	(go_install registry $REGISTRY_VERSION github.com/distribution/distribution/v3/cmd/registry &&
		go_install versitygw $VERSITYGW_VERSION github.com/versity/versitygw/cmd/versitygw) &
	local others=$!
	# act's module is mostly a 25 MB download: overlap it with the builds
	install_actcache &
	local act=$!
	install_azurite &
	local npm=$!
	local rc=0
	install_buildkit || rc=$?
	wait $others || rc=$?
	wait $act || rc=$?
	wait $npm || rc=$?
	if ((rc != 0)); then
		log "install failed"
		return $rc
	fi
	log "installed in $((SECONDS - t)) s"
}

start_bg() { # name command...
	local name=$1
	shift
	nohup "$@" >"$LOGS/$name.log" 2>&1 &
	echo $! >"$RUN/$name.pid"
}

wait_for() { # what seconds command...
	local what=$1 limit=$2
	shift 2
	local deadline=$((SECONDS + limit))
	until "$@" >/dev/null 2>&1; do
		if ((SECONDS >= deadline)); then
			log "timeout waiting for $what (logs in $LOGS)"
			return 1
		fi
		sleep 0.1
	done
}

cmd_start() {
	cmd_stop >/dev/null 2>&1 || true
	rm -rf "$STATE"
	mkdir -p "$RUN" "$LOGS" "$STATE/registry" "$STATE/s3/$S3_BUCKET" "$STATE/azurite" "$STATE/actcache"

	cat >"$E2E_DIR/registry.yml" <<EOC
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage: {delete: {enabled: true}, filesystem: {rootdirectory: $STATE/registry}}
http: {addr: $REG_ADDR}
EOC
	OTEL_TRACES_EXPORTER=none start_bg registry "$BIN/registry" serve "$E2E_DIR/registry.yml"
	# versitygw's posix backend: each directory under the root is a bucket
	start_bg s3 "$BIN/versitygw" --port "$S3_ADDR" --access "$S3_KEY" --secret "$S3_SECRET" posix "$STATE/s3"
	local azurite=$E2E_DIR/azurite/node_modules/.bin/azurite-blob
	if [[ -x $azurite ]]; then
		start_bg azurite "$azurite" --blobHost 127.0.0.1 --blobPort $AZ_PORT --location "$STATE/azurite" --silent --skipApiVersionCheck
	fi

	# act's cache server writes its URL (with a random path segment) and the
	# runtime token act gives its jobs once it listens
	start_bg actcache "$BIN/actcache" -dir "$STATE/actcache" -port $GHA_PORT \
		-url-file "$RUN/actcache.url" -token-file "$RUN/actcache.token"

	# two daemons: exports run on "buildkitd", imports on "buildkitd-import",
	# which has never built what it imports, as on a fresh CI runner
	local d
	for d in buildkitd buildkitd-import; do
		mkdir -p "$STATE/$d"
		cat >"$E2E_DIR/$d.toml" <<EOC
root = "$STATE/$d"
[grpc]
  address = ["unix://$RUN/$d.sock"]
[otel]
  socketPath = "$RUN/$d-otel.sock"
[worker.oci]
  enabled = true
  snapshotter = "native"
[worker.containerd]
  enabled = false
EOC
		# a clean environment: buildkitd reads AWS_* and BUILDKIT_AZURE_* from
		# its own environment as defaults, which would change what is tested
		start_bg "$d" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$HOME" \
			"$BIN/buildkitd" --config "$E2E_DIR/$d.toml" --debug
	done

	wait_for registry 30 curl -fs "http://$REG_ADDR/v2/"
	wait_for versitygw 30 curl -s -o /dev/null "http://$S3_ADDR/"
	wait_for actcache 30 test -s "$RUN/actcache.token"
	local gha_url
	gha_url=$(cat "$RUN/actcache.url")
	# 204: the lookup of a key that does not exist
	wait_for actcache 30 curl -fs -o /dev/null "${gha_url}_apis/artifactcache/cache?keys=e2e-probe&version=e2e"
	wait_for buildkitd 30 "$BIN/buildctl" --addr "unix://$RUN/buildkitd.sock" debug workers
	wait_for buildkitd-import 30 "$BIN/buildctl" --addr "unix://$RUN/buildkitd-import.sock" debug workers
	local az_url=""
	if [[ -x $azurite ]]; then
		wait_for azurite 30 curl -s -o /dev/null "http://127.0.0.1:$AZ_PORT/"
		az_url=http://127.0.0.1:$AZ_PORT/$AZ_ACCOUNT
	fi

	cat >"$E2E_DIR/env" <<EOC
E2E_BUILDKIT_ADDR=unix://$RUN/buildkitd.sock
E2E_BUILDKIT_IMPORT_ADDR=unix://$RUN/buildkitd-import.sock
E2E_BUILDKITD_LOG=$LOGS/buildkitd.log
E2E_BUILDCTL=$BIN/buildctl
E2E_REGISTRY=$REG_ADDR
E2E_S3_ENDPOINT=http://$S3_ADDR
E2E_S3_BUCKET=$S3_BUCKET
E2E_S3_ACCESS_KEY=$S3_KEY
E2E_S3_SECRET_KEY=$S3_SECRET
E2E_AZURE_ACCOUNT_URL=$az_url
E2E_AZURE_ACCOUNT_NAME=$AZ_ACCOUNT
E2E_AZURE_KEY=$AZ_KEY
E2E_BUSYBOX=/bin/busybox
E2E_GHA_URL=$gha_url
E2E_GHA_TOKEN=$(cat "$RUN/actcache.token")
E2E_GHA_DOWN_URL=http://127.0.0.1:$((GHA_PORT + 1))/
EOC
	log "started; environment in $E2E_DIR/env"
}

cmd_stop() {
	local name pid
	for name in buildkitd buildkitd-import actcache azurite s3 registry; do
		[[ -f $RUN/$name.pid ]] || continue
		pid=$(cat "$RUN/$name.pid")
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
			kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
		fi
		rm -f "$RUN/$name.pid"
	done
	rm -f "$RUN"/*.sock "$RUN"/actcache.url "$RUN"/actcache.token "$E2E_DIR/env"
	log "stopped"
}

case ${1:-} in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
check) can_run ;;
*)
	echo "usage: $0 install|start|stop|check" >&2
	exit 2
	;;
esac
