#!/usr/bin/env bash
# `npm run e2e`: applies the Kubernetes side of a small cohort (three students in two shards,
# through week 8) to a REAL Kubernetes API server, then proves tenancy with the API server's own
# answers. The API server, etcd, the controller manager, the scheduler and kwok (fake nodes the
# size of a t3.large, so pods get scheduled and marked Running without containers) are built from
# source by scripts/toolchain/build-control-plane.sh and started on 127.0.0.1 for the run only;
# Terraform uses the offline provider mirror. The cohort connects through `cluster.connection`
# (a kubeconfig), so no EKS, and none of the AWS-only in-cluster pieces (the load balancer
# controller, the gp3 StorageClass, ALB routes, the NLB lab) are applied.
#
# Through week 8: week 7 installs kube-prometheus-stack, the operator's CRDs and the blackbox exporter
# from the offline chart mirror (scripts/toolchain/build-chart-mirror.sh), and each student's probe,
# rules and dashboard; week 8's log shipping is EKS-only and not part of this run.
#
# Checks, each printed as PASS or FAIL, then "N passed, N failed":
#   - every stack applies, and a plan right after it shows no changes (terraform plan -detailed-exitcode);
#   - impersonating a student, a CI role and Grafana (kubectl auth can-i --as --as-group): what each may and may not do;
#   - the monitoring objects the API server stored (Prometheus, Probe, PrometheusRule, dashboard) say what the README says;
#   - admission, as the student with --dry-run=server: externalIPs refused, a privileged pod refused
#     by Pod Security, ordinary objects admitted.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=toolchain/lib.sh
source "$repo/scripts/toolchain/lib.sh"
need_terraform e2e
kubectl="$toolchain_dir/bin/kubectl"
if [ ! -x "$toolchain_dir/bin/kube-apiserver" ] || [ ! -x "$kubectl" ]; then
  echo "e2e: ERROR: no local control plane in $toolchain_dir/bin: build it with scripts/toolchain/build-control-plane.sh (see README, Offline and air-gapped use)" >&2
  exit 2
fi
# The monitoring charts (week 7) install from the offline chart mirror.
export CHART_MIRROR="$toolchain_dir/charts"
if [ ! -x "$toolchain_dir/bin/helm" ] || ! ls "$CHART_MIRROR"/kube-prometheus-stack-*.tgz >/dev/null 2>&1; then
  echo "e2e: ERROR: no chart mirror in $CHART_MIRROR: build it with scripts/toolchain/build-chart-mirror.sh (see README, Offline and air-gapped use)" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cohort-e2e-XXXXXX")"
export COHORT_CP_DIR="$work/control-plane"
passed=0
failed=0
cleanup() {
  "$repo/scripts/toolchain/control-plane.sh" stop >/dev/null 2>&1 || true
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "e2e: work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

pass() { echo "e2e: PASS $1"; passed=$((passed + 1)); }
fail() { echo "e2e: FAIL $1${2:+ ($2)}"; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

(cd "$repo" && npm run --silent build) || { echo "e2e: ERROR: build failed" >&2; exit 2; }
echo "e2e: starting the local control plane ($(grep -E '^KUBERNETES_VERSION=' "$repo/scripts/toolchain/control-plane.versions" | cut -d= -f2))"
if ! "$repo/scripts/toolchain/control-plane.sh" start >"$work/control-plane.log" 2>&1; then
  echo "e2e: ERROR: the control plane did not start:" >&2
  tail -20 "$work/control-plane.log" >&2
  exit 2
fi
kubeconfig="$COHORT_CP_DIR/admin.kubeconfig"
k() { "$kubectl" --kubeconfig "$kubeconfig" "$@"; }

cat >"$work/cohort.yaml" <<EOF
name: e2e-lab
region: eu-west-1
throughWeek: 8
cluster:
  connection: { kubeconfig: "$kubeconfig", serviceCidr: 172.20.0.0/16 }
students:
  - { name: alice, principalArn: "arn:aws:iam::111122223333:user/alice", githubRepository: alice/hello-node }
  - { name: bob, principalArn: "arn:aws:iam::111122223333:user/bob" }
  - { name: carol, principalArn: "arn:aws:iam::111122223333:user/carol" }
workloads: { shards: 2 }
EOF
if ! COHORT_FILE="$work/cohort.yaml" CDKTF_OUTDIR="$work/out" node "$repo/dist/main.js" >"$work/synth.log" 2>&1; then
  echo "e2e: ERROR: synth failed:" >&2
  cat "$work/synth.log" >&2
  exit 2
fi

# Apply the in-cluster stacks in dependency order, then plan again: no changes is the idempotency check.
for stack in e2e-lab-cluster-services e2e-lab-students-1 e2e-lab-students-2; do
  dir="$work/tf-$stack"
  note=$(prepare_stack "$work/out/stacks/$stack" "$dir")
  # The synthesized local backend keeps state beside cdktf.json; this run keeps it in its own copy.
  node -e 'const f=process.argv[1],d=JSON.parse(require("fs").readFileSync(f));d.terraform.backend={local:{path:"terraform.tfstate"}};require("fs").writeFileSync(f,JSON.stringify(d))' "$dir/cdk.tf.json"
  if ! "$tf" -chdir="$dir" init -input=false -no-color >"$dir.init.log" 2>&1; then
    fail "$stack: terraform init$note" "$(tail -3 "$dir.init.log" | tr '\n' ' ')"
    finish
  fi
  if "$tf" -chdir="$dir" apply -auto-approve -input=false -no-color >"$dir.apply.log" 2>&1; then
    pass "$stack: terraform apply$note"
  else
    fail "$stack: terraform apply$note" "$(grep -E 'Error' "$dir.apply.log" | head -3 | tr '\n' ' ')"
    finish
  fi
  "$tf" -chdir="$dir" plan -detailed-exitcode -input=false -no-color >"$dir.plan.log" 2>&1
  case $? in
    0) pass "$stack: a plan right after the apply shows no changes" ;;
    2) fail "$stack: a plan right after the apply shows changes" "$(grep -E '^  # ' "$dir.plan.log" | head -5 | tr '\n' ' ')" ;;
    *) fail "$stack: terraform plan failed" "$(grep -E 'Error' "$dir.plan.log" | head -3 | tr '\n' ' ')" ;;
  esac
done

# can EXPECTED DESCRIPTION -- kubectl auth can-i arguments
can() {
  local expected=$1 description=$2
  shift 3
  local answer
  answer=$(k auth can-i "$@" 2>/dev/null)
  if [ "$answer" = "$expected" ]; then pass "$description: $answer"; else fail "$description" "expected $expected, the API server said ${answer:-an error}"; fi
}
student=(--as=alice --as-group=cohort:students --as-group=cohort:student:alice)
ci=(--as=ci-alice --as-group=cohort:ci:alice)

can yes "student alice may create Deployments in her namespace" -- create deployments -n alice "${student[@]}"
can yes "student alice may read her pods' logs" -- get pods --subresource=log -n alice "${student[@]}"
can no "student alice may not create Deployments in bob's namespace" -- create deployments -n bob "${student[@]}"
can no "student alice may not read Secrets in bob's namespace" -- get secrets -n bob "${student[@]}"
can no "student alice may not change her quota" -- update resourcequotas/tenancy-quota -n alice "${student[@]}"
can no "student alice may not change her limit range" -- patch limitranges/tenancy-limits -n alice "${student[@]}"
can no "student alice may not delete her network policies" -- delete networkpolicies -n alice "${student[@]}"
can no "student alice may not create Ingresses (the shared ALB is Terraform's)" -- create ingresses -n alice "${student[@]}"
can no "student alice may not create RoleBindings" -- create rolebindings -n alice "${student[@]}"
can yes "student alice may list nodes (the cohort's read-only cluster view)" -- list nodes "${student[@]}"
can no "student alice may not create namespaces" -- create namespaces "${student[@]}"
can yes "alice's CI role may roll out her Deployments" -- patch deployments -n alice "${ci[@]}"
can no "alice's CI role may not create Deployments" -- create deployments -n alice "${ci[@]}"
can no "alice's CI role may not read her Secrets" -- get secrets -n alice "${ci[@]}"
can no "alice's CI role may not touch bob's Deployments" -- patch deployments -n bob "${ci[@]}"
# Week 7: monitoring.
grafana_sa=(--as=system:serviceaccount:monitoring:kube-prometheus-stack-grafana)
can yes "student alice may add ServiceMonitors in her namespace" -- create servicemonitors.monitoring.coreos.com -n alice "${student[@]}"
can no "student alice may not add ServiceMonitors in bob's namespace" -- create servicemonitors.monitoring.coreos.com -n bob "${student[@]}"
can no "student alice may not change her alert rules (the platform's)" -- update prometheusrules.monitoring.coreos.com/tenancy-alerts -n alice "${student[@]}"
can yes "student alice may port-forward to the Grafana pod" -- create pods/kube-prometheus-stack-grafana-0 --subresource=portforward -n monitoring "${student[@]}"
can no "student alice may not port-forward to the Prometheus pod" -- create pods/prometheus-kube-prometheus-stack-prometheus-0 --subresource=portforward -n monitoring "${student[@]}"
can no "student alice may not read Secrets in the monitoring namespace" -- get secrets -n monitoring "${student[@]}"
can yes "Grafana's dashboard sidecar may read ConfigMaps of its namespace" -- list configmaps -n monitoring "${grafana_sa[@]}"
can no "Grafana's dashboard sidecar may not read Secrets (the chart's own role would)" -- list secrets -n monitoring "${grafana_sa[@]}"
can no "Grafana's dashboard sidecar may not read other namespaces' ConfigMaps" -- list configmaps -n alice "${grafana_sa[@]}"

# admitted EXPECTED DESCRIPTION PATTERN: creates stdin as the student, server-side dry run (admission runs, nothing is stored).
admitted() {
  local expected=$1 description=$2 pattern=$3 output
  if output=$(k create --dry-run=server -n alice "${student[@]}" -f - 2>&1); then
    if [ "$expected" = yes ]; then pass "$description"; else fail "$description" "it was admitted"; fi
  elif [ "$expected" = no ] && grep -qE "$pattern" <<<"$output"; then
    pass "$description: $(grep -oE "$pattern" <<<"$output" | head -1)"
  else
    fail "$description" "$(head -2 <<<"$output" | tr '\n' ' ')"
  fi
}
admitted no "a Service with externalIPs is refused by the admission policy (CVE-2020-8554)" "spec.externalIPs is not allowed" <<'EOF'
apiVersion: v1
kind: Service
metadata: { name: capture }
spec: { selector: { app: x }, ports: [{ port: 80 }], externalIPs: ["8.8.8.8"] }
EOF
admitted yes "a plain ClusterIP Service is admitted" "" <<'EOF'
apiVersion: v1
kind: Service
metadata: { name: plain }
spec: { selector: { app: x }, ports: [{ port: 80 }] }
EOF
admitted no "a privileged pod is refused by Pod Security (baseline)" 'violates PodSecurity "baseline:latest"' <<'EOF'
apiVersion: v1
kind: Pod
metadata: { name: root-on-the-node }
spec: { containers: [{ name: x, image: busybox:1.36, securityContext: { privileged: true } }] }
EOF
admitted yes "an ordinary pod within the limit range is admitted" "" <<'EOF'
apiVersion: v1
kind: Pod
metadata: { name: ordinary }
spec: { containers: [{ name: x, image: busybox:1.36 }] }
EOF
admitted no "a ServiceMonitor without sample and target limits is refused" "spec.sampleLimit must be set" <<'EOF'
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: unlimited }
spec: { selector: { matchLabels: { app: x } }, endpoints: [{ port: metrics }] }
EOF
admitted no "a ServiceMonitor that reads Prometheus's token file is refused" "endpoints may not read files" <<'EOF'
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: token-thief }
spec: { selector: { matchLabels: { app: x } }, sampleLimit: 100, targetLimit: 1, endpoints: [{ port: metrics, bearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token }] }
EOF
admitted yes "a ServiceMonitor within the cohort's limits is admitted" "" <<'EOF'
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: my-app }
spec: { selector: { matchLabels: { app: x } }, sampleLimit: 5000, targetLimit: 20, endpoints: [{ port: metrics, interval: 30s }] }
EOF
admitted no "a PodMonitor above the cohort's target limit is refused" "spec.targetLimit must be set, from 1 to 20" <<'EOF'
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: { name: greedy }
spec: { selector: { matchLabels: { app: x } }, sampleLimit: 100, targetLimit: 500, podMetricsEndpoints: [{ port: metrics }] }
EOF
admitted no "a ServiceMonitor that picks a scrape class is refused" "spec.scrapeClass may not be set" <<'EOF'
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: classy }
spec: { selector: { matchLabels: { app: x } }, sampleLimit: 100, targetLimit: 1, scrapeClass: tls-files, endpoints: [{ port: metrics }] }
EOF

# What Terraform made is there, and the labs' pods were scheduled onto the fake nodes.
for name in alice bob carol; do
  if k get namespace "$name" -o jsonpath='{.metadata.labels.pod-security\.kubernetes\.io/enforce}' 2>/dev/null | grep -qx baseline; then
    pass "namespace $name exists with Pod Security baseline enforced"
  else
    fail "namespace $name exists with Pod Security baseline enforced"
  fi
done
# jsonpath_is EXPECTED DESCRIPTION -- kubectl get arguments with -o jsonpath
jsonpath_is() {
  local expected=$1 description=$2 answer
  shift 3
  answer=$(k get "$@" 2>&1)
  if [ "$answer" = "$expected" ]; then pass "$description: $answer"; else fail "$description" "expected '$expected', got '$(head -c 200 <<<"$answer")'"; fi
}
jsonpath_is namespace "the Prometheus object enforces each monitor's and rule's namespace as the namespace label" -- prometheus kube-prometheus-stack-prometheus -n monitoring -o jsonpath='{.spec.enforcedNamespaceLabel}'
jsonpath_is true "the Prometheus object ignores namespace selectors in tenants' monitors" -- prometheus kube-prometheus-stack-prometheus -n monitoring -o jsonpath='{.spec.ignoreNamespaceSelectors}'
jsonpath_is "blackbox-exporter.monitoring.svc:9115" "alice's hello-node probe goes through the blackbox exporter" -- probe hello-node -n alice -o jsonpath='{.spec.prober.url}'
jsonpath_is "workloads probe-hello-node slo-hello-node-availability slo-hello-node-latency" "alice's alert rules and SLO groups are in her namespace" -- prometheusrule tenancy-alerts -n alice -o jsonpath='{.spec.groups[*].name}'
jsonpath_is 1 "alice's dashboard is a ConfigMap the Grafana sidecar loads" -- configmap dashboard-alice -n monitoring -o jsonpath='{.metadata.labels.grafana_dashboard}'
jsonpath_is blackbox-exporter "the blackbox exporter's Service has the fixed name the probes use" -- service blackbox-exporter -n monitoring -o jsonpath='{.metadata.name}'
jsonpath_is privileged "the monitoring namespace allows node-exporter's host access" -- namespace monitoring -o jsonpath='{.metadata.labels.pod-security\.kubernetes\.io/enforce}'

sleep 5
grafana=$(k get pod kube-prometheus-stack-grafana-0 -n monitoring -o jsonpath='{.status.phase}' 2>/dev/null)
if [ "$grafana" = Running ]; then pass "Grafana runs as kube-prometheus-stack-grafana-0, the pod students may port-forward to"; else fail "Grafana runs as kube-prometheus-stack-grafana-0" "phase '${grafana}'"; fi
running=$(k get pods -n alice --field-selector=status.phase=Running -o name 2>/dev/null | wc -l)
if [ "$running" -ge 6 ]; then pass "alice's lab pods are scheduled and running on the (fake) nodes: $running"; else fail "alice's lab pods are scheduled and running" "$running running"; fi

finish
