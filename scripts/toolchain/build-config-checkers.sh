#!/usr/bin/env bash
# Builds the three config checkers the rendered monitoring/logging config is tested with, at the versions the pinned
# charts ship (kube-prometheus-stack 88.5.3, fluent-bit chart 0.58.1), so the checks need no container registry:
#
#   amtool      Alertmanager v0.34.0   `go install` from the Go module proxy (h1 pinned, sum.golang.org checked)
#   promtool    Prometheus 3.14.0      Go module github.com/prometheus/prometheus v0.314.0 from the Go module proxy;
#                                      `go install ...@v0.314.0` refuses modules with replace directives, so the module
#                                      zip is downloaded, copied to a writable dir and built there with its own go.mod
#   fluent-bit  Fluent Bit 5.1.1       cmake/make from git tag v5.1.1 of FLUENT_BIT_GIT (a local clone or bare repo:
#                                      `git archive`; a URL: `git fetch --depth 1`; default https://github.com/fluent/fluent-bit.git),
#                                      commit pinned; a minimal binary (FLB_MINIMAL=On plus in_tail, filter_grep,
#                                      filter_kubernetes, out_cloudwatch_logs) that is used for `fluent-bit --dry-run -c FILE`
#
#   scripts/toolchain/build-config-checkers.sh [amtool] [promtool] [fluent-bit]      (default: all three)
#
# Pins: config-checkers.versions beside this script. Output, under ${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}:
#   bin/amtool bin/promtool bin/fluent-bit
#   build-info/config-checker-<tool>.txt   source pins, flags, build seconds, sha256 (binaries are not pinned: their
#                                          bytes depend on the local Go/C toolchain; the source pin is the pin)
#   go/mod go/build (shared with build-provider-mirror.sh), src/ (writable sources, fluent-bit build dir), logs/
# Idempotent: a binary whose build-info matches the pins and whose sha256 matches build-info is kept. FORCE=1 rebuilds.
# Afterwards a smoke test runs each checker on a good and a broken config (the broken one must be rejected).
#
# fluent-bit needs (Debian): apt-get install -y --no-install-recommends cmake flex bison libyaml-dev libssl-dev
#   pkg-config build-essential libsqlite3-dev   -- the script checks and prints this, it never runs apt itself.
#   libsqlite3-dev is needed only when the source lacks lib/sqlite-amalgamation-*/sqlite3.c (the local GitHub
#   snapshot does: that one blob is missing); then the system libsqlite3 is linked (FLB_PREFER_SYSTEM_LIB_SQLITE=On).
#   The fluent-bit binary links libssl, libyaml (and then libsqlite3) dynamically: it runs on the machine it was built on.
#
# Time on this machine (2 cores, cold caches): amtool ~4 min, promtool ~9 min (~1 min download + ~8 min go build),
# fluent-bit ~10 min (cmake ~45 s + make -j2); a re-run with everything present takes ~1 s.
# Environment: COHORT_TOOLCHAIN_DIR, FLUENT_BIT_GIT, BUILD_JOBS (make -j / go build -p, default 2), FORCE=1.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pins="$here/config-checkers.versions"
tc="${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}"
bindir="$tc/bin"
jobs="${BUILD_JOBS:-2}"
FLUENT_BIT_GIT="${FLUENT_BIT_GIT:-https://github.com/fluent/fluent-bit.git}"

say() { printf '[config-checkers] %s\n' "$*"; }
die() { printf '[config-checkers] ERROR: %s\n' "$*" >&2; exit 1; }

tools=()
for arg in "$@"; do
  case "$arg" in
    amtool|promtool|fluent-bit) tools+=("$arg") ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    *) die "unknown argument $arg (name tools: amtool promtool fluent-bit)" ;;
  esac
done
[ "${#tools[@]}" -gt 0 ] || tools=(amtool promtool fluent-bit)

[ -f "$pins" ] || die "pins file $pins is missing"
pin() { # KEY -> value from the pins file
  local v; v=$(sed -n "s/^$1=//p" "$pins" | tail -1)
  [ -n "$v" ] || die "$pins has no $1="
  printf '%s' "$v"
}

mkdir -p "$bindir" "$tc/build-info" "$tc/logs" "$tc/src" "$tc/go/mod" "$tc/go/build"
say "toolchain dir: $tc"

json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" | head -1; }
info_path() { printf '%s/build-info/config-checker-%s.txt' "$tc" "$1"; }

# Prints the sha256 and returns 0 if bin/<tool> exists and was built from exactly these inputs ("pin" line).
verify_existing() { # tool pinline
  local bin="$bindir/$1" info want have
  info=$(info_path "$1")
  [ "${FORCE:-0}" = 1 ] && { echo "FORCE=1"; return 1; }
  [ -x "$bin" ] || { echo "not built yet"; return 1; }
  [ -f "$info" ] || { echo "binary has no build-info"; return 1; }
  grep -qxF "pin=$2" "$info" || { echo "built from other source or flags than pinned"; return 1; }
  want=$(sed -n 's/^sha256=//p' "$info"); have=$(sha256sum "$bin" | cut -d' ' -f1)
  [ "$want" = "$have" ] || { echo "sha256 $have differs from recorded $want"; return 1; }
  echo "$have"
}

write_info() { # tool pinline secs extra-lines...
  local tool=$1 pinline=$2 secs=$3 sum; shift 3
  sum=$(sha256sum "$bindir/$tool" | cut -d' ' -f1)
  { printf 'tool=%s\npin=%s\n' "$tool" "$pinline"; printf '%s\n' "$@"
    printf 'build_seconds=%s\nbuilt_at=%s\nbinary=%s\nsha256=%s\n' "$secs" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$bindir/$tool" "$sum"
  } >"$(info_path "$tool")"
  say "$tool: built in ${secs}s, sha256 $sum"
}

go_env() {
  command -v go >/dev/null 2>&1 || die "go is not on PATH (amtool and promtool are built with the Go toolchain, go >= 1.25)"
  # Own caches; the sum database stays on; local toolchain only.
  export GOMODCACHE="$tc/go/mod" GOCACHE="$tc/go/build" GOTOOLCHAIN=local GOSUMDB=sum.golang.org \
         GOFLAGS=-mod=readonly GONOSUMDB= GOPRIVATE= GOINSECURE= GOWORK=off CGO_ENABLED=0
}

# go mod download MODULE@VERSION, check its h1 against the pin; prints the extracted module dir.
download_module() { # label module version h1
  local json got
  json=$(go mod download -json "$2@$3" 2>&1 || true)
  if printf '%s' "$json" | grep -q '"Error"'; then
    printf '%s\n' "$json" | json_field Error >&2
    die "$1: the Go module proxy did not serve $2@$3"
  fi
  got=$(printf '%s\n' "$json" | json_field Sum)
  [ "$got" = "$4" ] || die "$1: module hash $got of $2@$3 differs from the pinned $4"
  printf '%s\n' "$json" | json_field Dir
}

version_ldflags() { # version revision
  printf -- "-s -w -X github.com/prometheus/common/version.Version=%s -X github.com/prometheus/common/version.Revision=%s -X github.com/prometheus/common/version.Branch=HEAD" "$1" "$2"
}

# --- amtool -------------------------------------------------------------------------------------------------------
build_amtool() {
  local mod ver commit h1 ld pinline out start secs log
  mod=$(pin AMTOOL_MODULE); ver=$(pin AMTOOL_VERSION); commit=$(pin AMTOOL_COMMIT); h1=$(pin AMTOOL_MODULE_H1)
  ld=$(version_ldflags "${ver#v}" "$commit")
  pinline="$mod@$ver $h1 ldflags=$ld"
  if out=$(verify_existing amtool "$pinline"); then say "amtool $ver: present, sha256 $out"; return 0; fi
  say "amtool $ver: $out"
  go_env
  download_module amtool "$mod" "$ver" "$h1" >/dev/null
  log="$tc/logs/build-amtool.log"
  say "amtool $ver: go install $mod/cmd/amtool@$ver (log: $log)"
  start=$(date +%s)
  GOBIN="$bindir" go install -p "$jobs" -trimpath -buildvcs=false -ldflags "$ld" "$mod/cmd/amtool@$ver" >"$log" 2>&1 \
    || { tail -30 "$log" >&2; die "amtool: go install failed (log: $log)"; }
  secs=$(( $(date +%s) - start ))
  write_info amtool "$pinline" "$secs" "module=$mod" "version=$ver" "commit=$commit" "module_h1=$h1" \
    "go=$(go version | awk '{print $3}')" "flags=CGO_ENABLED=0 GOBIN=$bindir go install -trimpath -buildvcs=false" "ldflags=$ld"
}

# --- promtool -----------------------------------------------------------------------------------------------------
build_promtool() {
  local mod ver pver commit h1 gomodh1 ld pinline out dir src start secs log
  mod=$(pin PROMTOOL_MODULE); ver=$(pin PROMTOOL_MODULE_VERSION); pver=$(pin PROMETHEUS_VERSION)
  commit=$(pin PROMTOOL_COMMIT); h1=$(pin PROMTOOL_MODULE_H1); gomodh1=$(pin PROMTOOL_GOMOD_H1)
  ld=$(version_ldflags "$pver" "$commit")
  pinline="$mod@$ver $h1 tags=netgo ldflags=$ld"
  if out=$(verify_existing promtool "$pinline"); then say "promtool $pver: present, sha256 $out"; return 0; fi
  say "promtool $pver: $out"
  go_env
  say "promtool $pver: downloading $mod@$ver from the Go module proxy (checked against sum.golang.org)"
  dir=$(download_module promtool "$mod" "$ver" "$h1")
  [ "$(cat "$dir/VERSION" 2>/dev/null)" = "$pver" ] || die "promtool: $mod@$ver has VERSION '$(cat "$dir/VERSION" 2>/dev/null)', expected $pver"
  # The module cache is read-only and `go install pkg@version` rejects replace directives: build in a writable copy,
  # as the main module, so prometheus's own go.mod (replace directives included) and go.sum apply.
  src="$tc/src/prometheus-$ver"
  if [ ! -f "$src/.module_h1" ] || [ "$(cat "$src/.module_h1")" != "$h1" ]; then
    rm -rf "$src"; mkdir -p "$src"
    cp -R "$dir"/. "$src"/ && chmod -R u+w "$src" || die "promtool: could not copy $dir to $src"
    printf '%s\n' "$h1" >"$src/.module_h1"
  fi
  log="$tc/logs/build-promtool.log"
  say "promtool $pver: downloading dependencies (verified against the module's go.sum; log: $log)"
  (cd "$src" && go mod download) >"$log" 2>&1 || { tail -20 "$log" >&2; die "promtool: dependency download failed (log: $log)"; }
  say "promtool $pver: go build ./cmd/promtool (about 8 minutes on 2 cores)"
  start=$(date +%s)
  (cd "$src" && go build -p "$jobs" -trimpath -buildvcs=false -tags netgo -ldflags "$ld" -o "$bindir/promtool.tmp" ./cmd/promtool) >>"$log" 2>&1 \
    || { tail -30 "$log" >&2; rm -f "$bindir/promtool.tmp"; die "promtool: go build failed (log: $log)"; }
  secs=$(( $(date +%s) - start ))
  mv "$bindir/promtool.tmp" "$bindir/promtool"
  write_info promtool "$pinline" "$secs" "prometheus_version=$pver" "module=$mod" "module_version=$ver" "commit=$commit" \
    "module_h1=$h1" "gomod_h1=$gomodh1" "go=$(go version | awk '{print $3}')" \
    "flags=CGO_ENABLED=0 go build -mod=readonly -trimpath -buildvcs=false -tags netgo ./cmd/promtool" "ldflags=$ld"
}

# --- fluent-bit ---------------------------------------------------------------------------------------------------
FLB_CMAKE_OPTS=(
  -DCMAKE_BUILD_TYPE=Release -DFLB_RELEASE=On -DFLB_DEBUG=Off
  -DFLB_MINIMAL=On -DFLB_IN_TAIL=On -DFLB_FILTER_GREP=On -DFLB_FILTER_KUBERNETES=On -DFLB_OUT_CLOUDWATCH_LOGS=On
  -DFLB_AWS=On -DFLB_SIGNV4=On -DFLB_TLS=On -DFLB_SQLDB=On -DFLB_REGEX=On -DFLB_PARSER=On -DFLB_RECORD_ACCESSOR=On
  -DFLB_INOTIFY=On -DFLB_CONFIG_YAML=On
  # FLB_HTTP_SERVER=Off does not build at v5.1.1 (lib/monkey's generated mk_core_info.h is then never written where
  # the sources include it from); the server is compiled in but stays off unless a config sets HTTP_Server On.
  -DFLB_HTTP_SERVER=On
  -DFLB_LUAJIT=Off -DFLB_WASM=Off -DFLB_KAFKA=Off -DFLB_ZIG=Off -DFLB_PROXY_GO=Off -DFLB_CUSTOM_CALYPTIA=Off
  -DFLB_STREAM_PROCESSOR=Off -DFLB_EXAMPLES=Off -DFLB_SHARED_LIB=Off -DFLB_BACKTRACE=Off
  -DFLB_CHUNK_TRACE=Off -DFLB_AVRO_ENCODER=Off -DFLB_ARROW=Off -DFLB_RIPSER=Off -DFLB_JEMALLOC=Off
  -DFLB_TESTS_RUNTIME=Off -DFLB_TESTS_INTERNAL=Off -DFLB_RUN_LDCONFIG=Off
)

flb_check_deps() { # need_system_sqlite(0/1)
  local missing=() c
  for c in cmake make cc c++ flex bison pkg-config git tar; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  if command -v pkg-config >/dev/null 2>&1; then
    pkg-config --exists yaml-0.1 || missing+=("libyaml-dev")
    pkg-config --exists openssl || missing+=("libssl-dev")
    [ "$1" = 0 ] || pkg-config --exists sqlite3 || missing+=("libsqlite3-dev")
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    say "fluent-bit: missing build dependencies: ${missing[*]}. On Debian/Ubuntu, as root:"
    say "  apt-get install -y --no-install-recommends cmake flex bison libyaml-dev libssl-dev pkg-config build-essential libsqlite3-dev git"
    die "fluent-bit: install the build dependencies, then run this again"
  fi
}

# Unpacks the pinned commit of FLUENT_BIT_GIT into $1. Tolerates exactly one missing blob (the sqlite amalgamation).
flb_fetch_source() { # dest tag commit sqlite_blob
  local dest=$1 tag=$2 commit=$3 sqblob=$4 gd tmp got missing errlog excl=()
  tmp="$tc/src/fluent-bit-git.tmp"; rm -rf "$tmp"
  if [ -d "$FLUENT_BIT_GIT" ]; then
    gd="$FLUENT_BIT_GIT"
    got=$(git -C "$gd" rev-parse --verify -q "refs/tags/$tag^{commit}") || die "fluent-bit: $gd has no tag $tag"
  else
    say "fluent-bit: git fetch --depth 1 $FLUENT_BIT_GIT refs/tags/$tag"
    git init -q --bare "$tmp"; gd="$tmp"
    git -C "$gd" fetch -q --depth 1 "$FLUENT_BIT_GIT" "refs/tags/$tag:refs/tags/$tag" || die "fluent-bit: could not fetch $tag from $FLUENT_BIT_GIT"
    got=$(git -C "$gd" rev-parse --verify "refs/tags/$tag^{commit}")
  fi
  [ "$got" = "$commit" ] || die "fluent-bit: tag $tag of $FLUENT_BIT_GIT is commit $got, the pin is $commit"
  # Snapshots may lack large blobs: list every blob of the tree the archive would need that is not present.
  missing=$(git -C "$gd" ls-tree -r "$commit" | awk '$2=="blob"{print $3}' |
            git -C "$gd" cat-file --batch-check | awk '$2=="missing"{print $1}')
  for h in $missing; do
    [ "$h" = "$sqblob" ] || die "fluent-bit: $FLUENT_BIT_GIT lacks blob $h of $tag ($(git -C "$gd" ls-tree -r "$commit" | grep -F "$h" | cut -f2)); use a complete clone"
    excl=(":(exclude)$(git -C "$gd" ls-tree -r "$commit" | grep -F "$sqblob" | cut -f2)")
    say "fluent-bit: source is INCOMPLETE: it lacks ${excl[0]#:(exclude)} (blob $h); the system libsqlite3 will be linked instead"
  done
  rm -rf "$dest"; mkdir -p "$dest"
  errlog="$tc/logs/fluent-bit-archive.err"
  git -C "$gd" archive --format=tar "$commit" -- . "${excl[@]}" 2>"$errlog" | tar -x -C "$dest" \
    || { cat "$errlog" >&2; die "fluent-bit: git archive of $commit failed"; }
  # git archive reads the whole tree and reports the one missing blob even when it is excluded; anything else fails.
  if grep -v -F "$sqblob" "$errlog" | grep -q .; then cat "$errlog" >&2; die "fluent-bit: git archive reported errors"; fi
  rm -rf "$tmp"
}

build_fluent_bit() {
  local ver tag commit sqblob sqlite src bld pinline out start secs log cm_s mk_s
  ver=$(pin FLUENT_BIT_VERSION); tag=$(pin FLUENT_BIT_TAG); commit=$(pin FLUENT_BIT_COMMIT); sqblob=$(pin FLUENT_BIT_SQLITE_BLOB)
  src="$tc/src/fluent-bit-$ver"; bld="$src/build"
  pinline="fluent-bit $tag $commit cmake=${FLB_CMAKE_OPTS[*]}"
  if out=$(verify_existing fluent-bit "$pinline"); then say "fluent-bit $ver: present, sha256 $out"; return 0; fi
  say "fluent-bit $ver: $out"
  # The unpacked source is kept across runs; it is refetched only if it is not from the pinned commit.
  if [ ! -f "$src/.commit" ] || [ "$(cat "$src/.commit")" != "$commit" ]; then
    command -v git >/dev/null 2>&1 || die "fluent-bit: git is not on PATH"
    say "fluent-bit $ver: unpacking $tag ($commit) from $FLUENT_BIT_GIT into $src"
    flb_fetch_source "$src" "$tag" "$commit" "$sqblob"
    printf '%s\n' "$commit" >"$src/.commit"
  fi
  if ls "$src"/lib/sqlite-amalgamation-*/sqlite3.c >/dev/null 2>&1; then sqlite=bundled; else sqlite=system; fi
  flb_check_deps "$([ "$sqlite" = system ] && echo 1 || echo 0)"
  log="$tc/logs/build-fluent-bit.log"
  mkdir -p "$bld"
  say "fluent-bit $ver: cmake (sqlite: $sqlite; log: $log)"
  start=$(date +%s)
  (cd "$bld" && cmake .. "${FLB_CMAKE_OPTS[@]}" -DFLB_PREFER_SYSTEM_LIB_SQLITE="$([ "$sqlite" = system ] && echo On || echo Off)") >"$log" 2>&1 \
    || { tail -30 "$log" >&2; die "fluent-bit: cmake failed (log: $log)"; }
  cm_s=$(( $(date +%s) - start ))
  if [ "$sqlite" = system ] && ! grep -q 'Found sqlite3' "$log"; then die "fluent-bit: cmake did not find the system sqlite3 (log: $log)"; fi
  say "fluent-bit $ver: make -j$jobs (about 10 minutes on 2 cores)"
  (cd "$bld" && make -j"$jobs") >>"$log" 2>&1 || { tail -30 "$log" >&2; die "fluent-bit: make failed (log: $log)"; }
  secs=$(( $(date +%s) - start )); mk_s=$(( secs - cm_s ))
  install -m 0755 "$bld/bin/fluent-bit" "$bindir/fluent-bit.tmp" && mv "$bindir/fluent-bit.tmp" "$bindir/fluent-bit"
  write_info fluent-bit "$pinline" "$secs" "version=$ver" "tag=$tag" "commit=$commit" "source=$FLUENT_BIT_GIT" \
    "sqlite=$sqlite" "cmake_seconds=$cm_s" "make_seconds=$mk_s" "cc=$(cc --version | head -1)" \
    "cmake_options=${FLB_CMAKE_OPTS[*]}"
}

# --- smoke test: each checker accepts a good config and rejects a broken one ----------------------------------------
smoke_dir=
trap '[ -z "$smoke_dir" ] || rm -rf "$smoke_dir"' EXIT
smoke() {
  local t; smoke_dir=$(mktemp -d); t=$smoke_dir
  expect() { # ok|fail label cmd...
    local want=$1 label=$2 rc=0; shift 2
    "$@" >"$t/out" 2>&1 || rc=$?
    if { [ "$want" = ok ] && [ "$rc" = 0 ]; } || { [ "$want" = fail ] && [ "$rc" != 0 ]; }; then
      say "smoke: $label: $([ "$want" = ok ] && echo accepted || echo rejected), as expected"
    else
      cat "$t/out" >&2; die "smoke: $label: exit $rc, expected $want"
    fi
  }
  if [ -x "$bindir/amtool" ]; then
    printf 'route:\n  receiver: default\nreceivers:\n  - name: default\n' >"$t/am.yml"
    printf 'route:\n  receiver: nobody\nreceivers:\n  - name: default\n' >"$t/am-bad.yml"
    expect ok   "amtool check-config" "$bindir/amtool" check-config "$t/am.yml"
    expect fail "amtool check-config (undefined receiver)" "$bindir/amtool" check-config "$t/am-bad.yml"
  fi
  if [ -x "$bindir/promtool" ]; then
    printf 'groups:\n  - name: g\n    rules:\n      - record: r:up:bool\n        expr: up{job="a"} == bool 1\n      - alert: Down\n        expr: max_over_time(up{job="a"}[5m]) < 1\n' >"$t/rules.yml"
    printf 'groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: max_over_time(up{job="a"}[5m] < 1\n' >"$t/rules-bad.yml"
    expect ok   "promtool check rules" "$bindir/promtool" check rules "$t/rules.yml"
    expect fail "promtool check rules (unclosed parenthesis)" "$bindir/promtool" check rules "$t/rules-bad.yml"
  fi
  if [ -x "$bindir/fluent-bit" ]; then
    printf '[INPUT]\n    Name tail\n    Path /nonexistent/*.log\n    multiline.parser cri\n    DB /nonexistent/x.db\n[FILTER]\n    Name grep\n    Match *\n    Exclude log debug\n[FILTER]\n    Name kubernetes\n    Match *\n[OUTPUT]\n    Name cloudwatch_logs\n    Match *\n    region us-east-1\n    log_group_name g\n    log_stream_prefix p-\n' >"$t/flb.conf"
    sed 's/log_group_name/log_group_nam/' "$t/flb.conf" >"$t/flb-bad.conf"
    expect ok   "fluent-bit --dry-run" "$bindir/fluent-bit" --dry-run -c "$t/flb.conf"
    expect fail "fluent-bit --dry-run (unknown property log_group_nam)" "$bindir/fluent-bit" --dry-run -c "$t/flb-bad.conf"
  fi
}

for tool in "${tools[@]}"; do
  case "$tool" in
    amtool) build_amtool ;;
    promtool) build_promtool ;;
    fluent-bit) build_fluent_bit ;;
  esac
done
smoke
say "done: $(for tool in "${tools[@]}"; do printf '%s ' "$bindir/$tool"; done)"
