#!/usr/bin/env bash
# Builds Helm (the CLI, from the Go module proxy) and an offline mirror of the charts in charts.tsv, so that
# `npm run e2e` can install the monitoring charts into the local API server and render them without the chart
# repositories, as an air-gapped site does.
#
#   scripts/toolchain/build-chart-mirror.sh
#
# For each chart: `helm pull --repo <repository> --version <exact>` when the repository answers; otherwise the
# chart's directory at its release tag (or, for repositories that do not tag releases, the commit that set
# the version) in the chart repository's git history (`git fetch --depth 1 <source> tag`,
# where the source is $CHART_GIT_SOURCE with {owner} and {name} filled in: a URL or a local clone, default
# https://github.com/{owner}/{name}.git), with its bundled subcharts from this mirror, packaged by `helm package`.
# Output, under ${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}:
#   bin/helm                        Helm $HELM_VERSION, built with the Go toolchain
#   charts/<chart>-<version>.tgz    one per row of charts.tsv
#   charts/SOURCES                  where each came from (repository, or git source and the tag's commit)
# Idempotent: a chart already in the mirror is kept.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pins="$here/charts.tsv"
tc="${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}"
mirror="$tc/charts"
HELM_VERSION="${HELM_VERSION:-v3.22.0}"
default_git_source='https://github.com/{owner}/{name}.git'
git_source="${CHART_GIT_SOURCE:-$default_git_source}"

say() { printf '[chart-mirror] %s\n' "$*"; }
die() { printf '[chart-mirror] ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "$tc/bin" "$mirror" "$tc/go/mod" "$tc/go/build" "$tc/logs"
helm="$tc/bin/helm"
if [ ! -x "$helm" ]; then
  command -v go >/dev/null 2>&1 || die "go is not on PATH: Helm is built from source with the Go toolchain; install Go, then run this again."
  say "building helm $HELM_VERSION (go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION)"
  GOMODCACHE="$tc/go/mod" GOCACHE="$tc/go/build" GOBIN="$tc/bin" GOFLAGS=-mod=mod GOSUMDB=sum.golang.org \
    go install -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >"$tc/logs/helm.log" 2>&1 ||
    die "building helm failed; see $tc/logs/helm.log"
fi
say "helm: $("$helm" version --short 2>/dev/null)"
export HELM_CACHE_HOME="$tc/helm/cache" HELM_CONFIG_HOME="$tc/helm/config" HELM_DATA_HOME="$tc/helm/data"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
touch "$mirror/SOURCES"

while IFS=$'\t' read -r chart version repository git tag path bundles; do
  case "$chart" in ''|'#'*) continue ;; esac
  out="$mirror/$chart-$version.tgz"
  if [ -f "$out" ]; then say "$chart $version: in the mirror"; continue; fi
  if "$helm" pull "$chart" --repo "$repository" --version "$version" --destination "$work" >"$work/pull.log" 2>&1; then
    mv "$work/$chart-$version.tgz" "$out"
    printf '%s\t%s\t%s\n' "$chart" "$version" "$repository" >>"$mirror/SOURCES"
    say "$chart $version: pulled from $repository"
    continue
  fi
  owner="${git%%/*}" name="${git#*/}"
  source="${git_source//\{owner\}/$owner}"
  source="${source//\{name\}/$name}"
  say "$chart $version: $repository did not answer ($(tail -1 "$work/pull.log")); from $source at $tag"
  if [ -d "$source" ]; then
    # A local clone: read the chart's directory straight from it (only that directory's objects are needed).
    repo="$(git -C "$source" rev-parse --absolute-git-dir 2>/dev/null || echo "$source")"
  else
    repo="$work/git-$owner-$name"
    [ -d "$repo" ] || git init --quiet --bare "$repo"
    refspec="refs/tags/$tag:refs/tags/$tag"
    [[ "$tag" =~ ^[0-9a-f]{40}$ ]] && refspec="$tag"
    git --git-dir="$repo" fetch --quiet --depth 1 "$source" "$refspec" || die "cannot fetch $tag from $source (set CHART_GIT_SOURCE to a reachable clone)"
  fi
  commit=$(git --git-dir="$repo" rev-parse "$tag^{commit}")
  rm -rf "$work/src" && mkdir -p "$work/src"
  git --git-dir="$repo" archive "$tag" "$path" | tar -x -C "$work/src"
  dir="$work/src/$path"
  [ "$(sed -n 's/^version: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$dir/Chart.yaml")" = "$version" ] || die "$chart at $tag is not version $version"
  if [ "$bundles" != "-" ]; then
    mkdir -p "$dir/charts"
    IFS=',' read -r -a subcharts <<<"$bundles"
    for subchart in "${subcharts[@]}"; do
      [ -f "$mirror/${subchart%@*}-${subchart#*@}.tgz" ] || die "$chart bundles $subchart, which is not in the mirror (list it earlier in charts.tsv)"
      cp "$mirror/${subchart%@*}-${subchart#*@}.tgz" "$dir/charts/"
    done
  fi
  "$helm" package "$dir" --destination "$work" >/dev/null
  mv "$work/$chart-$version.tgz" "$out"
  printf '%s\t%s\t%s@%s (%s)\n' "$chart" "$version" "$source" "$tag" "$commit" >>"$mirror/SOURCES"
  say "$chart $version: packaged from $tag ($commit)"
done <"$pins"
say "done: $(ls "$mirror"/*.tgz | wc -l) charts in $mirror"
