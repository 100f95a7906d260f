/** The CPU architecture of a workstation, as Amazon Linux names its AMIs. */
export type CpuArchitecture = "x86_64" | "arm64";

/** The Docker Compose plugin release installed on every workstation. */
export const DOCKER_COMPOSE_VERSION = "2.40.3";
/**
 * SHA-256 of the release binaries `docker-compose-linux-x86_64` / `-aarch64` of
 * {@link DOCKER_COMPOSE_VERSION}, as published next to them (`<binary>.sha256`) and pinned by the
 * official `docker` image. Update together with the version.
 */
export const DOCKER_COMPOSE_SHA256: Readonly<Record<CpuArchitecture, string>> = {
  x86_64: "dba9d98e1ba5bfe11d88c99b9bd32fc4a0624a30fafe68eea34d61a3e42fd372",
  arm64: "d26373b19e89160546d15407516cc59f453030d9bc5b43ba7faf16f7b4980137",
};

/**
 * kubectl comes from the Kubernetes project's package repository for one minor version
 * (pkgs.k8s.io, signed packages checked against the repository's key), so it follows the
 * cluster's minor version: kubectl supports one minor version of skew each way.
 */
export function kubernetesPackageRepository(kubernetesVersion: string): string {
  return `https://pkgs.k8s.io/core:/stable:/v${kubernetesVersion}/rpm/`;
}

/** Where the setup script logs (readable by the students). */
export const LAB_SETUP_LOG = "/var/log/lab-setup.log";
/** Created when the setup script has finished. */
export const LAB_SETUP_DONE_MARKER = "/var/lib/lab-setup.done";

export function dockerComposeUrl(architecture: CpuArchitecture): string {
  const suffix = architecture === "arm64" ? "aarch64" : "x86_64";
  return `https://github.com/docker/compose/releases/download/v${DOCKER_COMPOSE_VERSION}/docker-compose-linux-${suffix}`;
}

export interface LabUserDataOptions {
  /** Picks the Docker Compose binary. */
  readonly architecture: CpuArchitecture;
  /** The cluster's `<major>.<minor>`: kubectl is installed from that minor version's repository. */
  readonly kubernetesVersion: string;
}

/**
 * The first-boot script of a lab workstation on Amazon Linux 2023: Docker (enabled at boot), the
 * Docker Compose plugin at a pinned, checksum-verified version, kubectl of the cluster's minor
 * version from the signed Kubernetes package repository, the AWS CLI v2 checked,
 * and `ssm-user` (the Session Manager login) in the `docker` group so `docker run` and
 * `docker compose up` work without sudo on the first session. Every step converges, so running
 * it again is harmless. It is plain bash text: no `${` or `%{`, which Terraform would interpolate.
 */
export function labWorkstationUserData(options: LabUserDataOptions): string {
  const { architecture, kubernetesVersion } = options;
  const repository = kubernetesPackageRepository(kubernetesVersion);
  return `#!/bin/bash
# Lab workstation setup: Docker, Docker Compose ${DOCKER_COMPOSE_VERSION}, kubectl ${kubernetesVersion}.
# Every step converges, so running it again is harmless.
# -E: the ERR trap also fires inside functions, so a failed download is logged with its line.
set -Eeuo pipefail
exec >>${LAB_SETUP_LOG} 2>&1
chmod 0644 ${LAB_SETUP_LOG}
trap 'echo "lab-setup: FAILED at line $LINENO"' ERR
echo "lab-setup: started $(date -Is)"

# install_verified URL SHA256 DEST: download, check the pinned SHA-256, then install (skipped when DEST already matches).
install_verified() {
  if [ -f "$3" ] && echo "$2  $3" | sha256sum --check --status; then
    echo "lab-setup: $3 is already installed"
    return 0
  fi
  local tmp
  tmp=$(mktemp)
  curl --fail --silent --show-error --location --retry 5 --retry-connrefused --output "$tmp" "$1"
  echo "$2  $tmp" | sha256sum --check --strict
  install -D -m 0755 "$tmp" "$3"
  rm -f "$tmp"
}

# Docker from the Amazon Linux 2023 repositories, running now and at every boot.
dnf install -y docker
systemctl enable --now docker

# Session Manager creates ssm-user lazily on the first session: create it now so it can join the
# docker group. The SSM agent only grants sudo to a user it creates itself, so grant it the same way.
if ! id ssm-user >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash ssm-user
fi
if [ ! -f /etc/sudoers.d/ssm-agent-users ]; then
  echo 'ssm-user ALL=(ALL) NOPASSWD:ALL' >/etc/sudoers.d/ssm-agent-users
  chmod 0440 /etc/sudoers.d/ssm-agent-users
fi
usermod -aG docker ssm-user

install_verified "${dockerComposeUrl(architecture)}" \\
  "${DOCKER_COMPOSE_SHA256[architecture]}" \\
  /usr/local/lib/docker/cli-plugins/docker-compose

# kubectl ${kubernetesVersion}.x from the Kubernetes package repository, signature-checked by dnf.
cat >/etc/yum.repos.d/kubernetes.repo <<'REPO'
[kubernetes]
name=Kubernetes ${kubernetesVersion}
baseurl=${repository}
enabled=1
gpgcheck=1
gpgkey=${repository}repodata/repomd.xml.key
REPO
dnf install -y kubectl

# The AWS CLI v2 ships with Amazon Linux 2023; put it back if the image ever drops it.
command -v aws >/dev/null 2>&1 || dnf install -y awscli-2

docker version
docker compose version
kubectl version --client
aws --version
touch ${LAB_SETUP_DONE_MARKER}
echo "lab-setup: finished $(date -Is)"
`;
}
