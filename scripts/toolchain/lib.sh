# Shared by validate.sh, e2e.sh and scan.sh: where the toolchain is, and how a synthesized stack is
# prepared for Terraform against the offline provider mirror. Source it; it defines functions only.

toolchain_dir="${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}"
toolchain_scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# need_terraform: Terraform (or OpenTofu) >= 1.10 and the provider mirror, or exit 2 saying how to get them.
need_terraform() {
  tf="${TERRAFORM:-}"
  if [ -z "$tf" ]; then
    for candidate in terraform tofu; do
      if command -v "$candidate" >/dev/null 2>&1; then tf="$candidate"; break; fi
    done
  fi
  if [ -z "$tf" ]; then
    echo "$1: ERROR: neither terraform nor tofu is on PATH; install Terraform >= 1.10 (or OpenTofu >= 1.10)" >&2
    exit 2
  fi
  local version
  version=$("$tf" version -json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).terraform_version)}catch{console.log("")}})')
  case "$version" in
    ""|0.*|1.[0-9].*) echo "$1: ERROR: $tf $version is older than 1.10 (S3 lock files need 1.10)" >&2; exit 2 ;;
  esac
  if [ ! -f "$toolchain_dir/terraformrc" ]; then
    echo "$1: ERROR: no offline provider mirror in $toolchain_dir: build it with scripts/toolchain/build-provider-mirror.sh (Go toolchain and the Go module proxy; see README, Offline and air-gapped use)" >&2
    exit 2
  fi
  export TF_CLI_CONFIG_FILE="$toolchain_dir/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
  unset TF_PLUGIN_CACHE_DIR
}

# prepare_stack SRC_DIR DEST_DIR: copies a synthesized stack and points its provider pins at the mirror
# (and, with CHART_MIRROR set to a chart mirror directory, its Helm charts at the mirrored archives);
# prints a note like " [providers: kubernetes 3.2.2-dev... for 2.38.0]" (empty when all are exact).
prepare_stack() {
  rm -rf "$2"
  cp -R "$1" "$2"
  rm -rf "$2/.terraform" "$2/.terraform.lock.hcl"
  local pins note="" kind type pinned sub
  pins=$(node "$toolchain_scripts/use-mirror.js" "$2/cdk.tf.json" "$toolchain_dir/providers" ${CHART_MIRROR:+"$CHART_MIRROR"})
  local charts=""
  while read -r kind type pinned sub; do
    case "$kind" in
      substitute) note="$note ${type} ${sub} for ${pinned};" ;;
      missing) note="$note ${type} ${pinned} NOT IN MIRROR;" ;;
      chart-missing) charts="$charts ${type} ${pinned} NOT IN MIRROR;" ;;
    esac
  done <<<"$pins"
  [ -n "$note" ] && note=" [providers:${note%;}]"
  [ -n "$charts" ] && note="$note [charts:${charts%;}]"
  printf '%s' "$note"
}
