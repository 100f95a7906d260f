#!/usr/bin/env bash
# Checks that a control plane started by control-plane.sh behaves like the cluster the stacks expect:
# RBAC answers, namespaces come and go, ValidatingAdmissionPolicy and Pod Security admission reject
# what they should, service-account tokens are issued, (with kwok) pods run, and calls into the
# cluster network fail locally. Leaves nothing behind. Ends with "N passed, N failed".
#
#   scripts/toolchain/control-plane.sh start && scripts/toolchain/control-plane-smoke.sh
set -uo pipefail

toolchain_dir="${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}"
state_dir="${COHORT_CP_DIR:-${TMPDIR:-/tmp}/cohort-control-plane}"
export KUBECONFIG="${KUBECONFIG:-$state_dir/admin.kubeconfig}"
k() { "$toolchain_dir/bin/kubectl" "$@"; }
ns="smoke-$$"
passed=0
failed=0
check() { # NAME COMMAND...: the command must succeed
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    echo "ok    $name"
    passed=$((passed + 1))
  else
    echo "FAIL  $name"
    printf '%s\n' "$out" | sed 's/^/      /' | tail -5
    failed=$((failed + 1))
  fi
}
expect_denied() { # PATTERN COMMAND...: the command must fail and print PATTERN
  local pattern=$1 out
  shift
  if out=$("$@" 2>&1); then
    echo "unexpectedly allowed: $out"
    return 1
  fi
  grep -q -- "$pattern" <<<"$out" || { echo "denied, but not with '$pattern': $out"; return 1; }
}
cleanup() {
  k delete ns "$ns" "$ns-restricted" --ignore-not-found --wait=false >/dev/null 2>&1
  k delete validatingadmissionpolicybinding "$ns-replicas" --ignore-not-found >/dev/null 2>&1
  k delete validatingadmissionpolicy "$ns-replicas" --ignore-not-found >/dev/null 2>&1
  k delete validatingwebhookconfiguration "$ns-hook" --ignore-not-found >/dev/null 2>&1
}
trap cleanup EXIT

check "/readyz" k get --raw /readyz
check "server version $(k version -o json 2>/dev/null | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -1)" k version
check "RBAC: an unbound student may not create deployments" \
  expect_denied "^no" k auth can-i create deployments --as=jane --as-group=cohort:student:jane -n jane
check "create a namespace" k create ns "$ns"
check "the namespace gets its default service account" \
  k wait --for=jsonpath='{.metadata.name}'=default serviceaccount/default -n "$ns" --timeout=30s
check "a service-account token is issued" k create token default -n "$ns" --duration=10m

check "ValidatingAdmissionPolicy is created" k apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: $ns-replicas}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
  validations:
  - {expression: "object.spec.replicas <= 5", message: "replicas must be at most 5"}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: $ns-replicas}
spec:
  policyName: $ns-replicas
  validationActions: [Deny]
  matchResources:
    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: $ns}}
EOF
# the policy is enforced once the API server's informer has it: retry briefly
vap_denies() {
  for _ in $(seq 1 20); do
    if expect_denied "replicas must be at most 5" k create deployment big -n "$ns" --image=registry.k8s.io/pause:3.10 --replicas=10 >/dev/null; then
      return 0
    fi
    k delete deployment big -n "$ns" --ignore-not-found >/dev/null 2>&1
    sleep 0.5
  done
  expect_denied "replicas must be at most 5" k create deployment big -n "$ns" --image=registry.k8s.io/pause:3.10 --replicas=10
}
check "ValidatingAdmissionPolicy denies 10 replicas" vap_denies
check "ValidatingAdmissionPolicy admits 2 replicas" \
  k create deployment small -n "$ns" --image=registry.k8s.io/pause:3.10 --replicas=2

check "namespace labelled pod-security enforce=restricted" k create ns "$ns-restricted"
check "label" k label ns "$ns-restricted" pod-security.kubernetes.io/enforce=restricted
check "Pod Security admission rejects a privileged pod" \
  expect_denied 'violates PodSecurity "restricted:latest"' k run priv -n "$ns-restricted" --image=registry.k8s.io/pause:3.10 \
  --overrides='{"spec":{"containers":[{"name":"priv","image":"registry.k8s.io/pause:3.10","securityContext":{"privileged":true}}]}}'

if k get nodes -l type=kwok -o name 2>/dev/null | grep -q .; then
  check "kwok: the deployment's pods become available" \
    k rollout status deployment/small -n "$ns" --timeout=60s
fi

check "a Service for a webhook" k create service clusterip nowhere -n "$ns" --tcp=443:9443
check "a webhook configuration that calls it" k apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: $ns-hook}
webhooks:
- name: smoke.hook.example.com
  admissionReviewVersions: [v1]
  sideEffects: None
  failurePolicy: Fail
  timeoutSeconds: 5
  clientConfig:
    service: {namespace: $ns, name: nowhere, path: /validate}
  rules:
  - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
  namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: $ns}}
EOF
hook_fails_locally() {
  for _ in $(seq 1 20); do
    if expect_denied "no-cluster-network.sock" k create configmap probe -n "$ns" --from-literal=a=b >/dev/null; then
      return 0
    fi
    k delete configmap probe -n "$ns" --ignore-not-found >/dev/null 2>&1
    sleep 0.5
  done
  expect_denied "no-cluster-network.sock" k create configmap probe -n "$ns" --from-literal=a=b
}
check "the webhook call fails on this machine (dead cluster-egress socket)" hook_fails_locally
k delete validatingwebhookconfiguration "$ns-hook" >/dev/null 2>&1

check "namespace deletion completes (namespace controller, garbage collection)" \
  k delete ns "$ns" --wait=true --timeout=90s

echo "control-plane smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
