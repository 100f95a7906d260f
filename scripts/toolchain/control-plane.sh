#!/usr/bin/env bash
# A real, local Kubernetes control plane for the e2e test: etcd, kube-apiserver and
# kube-controller-manager (plus kube-scheduler and kwok when build-control-plane.sh built them),
# all on 127.0.0.1, with fresh certificates and keys in a throwaway state directory.
#
#   scripts/toolchain/control-plane.sh start    # prints the admin kubeconfig path when /readyz is ok
#   scripts/toolchain/control-plane.sh status
#   scripts/toolchain/control-plane.sh stop     # stops every process it started, removes the directory
#
# Environment (all optional):
#   COHORT_TOOLCHAIN_DIR   where build-control-plane.sh put bin/ (default ~/.cache/cohort-platform-toolchain)
#   COHORT_CP_DIR          state directory: certificates, etcd data, logs, kubeconfigs
#                          (default ${TMPDIR:-/tmp}/cohort-control-plane); the admin kubeconfig is
#                          $COHORT_CP_DIR/admin.kubeconfig
#   COHORT_CP_APISERVER_PORT (6443)  COHORT_CP_ETCD_PORT (2379, peer port +1)
#   COHORT_CP_CONTROLLER_MANAGER_PORT (10257)  COHORT_CP_SCHEDULER_PORT (10259)
#   COHORT_CP_KWOK=0       do not start kwok (and kube-scheduler) even when they are built
#   COHORT_CP_KWOK_NODES   fake nodes to create when kwok runs (default 2)
#   COHORT_CP_KWOK_NODE_CPU / COHORT_CP_KWOK_NODE_MEMORY / COHORT_CP_KWOK_NODE_PODS
#                          each fake node's allocatable (default 2 / 8Gi / 110: like a t3.large)
#   COHORT_CP_KEEP_LOGS=1  `stop` moves the logs to $COHORT_CP_DIR.logs instead of deleting them
#
# What it is like, and unlike, EKS: the service CIDR is EKS's default 172.20.0.0/16, authorization is
# Node,RBAC, PodSecurity and ValidatingAdmissionPolicy admission are on (both are on by default in
# 1.35; they are listed to be explicit), privileged pods are allowed by the API server (as on EKS) so
# that Pod Security admission is what rejects them. There are no kubelets: pods stay Pending unless
# kwok runs, which marks fake nodes Ready and pods Running without running any container.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=control-plane.versions
source "$here/control-plane.versions"
toolchain_dir="${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}"
bin_dir="$toolchain_dir/bin"
kwok_stages="$toolchain_dir/share/kwok-$KWOK_VERSION/stages.yaml"
state_dir="${COHORT_CP_DIR:-${TMPDIR:-/tmp}/cohort-control-plane}"
apiserver_port="${COHORT_CP_APISERVER_PORT:-6443}"
etcd_port="${COHORT_CP_ETCD_PORT:-2379}"
etcd_peer_port=$((etcd_port + 1))
cm_port="${COHORT_CP_CONTROLLER_MANAGER_PORT:-10257}"
scheduler_port="${COHORT_CP_SCHEDULER_PORT:-10259}"
service_cidr="172.20.0.0/16"
service_ip="172.20.0.1" # the first address of the service range: the `kubernetes` Service
cluster_name="cohort-e2e"

log() { echo "control-plane: $*" >&2; }
die() { log "$*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# certificates

# mkcert NAME CN ORG EKU [SAN]: a P-256 key and a certificate signed by the state directory's CA.
mkcert() {
  local name=$1 cn=$2 org=$3 eku=$4 san=${5:-}
  local subj="/CN=$cn"
  if [ -n "$org" ]; then subj="/O=$org$subj"; fi
  openssl ecparam -name prime256v1 -genkey -noout -out "$pki/$name.key" 2>/dev/null
  openssl req -new -key "$pki/$name.key" -subj "$subj" -out "$pki/$name.csr" 2>/dev/null
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    if [ -n "$san" ]; then echo "subjectAltName=$san"; fi
  } >"$pki/$name.ext"
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 7 -sha256 -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>/dev/null
  rm -f "$pki/$name.csr" "$pki/$name.ext"
  chmod 600 "$pki/$name.key"
}

make_pki() {
  mkdir -p "$pki"
  openssl ecparam -name prime256v1 -genkey -noout -out "$pki/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$pki/ca.key" -subj "/CN=$cluster_name-ca" -days 7 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$pki/ca.crt" 2>/dev/null
  chmod 600 "$pki/ca.key"
  mkcert etcd-server etcd "" serverAuth,clientAuth "IP:127.0.0.1,DNS:localhost"
  mkcert apiserver-etcd-client kube-apiserver-etcd-client "" clientAuth
  mkcert apiserver kube-apiserver "" serverAuth \
    "IP:127.0.0.1,IP:$service_ip,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  mkcert admin "$cluster_name-admin" system:masters clientAuth
  mkcert controller-manager system:kube-controller-manager "" clientAuth
  mkcert scheduler system:kube-scheduler "" clientAuth
  # kwok updates the status of every node and pod it fakes; like a kubelet for all nodes at once,
  # so it gets an administrator's certificate rather than a node identity.
  mkcert kwok kwok-controller system:masters clientAuth
  # service account tokens: the API server signs them, the controller manager signs legacy ones
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$pki/sa.key" 2>/dev/null
  openssl pkey -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  chmod 600 "$pki/sa.key"
}

# kubeconfig NAME CERT: a kubeconfig with the certificates embedded, so it can be copied anywhere.
kubeconfig() {
  local name=$1 cert=$2 user=${3:-$2}
  cat >"$state_dir/$name.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $cluster_name
  cluster:
    server: https://127.0.0.1:$apiserver_port
    certificate-authority-data: $(base64 -w0 <"$pki/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$pki/$cert.crt")
    client-key-data: $(base64 -w0 <"$pki/$cert.key")
contexts:
- name: $user@$cluster_name
  context:
    cluster: $cluster_name
    user: $user
current-context: $user@$cluster_name
EOF
  chmod 600 "$state_dir/$name.kubeconfig"
}

# ---------------------------------------------------------------------------------------------
# processes

# launch NAME BINARY ARGS...: runs the binary in its own session, output to logs/NAME.log
launch() {
  local name=$1 binary=$2
  shift 2
  setsid "$binary" "$@" >"$state_dir/logs/$name.log" 2>&1 </dev/null &
  echo "$!" >"$state_dir/pids/$name"
  echo "$name" >>"$state_dir/pids/order"
}

# alive NAME: the recorded process still runs the binary we started (a recycled pid is not ours)
alive() {
  local pidfile="$state_dir/pids/$1" pid exe
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  case "$exe" in "$bin_dir"/*) return 0 ;; *) return 1 ;; esac
}

# wait_for WHAT SECONDS COMPONENT COMMAND...: polls COMMAND until it succeeds; fails early when
# COMPONENT's process has exited, showing the end of its log.
wait_for() {
  local what=$1 seconds=$2 component=$3
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! alive "$component"; then
      log "$component exited while waiting for $what; the end of $state_dir/logs/$component.log:"
      tail -25 "$state_dir/logs/$component.log" >&2 || true
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "timed out after ${seconds}s waiting for $what; the end of $state_dir/logs/$component.log:"
      tail -25 "$state_dir/logs/$component.log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
}

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }

https_ok() { # URL [CERT]: a 200 from URL, authenticating with CERT (default admin)
  local cert=${2:-admin}
  curl -fsS --max-time 5 --cacert "$pki/ca.crt" --cert "$pki/$cert.crt" --key "$pki/$cert.key" "$1"
}

kubectl_admin() { "$bin_dir/kubectl" --kubeconfig "$state_dir/admin.kubeconfig" "$@"; }

kwok_wanted() {
  [ "${COHORT_CP_KWOK:-1}" != 0 ] && [ -x "$bin_dir/kwok" ] && [ -x "$bin_dir/kube-scheduler" ] && [ -f "$kwok_stages" ]
}

# ---------------------------------------------------------------------------------------------
# subcommands

start() {
  local b
  for b in etcd kube-apiserver kube-controller-manager kubectl; do
    [ -x "$bin_dir/$b" ] || die "$bin_dir/$b is missing: run scripts/toolchain/build-control-plane.sh first"
  done
  command -v openssl >/dev/null || die "openssl is needed to make the certificates"
  if [ -d "$state_dir" ]; then
    if [ -f "$state_dir/pids/order" ] && alive kube-apiserver; then
      die "already running (state in $state_dir); run '$0 stop' first"
    fi
    log "removing the leftovers of an earlier run in $state_dir"
    stop_processes
    rm -rf "$state_dir"
  fi
  local port
  for port in "$apiserver_port" "$etcd_port" "$etcd_peer_port" "$cm_port" "$scheduler_port"; do
    port_free "$port" || die "port $port on 127.0.0.1 is in use; set the COHORT_CP_*_PORT variables"
  done

  mkdir -p "$state_dir"/{logs,pids,etcd-data}
  chmod 700 "$state_dir"
  # a start that fails half-way stops what it started; the logs stay for reading
  trap 'log "start failed: stopping what was started; logs are in $state_dir/logs"; stop_processes' EXIT
  pki="$state_dir/pki"
  make_pki
  kubeconfig admin admin
  kubeconfig controller-manager controller-manager
  kubeconfig scheduler scheduler
  kubeconfig kwok kwok

  launch etcd "$bin_dir/etcd" \
    --name "$cluster_name" --data-dir "$state_dir/etcd-data" \
    --listen-client-urls "https://127.0.0.1:$etcd_port" --advertise-client-urls "https://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "$cluster_name=http://127.0.0.1:$etcd_peer_port" \
    --listen-metrics-urls "" \
    --cert-file "$pki/etcd-server.crt" --key-file "$pki/etcd-server.key" \
    --trusted-ca-file "$pki/ca.crt" --client-cert-auth \
    --quota-backend-bytes $((2 * 1024 * 1024 * 1024)) --log-level warn
  wait_for "etcd /health" 30 etcd https_ok "https://127.0.0.1:$etcd_port/health" apiserver-etcd-client

  cat >"$state_dir/audit-policy.yaml" <<'EOF'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: None
  nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version", "/openapi*"]
- level: Metadata
EOF
  # Nothing may leave this machine. Traffic from the API server into the "cluster" (admission and
  # conversion webhooks and aggregated APIs behind Services, pods/nodes proxy, logs, exec) would go
  # to Service IPs in 172.20.0.0/16 or kwok's made-up pod IPs, which no kube-proxy or CNI backs here:
  # the default route would carry it off the machine. So the "cluster" egress goes through an
  # HTTP CONNECT proxy on a Unix socket that does not exist, and every such call fails at once with
  # "dial unix .../no-cluster-network.sock: connect: no such file or directory".
  cat >"$state_dir/egress-selector.yaml" <<EOF
apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport:
      uds:
        udsName: $state_dir/no-cluster-network.sock
EOF
  launch kube-apiserver "$bin_dir/kube-apiserver" \
    --egress-selector-config-file="$state_dir/egress-selector.yaml" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$apiserver_port" \
    --etcd-servers="https://127.0.0.1:$etcd_port" \
    --etcd-cafile="$pki/ca.crt" --etcd-certfile="$pki/apiserver-etcd-client.crt" --etcd-keyfile="$pki/apiserver-etcd-client.key" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction,PodSecurity,ValidatingAdmissionPolicy \
    --allow-privileged=true \
    --service-cluster-ip-range="$service_cidr" \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --audit-policy-file="$state_dir/audit-policy.yaml" --audit-log-path="$state_dir/logs/audit.log" \
    --audit-log-maxsize=100 --audit-log-maxbackup=1 \
    --profiling=false
  wait_for "kube-apiserver /readyz" 120 kube-apiserver https_ok "https://127.0.0.1:$apiserver_port/readyz"

  launch kube-controller-manager "$bin_dir/kube-controller-manager" \
    --kubeconfig="$state_dir/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$state_dir/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$state_dir/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$cm_port" \
    --leader-elect=false --cluster-name="$cluster_name" \
    --use-service-account-credentials=true \
    --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --service-cluster-ip-range="$service_cidr" \
    --profiling=false
  wait_for "kube-controller-manager /healthz" 60 kube-controller-manager \
    curl -fsk --max-time 5 "https://127.0.0.1:$cm_port/healthz"
  # pods need their namespace's default service account: wait until the controller made it
  wait_for "the default service account" 60 kube-controller-manager \
    kubectl_admin get serviceaccount default --namespace default

  if kwok_wanted; then
    start_kwok
  fi

  trap - EXIT
  log "ready: Kubernetes $("$bin_dir/kubectl" version --client -o json | sed -n 's/.*"gitVersion": "\(.*\)".*/\1/p' | head -1) on https://127.0.0.1:$apiserver_port, logs in $state_dir/logs"
  echo "$state_dir/admin.kubeconfig"
}

start_kwok() {
  launch kube-scheduler "$bin_dir/kube-scheduler" \
    --kubeconfig="$state_dir/scheduler.kubeconfig" \
    --authentication-kubeconfig="$state_dir/scheduler.kubeconfig" \
    --authorization-kubeconfig="$state_dir/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$scheduler_port" --leader-elect=false --profiling=false
  wait_for "kube-scheduler /healthz" 60 kube-scheduler \
    curl -fsk --max-time 5 "https://127.0.0.1:$scheduler_port/healthz"
  # kwok fakes only the nodes annotated kwok.x-k8s.io/node=fake and the pods bound to them, with the
  # stages kwokctl uses by default (node Ready with a lease heartbeat, pod Running, pod deletion);
  # it serves nothing (--server-address empty). Pod IPs are made up from --cidr; nothing routes them.
  launch kwok "$bin_dir/kwok" \
    --config="$kwok_stages" \
    --kubeconfig="$state_dir/kwok.kubeconfig" \
    --cidr=10.244.0.1/16 --node-ip=127.0.0.1 \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds=40 \
    --server-address=""
  local i nodes="${COHORT_CP_KWOK_NODES:-2}"
  for ((i = 0; i < nodes; i++)); do
    kubectl_admin apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    node.kubernetes.io/instance-type: t3.large
    topology.kubernetes.io/zone: zone-$((i % 3))
    type: kwok
status:
  allocatable: &capacity
    cpu: "${COHORT_CP_KWOK_NODE_CPU:-2}"
    memory: ${COHORT_CP_KWOK_NODE_MEMORY:-8Gi}
    pods: "${COHORT_CP_KWOK_NODE_PODS:-110}"
    ephemeral-storage: 50Gi
  capacity: *capacity
EOF
  done
  wait_for "$nodes kwok node(s) Ready" 60 kwok \
    kubectl_admin wait --for=condition=Ready node --selector type=kwok --timeout=2s
}

# stop_processes: TERM every recorded process that is still ours, newest first; KILL after 15 s.
stop_processes() {
  [ -f "$state_dir/pids/order" ] || return 0
  local name pid i
  for name in $(tac "$state_dir/pids/order"); do
    alive "$name" || continue
    pid=$(cat "$state_dir/pids/$name")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 30; i++)); do
      alive "$name" || break
      sleep 0.5
    done
    if alive "$name"; then
      log "$name (pid $pid) ignored TERM for 15 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

stop() {
  if [ ! -d "$state_dir" ]; then
    log "not running (no $state_dir)"
    return 0
  fi
  stop_processes
  if [ "${COHORT_CP_KEEP_LOGS:-0}" = 1 ] && [ -d "$state_dir/logs" ]; then
    rm -rf "$state_dir.logs"
    mv "$state_dir/logs" "$state_dir.logs"
    log "logs kept in $state_dir.logs"
  fi
  rm -rf "$state_dir"
  log "stopped; removed $state_dir"
}

status() {
  [ -f "$state_dir/pids/order" ] || { log "not running"; return 1; }
  local name rc=0
  while read -r name; do
    if alive "$name"; then echo "$name: running (pid $(cat "$state_dir/pids/$name"))"; else echo "$name: NOT running"; rc=1; fi
  done <"$state_dir/pids/order"
  echo "kubeconfig: $state_dir/admin.kubeconfig"
  return "$rc"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
