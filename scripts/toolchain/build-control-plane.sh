#!/usr/bin/env bash
# Builds the local Kubernetes control plane for the e2e test from source, through the Go module
# proxy, at the versions in control-plane.versions with the module hashes in control-plane.sums:
#
#   kubernetes: kube-apiserver, kube-controller-manager, kube-scheduler, kubectl
#   etcd:       etcd, etcdctl
#   kwok:       kwok (fake nodes and pod status, no kubelets), and its default stage definitions
#
#   scripts/toolchain/build-control-plane.sh [kubernetes|etcd|kwok ...]    # default: all three
#
# Binaries go to $COHORT_TOOLCHAIN_DIR/bin (default ~/.cache/cohort-platform-toolchain/bin), build
# logs to $COHORT_TOOLCHAIN_DIR/logs/control-plane-*.log. A component whose stamp matches its
# versions, hashes and build flags is not rebuilt, so a second run takes seconds.
# COHORT_BUILD_PARALLELISM (default 2) is passed to `go build -p`: the first Kubernetes build takes
# about half an hour on 2 cores and up to ~3 GiB of memory per compile/link process.
#
# Why not `go install k8s.io/kubernetes/cmd/kube-apiserver@v1.35.8`: the kubernetes and etcd modules
# point their sibling modules at local directories (replace => ./staging/..., ../api) that the
# module zip does not contain, and `go install` refuses replace directives. So each module is copied
# to a writable directory, its relative replace directives are dropped, the siblings are required at
# their published versions, their hashes are added to go.sum from control-plane.sums, and the build
# runs with -mod=readonly: a dependency that is not pinned by a hash fails the build.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
toolchain_dir="${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}"
bin_dir="$toolchain_dir/bin"
src_root="$toolchain_dir/src/control-plane"
log_dir="$toolchain_dir/logs"
stamp_dir="$bin_dir/.control-plane-stamps"
parallel="${COHORT_BUILD_PARALLELISM:-2}"
sums_file="$here/control-plane.sums"
# shellcheck source=control-plane.versions
source "$here/control-plane.versions"

export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
unset GONOSUMDB GONOSUMCHECK GOPRIVATE GOINSECURE # every module is checked against sum.golang.org

log() { echo "build-control-plane: $*" >&2; }
die() { log "$*"; exit 1; }

command -v go >/dev/null || die "go is not on PATH (Go >= 1.26 is needed: etcd $ETCD_VERSION and kwok $KWOK_VERSION declare go 1.26)"
mkdir -p "$bin_dir" "$src_root" "$log_dir" "$stamp_dir"

# pinned_sum MODULE VERSION: the h1 hash of the module zip recorded in control-plane.sums
pinned_sum() {
  local sum
  sum=$(awk -v m="$1" -v v="$2" '$1 == m && $2 == v { print $3 }' "$sums_file")
  [ -n "$sum" ] || die "$1 $2 has no hash in $sums_file"
  echo "$sum"
}

# download MODULE VERSION: downloads (or finds in the module cache) the module, checks its hash
# against control-plane.sums, prints its directory in the module cache
download() {
  local json dir sum want
  want=$(pinned_sum "$1" "$2")
  json=$(go mod download -json "$1@$2") || die "go mod download $1@$2 failed: $json"
  dir=$(python3 -c 'import json, sys; print(json.load(sys.stdin).get("Dir", ""))' <<<"$json")
  sum=$(python3 -c 'import json, sys; print(json.load(sys.stdin).get("Sum", ""))' <<<"$json")
  [ "$sum" = "$want" ] || die "$1 $2: the downloaded module's hash is $sum, control-plane.sums pins $want"
  [ -d "$dir" ] || die "$1 $2: no module directory in the output of go mod download: $json"
  echo "$dir"
}

# prepare_module MODULE VERSION SIBLING_VERSION: a writable copy of the module whose relative replace
# directives are dropped; siblings required as v0.0.0 are required at SIBLING_VERSION, and the
# pinned hashes of all dropped siblings are added to go.sum. Prints the copy's directory.
prepare_module() {
  local module=$1 version=$2 sibling_version=$3 dir work
  dir=$(download "$module" "$version")
  work="$src_root/${module//\//_}@$version"
  rm -rf "$work"
  mkdir -p "$(dirname "$work")"
  cp -r "$dir" "$work"
  chmod -R u+w "$work"
  rm -f "$work/go.work" "$work/go.work.sum"
  local -a edits=() siblings=()
  local replaced required
  # relative replace directives, each with the version the module requires of it
  while read -r replaced required; do
    edits+=("-dropreplace=$replaced")
    if [ "$required" = v0.0.0 ]; then
      edits+=("-require=$replaced@$sibling_version")
      required=$sibling_version
    fi
    if [ "$required" != - ]; then siblings+=("$replaced $required"); fi
  done < <(cd "$work" && go mod edit -json | python3 -c '
import json, sys
mod = json.load(sys.stdin)
required = {r["Path"]: r["Version"] for r in mod.get("Require") or []}
for r in mod.get("Replace") or []:
    if r["New"]["Path"].startswith(("./", "../")):
        print(r["Old"]["Path"], required.get(r["Old"]["Path"], "-"))
')
  if [ "${#edits[@]}" -gt 0 ]; then (cd "$work" && go mod edit "${edits[@]}"); fi
  local sibling m v
  for sibling in "${siblings[@]}"; do
    read -r m v <<<"$sibling"
    grep -q "^$m $v " "$sums_file" || die "$module $version needs $m $v, which has no hash in $sums_file"
    awk -v m="$m" -v v="$v" '$1 == m && ($2 == v || $2 == v "/go.mod")' "$sums_file" >>"$work/go.sum"
  done
  echo "$work"
}

# stamp_ok NAME KEY BINARIES...: true when every binary exists and was built with KEY
stamp_ok() {
  local name=$1 key=$2 b
  shift 2
  [ -f "$stamp_dir/$name" ] && [ "$(cat "$stamp_dir/$name")" = "$key" ] || return 1
  for b in "$@"; do [ -x "$bin_dir/$b" ] || return 1; done
}

# install_binaries NAME KEY DIR BINARIES...: moves the built binaries into bin/ and writes the stamp
install_binaries() {
  local name=$1 key=$2 dir=$3 b
  shift 3
  for b in "$@"; do
    [ -x "$dir/$b" ] || die "$name: the build did not produce $b"
    mv -f "$dir/$b" "$bin_dir/$b"
  done
  echo "$key" >"$stamp_dir/$name"
}

build_kubernetes() {
  local binaries=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  local tags="selinux,notest,grpcnotrace"
  local ldflags="-s -w" pkg
  # what hack/lib/version.sh sets, so `kubectl version` and /version report the release
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitTreeState=clean -X $pkg.buildDate=$KUBERNETES_BUILD_DATE"
    if [ -n "$KUBERNETES_GIT_COMMIT" ]; then ldflags+=" -X $pkg.gitCommit=$KUBERNETES_GIT_COMMIT"; fi
    ldflags+=" -X $pkg.gitMajor=$(cut -d. -f1 <<<"${KUBERNETES_VERSION#v}") -X $pkg.gitMinor=$(cut -d. -f2 <<<"$KUBERNETES_VERSION")"
  done
  local key
  key="$KUBERNETES_VERSION $KUBERNETES_STAGING_VERSION $(grep -E '^k8s\.io/' "$sums_file" | sha256sum | cut -c1-16) $tags $ldflags $(go env GOVERSION)"
  if stamp_ok kubernetes "$key" "${binaries[@]}"; then
    log "kubernetes $KUBERNETES_VERSION: up to date"
    return
  fi
  local work out started=$SECONDS
  work=$(prepare_module k8s.io/kubernetes "$KUBERNETES_VERSION" "$KUBERNETES_STAGING_VERSION")
  out="$work/_output"
  mkdir -p "$out"
  log "kubernetes $KUBERNETES_VERSION: building ${binaries[*]} (go build -p $parallel; log in $log_dir/control-plane-kubernetes.log)"
  if ! (cd "$work" && go build -p "$parallel" -trimpath -tags "$tags" -ldflags "$ldflags" -o "$out/" \
    "${binaries[@]/#/./cmd/}") >"$log_dir/control-plane-kubernetes.log" 2>&1; then
    tail -30 "$log_dir/control-plane-kubernetes.log" >&2
    die "kubernetes $KUBERNETES_VERSION: build failed"
  fi
  install_binaries kubernetes "$key" "$out" "${binaries[@]}"
  rm -rf "$work"
  log "kubernetes $KUBERNETES_VERSION: built in $((SECONDS - started)) s"
}

build_etcd() {
  local ldflags="-s -w"
  local key
  key="$ETCD_VERSION $(grep -E '^go\.etcd\.io/' "$sums_file" | sha256sum | cut -c1-16) $ldflags $(go env GOVERSION)"
  if stamp_ok etcd "$key" etcd etcdctl; then
    log "etcd $ETCD_VERSION: up to date"
    return
  fi
  local work started=$SECONDS module binary
  for module in go.etcd.io/etcd/server/v3:etcd go.etcd.io/etcd/etcdctl/v3:etcdctl; do
    binary=${module#*:}
    module=${module%:*}
    work=$(prepare_module "$module" "$ETCD_VERSION" "$ETCD_VERSION")
    log "etcd $ETCD_VERSION: building $binary (log in $log_dir/control-plane-$binary.log)"
    if ! (cd "$work" && go build -p "$parallel" -trimpath -ldflags "$ldflags" -o "$work/_output/$binary" .) \
      >"$log_dir/control-plane-$binary.log" 2>&1; then
      tail -30 "$log_dir/control-plane-$binary.log" >&2
      die "etcd $ETCD_VERSION: building $binary failed"
    fi
    mv -f "$work/_output/$binary" "$bin_dir/$binary"
    rm -rf "$work"
  done
  echo "$key" >"$stamp_dir/etcd"
  log "etcd $ETCD_VERSION: built in $((SECONDS - started)) s"
}

build_kwok() {
  local ldflags="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION"
  local stages="$toolchain_dir/share/kwok-$KWOK_VERSION/stages.yaml"
  local key
  key="$KWOK_VERSION $(pinned_sum sigs.k8s.io/kwok "$KWOK_VERSION") $ldflags $(go env GOVERSION)"
  if stamp_ok kwok "$key" kwok && [ -f "$stages" ]; then
    log "kwok $KWOK_VERSION: up to date"
    return
  fi
  local dir started=$SECONDS tmp
  # kwok has no local replace directives: `go install module@version` builds it with its own go.sum
  dir=$(download sigs.k8s.io/kwok "$KWOK_VERSION")
  tmp=$(mktemp -d)
  log "kwok $KWOK_VERSION: building kwok (log in $log_dir/control-plane-kwok.log)"
  if ! (cd "$tmp" && GOBIN="$tmp" GOFLAGS=-buildvcs=false go install -p "$parallel" -trimpath -ldflags "$ldflags" \
    "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION") >"$log_dir/control-plane-kwok.log" 2>&1; then
    tail -30 "$log_dir/control-plane-kwok.log" >&2
    die "kwok $KWOK_VERSION: build failed"
  fi
  # kwok needs Stage objects to know what to fake. These are the ones `kwokctl` uses by default
  # (node-fast, node-heartbeat-with-lease, pod-fast), from the same module.
  mkdir -p "$(dirname "$stages")"
  {
    echo "# kwok $KWOK_VERSION default stages, from sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage"
    local f
    for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
      pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      [ -f "$dir/kustomize/stage/$f" ] || die "kwok $KWOK_VERSION: kustomize/stage/$f is missing from the module"
      echo "---"
      cat "$dir/kustomize/stage/$f"
    done
  } >"$stages"
  install_binaries kwok "$key" "$tmp" kwok
  rm -rf "$tmp"
  log "kwok $KWOK_VERSION: built in $((SECONDS - started)) s"
}

components=("$@")
[ "${#components[@]}" -gt 0 ] || components=(kubernetes etcd kwok)
for component in "${components[@]}"; do
  case "$component" in
    kubernetes) build_kubernetes ;;
    etcd) build_etcd ;;
    kwok) build_kwok ;;
    *) die "unknown component '$component' (kubernetes, etcd or kwok)" ;;
  esac
done
for b in kube-apiserver kube-controller-manager kube-scheduler kubectl etcd etcdctl kwok; do
  [ -x "$bin_dir/$b" ] && echo "$bin_dir/$b"
done
exit 0
