#!/usr/bin/env bash
# Builds the Terraform providers listed in providers.tsv from source into an unpacked filesystem mirror, so that
# `terraform init` and `terraform validate` work without the Terraform registry (as an air-gapped site does).
#
#   scripts/toolchain/build-provider-mirror.sh [--exact-only] [TYPE...]     e.g.  ... aws   or   ... helm random
#
# Source comes ONLY from the Go module proxy, pinned by commit pseudo-version; `go mod download` checks each
# module against sum.golang.org and this script then requires the h1 hash pinned in providers.tsv.
# For every TYPE (default: all) it builds the `exact` row (the release the bindings were generated for); when the
# proxy does not serve that release it says so and, unless --exact-only, builds the `substitute` row instead.
#
# Output, under ${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}:
#   providers/registry.terraform.io/hashicorp/<type>/<version>/linux_amd64/terraform-provider-<type>_v<version>
#   terraformrc        use as TF_CLI_CONFIG_FILE (filesystem_mirror for hashicorp/*, registry for nothing else)
#   build-info/        one file per binary: source pins, Go version, flags, sha256 (binaries are not pinned:
#                      their bytes depend on the Go toolchain; the source hash is the pin)
#   go/mod go/build    Go module and build caches; src/ writable copies of the provider modules; logs/
#
# Idempotent: a binary whose build-info matches the pins and whose sha256 matches build-info is kept.
# Environment: BUILD_JOBS (go build -p, default 1 for aws, 2 otherwise; the aws build needs ~30-90 min on 2 cores).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pins="$here/providers.tsv"
tc="${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}"
mirror="$tc/providers"
goos=linux goarch=amd64

say() { printf '[provider-mirror] %s\n' "$*"; }
die() { printf '[provider-mirror] ERROR: %s\n' "$*" >&2; exit 1; }

exact_only=0
types=()
for arg in "$@"; do
  case "$arg" in
    --exact-only) exact_only=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    -*) die "unknown option $arg (use --exact-only, or name provider types: aws kubernetes helm random)" ;;
    *) types+=("$arg") ;;
  esac
done

command -v go >/dev/null 2>&1 || die "go is not on PATH. The providers are built from source with the Go toolchain (go >= 1.26 for aws); install Go, then run this again."
[ -f "$pins" ] || die "pins file $pins is missing"
known_types=$(awk -F'\t' '!/^#/ && NF {print $1}' "$pins" | sort -u | tr '\n' ' ')
if [ "${#types[@]}" -eq 0 ]; then read -r -a types <<<"$known_types"; fi
for t in "${types[@]}"; do
  case " $known_types " in *" $t "*) ;; *) die "unknown provider type '$t'; providers.tsv knows: $known_types" ;; esac
done

mkdir -p "$mirror" "$tc/build-info" "$tc/logs" "$tc/src" "$tc/go/mod" "$tc/go/build"
# Own caches; the sum database stays on (never GONOSUMDB/GOFLAGS=-insecure); local toolchain only.
export GOMODCACHE="$tc/go/mod" GOCACHE="$tc/go/build" GOTOOLCHAIN=local GOSUMDB=sum.golang.org \
       GOFLAGS=-mod=readonly GONOSUMDB= GONOSUMCHECK= GOPRIVATE= GOINSECURE= GOWORK=off
say "toolchain dir: $tc ($(go version | awk '{print $3}'))"

# --- terraformrc ------------------------------------------------------------------------------------------------
rc="$tc/terraformrc"
cat >"$rc.tmp" <<EOF
# Written by scripts/toolchain/build-provider-mirror.sh. Use with TF_CLI_CONFIG_FILE=$rc
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
EOF
mv "$rc.tmp" "$rc"

# --- helpers ------------------------------------------------------------------------------------------------------
binary_path() { # type version
  printf '%s/registry.terraform.io/hashicorp/%s/%s/%s_%s/terraform-provider-%s_v%s' "$mirror" "$1" "$2" "$goos" "$goarch" "$1" "$2"
}
info_path() { printf '%s/build-info/%s_%s_%s_%s.txt' "$tc" "$1" "$2" "$goos" "$goarch"; }
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" | head -1; }

# Prints a reason and returns 1 if the binary is missing or does not match its recorded build.
verify_existing() { # type version h1 ldflags
  local bin info want have
  bin=$(binary_path "$1" "$2"); info=$(info_path "$1" "$2")
  [ -x "$bin" ] || { echo "not built yet"; return 1; }
  [ -f "$info" ] || { echo "binary has no build-info"; return 1; }
  grep -qxF "module_h1=$3" "$info" || { echo "built from other source than pinned"; return 1; }
  grep -qxF "ldflags=$4" "$info" || { echo "built with other flags"; return 1; }
  want=$(sed -n 's/^sha256=//p' "$info"); have=$(sha256sum "$bin" | cut -d' ' -f1)
  [ "$want" = "$have" ] || { echo "sha256 $have differs from recorded $want"; return 1; }
  echo "$have"
}

# build_row TYPE KIND VERSION FOR MODULE COMMIT PSEUDO H1 GOMODH1 VERSIONVAR -> 0 built/present, 1 not possible
build_row() {
  local type=$1 kind=$2 version=$3 for=$4 module=$5 commit=$6 pseudo=$7 h1=$8 gomodh1=$9 vvar=${10}
  local label="$type $version ($kind${for:+, bindings for $for})"
  local ldflags="-s -w" jobs bin info out json got_h1 got_gomod dir src log start secs
  [ "$vvar" != "-" ] && ldflags="-s -w -X '$vvar=$version'"
  bin=$(binary_path "$type" "$version"); info=$(info_path "$type" "$version")

  if out=$(verify_existing "$type" "$version" "$h1" "$ldflags"); then
    say "$label: present, sha256 $out"
    return 0
  fi
  say "$label: $out"
  if [ "$pseudo" = "-" ] || [ "$commit" = "-" ]; then
    say "$label: cannot build: providers.tsv has no commit for this release (see its header)"
    return 1
  fi
  case "$pseudo" in *"-${commit:0:12}") ;; *) die "$label: pseudo-version $pseudo does not name commit $commit" ;; esac

  say "$label: downloading $module@$pseudo from the Go module proxy (checked against sum.golang.org)"
  json=$(go mod download -json "$module@$pseudo" 2>&1 || true)
  if printf '%s' "$json" | grep -q '"Error"'; then
    say "$label: the Go module proxy did not serve it:"
    printf '%s\n' "$json" | json_field Error | sed 's/\\n/\n/g; s/\\t/  /g; s/^/    /'
    return 1
  fi
  got_h1=$(printf '%s\n' "$json" | json_field Sum)
  got_gomod=$(printf '%s\n' "$json" | json_field GoModSum)
  dir=$(printf '%s\n' "$json" | json_field Dir)
  if [ "$h1" = "-" ]; then
    say "$label: downloaded, module hash $got_h1 (go.mod $got_gomod), but providers.tsv pins no h1 for it."
    say "$label: check it, write it into providers.tsv, and run again. Not building unpinned source."
    return 1
  fi
  [ "$got_h1" = "$h1" ] || die "$label: module hash $got_h1 differs from the pinned $h1"
  [ "$gomodh1" = "-" ] || [ "$got_gomod" = "$gomodh1" ] || die "$label: go.mod hash $got_gomod differs from the pinned $gomodh1"
  say "$label: module hash verified: $got_h1"

  # The module cache is read-only; build in a writable copy, refreshed if it is not from this exact source.
  src="$tc/src/$type-$version"
  if [ ! -f "$src/.module_h1" ] || [ "$(cat "$src/.module_h1")" != "$h1" ]; then
    rm -rf "$src"; mkdir -p "$src"
    cp -R "$dir"/. "$src"/ && chmod -R u+w "$src" || die "$label: could not copy $dir to $src"
    printf '%s\n' "$h1" >"$src/.module_h1"
  fi

  jobs=${BUILD_JOBS:-2}; [ "$type" = aws ] && jobs=${BUILD_JOBS:-1}
  log="$tc/logs/build-$type-$version.log"
  say "$label: downloading dependencies (verified against the module's go.sum)"
  (cd "$src" && go mod download) >"$log" 2>&1 || { tail -20 "$log" >&2; die "$label: dependency download failed (log: $log)"; }
  say "$label: go build -p $jobs (log: $log; aws takes 30-90 minutes on 2 cores)"
  start=$(date +%s)
  mkdir -p "$(dirname "$bin")"
  if ! (cd "$src" && CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch \
        go build -p "$jobs" -trimpath -buildvcs=false -ldflags "$ldflags" -o "$bin.tmp" .) >>"$log" 2>&1; then
    tail -30 "$log" >&2; rm -f "$bin.tmp"; die "$label: go build failed (log: $log)"
  fi
  secs=$(( $(date +%s) - start ))
  mv "$bin.tmp" "$bin"
  local sum; sum=$(sha256sum "$bin" | cut -d' ' -f1)
  cat >"$info" <<EOF
type=$type
version=$version
kind=$kind
bindings_version=$for
module=$module
commit=$commit
pseudo_version=$pseudo
module_h1=$h1
gomod_h1=$got_gomod
go=$(go version | awk '{print $3}')
ldflags=$ldflags
flags=CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch go build -p $jobs -trimpath -buildvcs=false
build_seconds=$secs
built_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
binary=$bin
sha256=$sum
EOF
  say "$label: built in ${secs}s, sha256 $sum"
  return 0
}

# --- main ---------------------------------------------------------------------------------------------------------
failed=()
summary=()
for t in "${types[@]}"; do
  result=missing
  for kind in exact substitute; do
    [ "$kind" = substitute ] && [ "$exact_only" = 1 ] && break
    row=$(awk -F'\t' -v t="$t" -v k="$kind" '!/^#/ && $1==t && $2==k' "$pins")
    [ -n "$row" ] || continue
    IFS=$'\t' read -r r_type r_kind r_version r_for r_module r_commit r_pseudo r_h1 r_gomod r_vvar <<<"$row"
    if build_row "$r_type" "$r_kind" "$r_version" "$r_for" "$r_module" "$r_commit" "$r_pseudo" "$r_h1" "$r_gomod" "$r_vvar"; then
      result="$kind $r_version"
      [ "$kind" = substitute ] && say "$t: SUBSTITUTE in use: $r_version stands in for $r_for, which cannot be built here"
      break
    fi
  done
  summary+=("$t: $result")
  [ "$result" = missing ] && failed+=("$t")
done

say "summary (mirror: $mirror):"
for s in "${summary[@]}"; do say "  $s"; done
say "use: TF_CLI_CONFIG_FILE=$rc terraform init -backend=false"
if [ "${#failed[@]}" -gt 0 ]; then
  die "no provider could be built for: ${failed[*]}"
fi
