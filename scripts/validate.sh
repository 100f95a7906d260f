#!/usr/bin/env bash
# `npm run validate`: `terraform validate` (or `tofu validate`) on every stack of the example cohort
# at weeks 1, 4, 6 and 10, offline: providers come from the filesystem mirror that
# scripts/toolchain/build-provider-mirror.sh builds (TF_CLI_CONFIG_FILE points at it). One line per
# stack. Then, for the last week, the configurations the stacks hand to other programs, each checked
# by that program: every Helm release rendered by `helm template` from the offline chart mirror,
# Alertmanager's configuration and templates as rendered (`amtool check-config`), every student's
# rule file (`promtool check rules`) and Fluent Bit's pipeline as rendered (`fluent-bit --dry-run`).
# Last line: "N stacks valid, N invalid; N configurations valid, N invalid". A missing tool is an
# error (exit 2) that says how to build it, never a skip. Set WEEKS="6 10" to check other weeks,
# COHORT_FILE for another cohort.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=toolchain/lib.sh
source "$repo/scripts/toolchain/lib.sh"
need_terraform validate
bin="$toolchain_dir/bin"
for tool in helm amtool promtool fluent-bit; do
  [ -x "$bin/$tool" ] && continue
  case "$tool" in
    helm) how="scripts/toolchain/build-chart-mirror.sh" ;;
    *) how="scripts/toolchain/build-config-checkers.sh" ;;
  esac
  echo "validate: ERROR: no $tool in $bin: build it with $how (see README, Offline and air-gapped use)" >&2
  exit 2
done

weeks="${WEEKS:-1 4 6 10}"
cohort="${COHORT_FILE:-$repo/config/example-cohort.yaml}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cohort-validate-XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && npm run --silent build)

valid=0
invalid=0
for week in $weeks; do
  sed -E "s/^throughWeek: *[0-9]+/throughWeek: $week/" "$cohort" >"$work/cohort-$week.yaml"
  COHORT_FILE="$work/cohort-$week.yaml" CDKTF_OUTDIR="$work/out-$week" node "$repo/dist/main.js" >/dev/null 2>"$work/synth-$week.log" || {
    echo "validate: week $week: synth failed:"; sed 's/^/    /' "$work/synth-$week.log"; invalid=$((invalid + 1)); continue
  }
  for stack_dir in "$work/out-$week"/stacks/*/; do
    stack=$(basename "$stack_dir")
    dir="$work/tf-$week-$stack"
    note=$(prepare_stack "$stack_dir" "$dir")
    if ! log=$("$tf" -chdir="$dir" init -backend=false -input=false -no-color 2>&1); then
      echo "validate: week $week $stack: INIT FAILED$note"
      printf '%s\n' "$log" | tail -20 | sed 's/^/    /'
      invalid=$((invalid + 1))
    elif log=$("$tf" -chdir="$dir" validate -no-color 2>&1); then
      echo "validate: week $week $stack: valid$note"
      valid=$((valid + 1))
    else
      echo "validate: week $week $stack: INVALID$note"
      printf '%s\n' "$log" | sed 's/^/    /'
      invalid=$((invalid + 1))
    fi
  done
done
# check DESCRIPTION -- COMMAND...: one line per configuration, counted.
configs_valid=0
configs_invalid=0
check() {
  local description=$1 log
  shift 2
  if log=$("$@" 2>&1); then
    echo "validate: $description: valid"
    configs_valid=$((configs_valid + 1))
  else
    echo "validate: $description: INVALID"
    printf '%s\n' "$log" | tail -15 | sed 's/^/    /'
    configs_invalid=$((configs_invalid + 1))
  fi
}
# render ARCHIVE OUTPUT helm-template-arguments...: the chart as Helm would install it.
render() {
  local archive=$1 output=$2
  shift 2
  [ -e "$archive" ] || { echo "$archive is not in the chart mirror: build it with scripts/toolchain/build-chart-mirror.sh"; return 1; }
  "$bin/helm" template "$@" "$archive" >"$output"
}
last="${weeks##* }"
configs="$work/configs"
node "$repo/scripts/toolchain/extract-configs.js" "$work/out-$last" "$configs"
kube_version=$(node -e 'const c=require(process.argv[1]).parseCohortYaml(require("fs").readFileSync(process.argv[2],"utf8"),"cohort");console.log(c.cluster.version)' "$repo/dist/config/load-cohort.js" "$work/cohort-$last.yaml")
while IFS=$'\t' read -r stack release chart version namespace files; do
  if [ "$version" = local ]; then archive=$chart label="this project's objects chart"
  else archive="$toolchain_dir/charts/$chart-$version.tgz" label="$chart $version"; fi
  values=()
  IFS=',' read -r -a value_files <<<"$files"
  for file in "${value_files[@]}"; do values+=(-f "$file"); done
  check "week $last $stack helm template $release ($label)" -- \
    render "$archive" "$configs/$stack.$release.rendered.yaml" "$release" -n "$namespace" --kube-version "$kube_version.0" "${values[@]}"
done <"$configs/releases.tsv"
# check_alertmanager RENDERED: the Alertmanager configuration and templates in kube-prometheus-stack's Secret.
check_alertmanager() {
  local dir="$configs/alertmanager" secret=alertmanager-kube-prometheus-stack-alertmanager
  mkdir -p "$dir"
  node "$repo/scripts/toolchain/rendered-file.js" "$1" Secret "$secret" cohort.tmpl >"$dir/cohort.tmpl" &&
    node "$repo/scripts/toolchain/rendered-file.js" "$1" Secret "$secret" alertmanager.yaml >"$dir/alertmanager.yaml" &&
    sed -i "s#/etc/alertmanager/config/#$dir/#" "$dir/alertmanager.yaml" &&
    "$bin/amtool" check-config "$dir/alertmanager.yaml"
}
# check_fluent_bit RENDERED: Fluent Bit's pipeline in the chart's ConfigMap, its parsers file beside it.
check_fluent_bit() {
  local dir="$configs/fluent-bit"
  mkdir -p "$dir"
  node "$repo/scripts/toolchain/rendered-file.js" "$1" ConfigMap fluent-bit custom_parsers.conf >"$dir/custom_parsers.conf" &&
    node "$repo/scripts/toolchain/rendered-file.js" "$1" ConfigMap fluent-bit fluent-bit.conf >"$dir/fluent-bit.conf" &&
    sed -i -e "s#/fluent-bit/etc/conf/custom_parsers.conf#$dir/custom_parsers.conf#" -e '/Parsers_File \/fluent-bit\/etc\/parsers.conf/d' "$dir/fluent-bit.conf" &&
    "$bin/fluent-bit" --dry-run -c "$dir/fluent-bit.conf"
}
# The rendered releases (if the week has them) and every student's rule file.
while IFS=$'\t' read -r stack release _; do
  case "$release" in
    kube-prometheus-stack) check "week $last Alertmanager configuration and templates (amtool check-config)" -- check_alertmanager "$configs/$stack.$release.rendered.yaml" ;;
    fluent-bit) check "week $last Fluent Bit pipeline (fluent-bit --dry-run)" -- check_fluent_bit "$configs/$stack.$release.rendered.yaml" ;;
  esac
done <"$configs/releases.tsv"
for rules in "$configs"/rules/*.yaml; do
  [ -e "$rules" ] || continue
  check "week $last rule file $(basename "$rules" .yaml) (promtool check rules)" -- "$bin/promtool" check rules "$rules"
done

echo "$valid stacks valid, $invalid invalid; $configs_valid configurations valid, $configs_invalid invalid"
[ "$invalid" -eq 0 ] && [ "$configs_invalid" -eq 0 ]
