#!/usr/bin/env bash
# Installs checkov from PyPI into a virtualenv in the toolchain cache, every package pinned by
# version and sha256 (checkov-requirements.txt, generated from checkov-requirements.in), and links
# $COHORT_TOOLCHAIN_DIR/bin/checkov to it. Idempotent: a second run with the same lock file does
# nothing. Prints the path of the checkov executable.
#
#   scripts/toolchain/install-checkov.sh
#   COHORT_PYTHON=python3.11 scripts/toolchain/install-checkov.sh   # another interpreter
#
# The lock file was resolved for CPython 3.11 on Linux (the machines' python3); another Python
# minor version may need a regenerated lock (see checkov-requirements.in).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
toolchain_dir="${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}"
python="${COHORT_PYTHON:-python3}"
lock="$here/checkov-requirements.txt"
version="$(sed -n 's/^checkov==\([^ ]*\).*/\1/p' "$lock")"
venv="$toolchain_dir/checkov-$version"
stamp="$venv/.installed-from"
want="$(sha256sum "$lock" | cut -d' ' -f1) $("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"

log() { echo "install-checkov: $*" >&2; }

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/checkov" ]; then
  log "checkov $version already installed in $venv"
else
  started=$SECONDS
  log "installing checkov $version into $venv (hash-checked, from $lock)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  # --require-hashes refuses any file whose sha256 is not in the lock; --no-deps because the
  # lock already lists the whole dependency closure.
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --require-hashes --no-deps -r "$lock"
  "$venv/bin/python" -m pip check >&2
  echo "$want" >"$stamp"
  log "installed in $((SECONDS - started)) s"
fi

mkdir -p "$toolchain_dir/bin"
ln -sfn "$venv/bin/checkov" "$toolchain_dir/bin/checkov"
installed="$("$toolchain_dir/bin/checkov" --version)"
[ "$installed" = "$version" ] || { log "expected checkov $version, got '$installed'"; exit 1; }
echo "$toolchain_dir/bin/checkov"
