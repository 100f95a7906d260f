import type {
  DeploymentV1SpecTemplateSpecContainerSecurityContext,
  DeploymentV1SpecTemplateSpecSecurityContext,
} from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { Token } from "cdktf";
import type { Construct } from "constructs";
import { propsError } from "../core/validation";

/** The seccomp profile of the pod. */
export type SeccompProfile = "RuntimeDefault" | "Unconfined";

/**
 * A container's hardening, on by default (what Pod Security Admission's `restricted` profile asks
 * for). Each field is an opt-out for an image that cannot live with it.
 */
export interface ContainerSecurityOptions {
  /**
   * Refuse to start the container as root. The kubelet checks the user at start-up; it cannot
   * check a user given by name in the image (`USER node`), hence {@link runAsUser}.
   * @default true
   */
  readonly runAsNonRoot?: boolean;
  /**
   * The numeric user the container runs as, also used as its group and as the pod's `fsGroup`
   * (so mounted volumes are writable). A number also makes images whose `USER` is a name (or
   * root) pass the non-root check; `"image"` keeps the image's own user, which must then be
   * numeric and non-zero when {@link runAsNonRoot} is on. Files in the image owned by another
   * user stay readable but not writable.
   * @default ContainerSecurityDefaults.RUN_AS_USER (10001)
   */
  readonly runAsUser?: number | "image";
  /** Let a process gain more privileges than its parent (setuid binaries, `sudo`). @default false */
  readonly allowPrivilegeEscalation?: boolean;
  /** Drop every Linux capability. @default true */
  readonly dropAllCapabilities?: boolean;
  /**
   * With `dropAllCapabilities: false`, the capabilities to drop anyway, without `CAP_` (e.g.
   * `NET_RAW`, which only ping and packet sniffers need).
   * @default - none
   */
  readonly dropCapabilities?: readonly string[];
  /**
   * Capabilities to add back, without `CAP_` (e.g. `NET_BIND_SERVICE` to listen on port 80 as
   * non-root). Pod Security `restricted` allows only `NET_BIND_SERVICE`.
   * @default - none
   */
  readonly addCapabilities?: readonly string[];
  /** @default "RuntimeDefault" (the container runtime's syscall filter) */
  readonly seccompProfile?: SeccompProfile;
  /**
   * Mount the root filesystem read-only; an `emptyDir` is mounted at `/tmp` for scratch files.
   * Images that write elsewhere (caches, pid files) need a volume there or this turned off.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Mount a Kubernetes API token into the pod. Only applications that call the API need it.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
}

/** The defaults of {@link ContainerSecurityOptions}. */
export const ContainerSecurityDefaults = {
  RUN_AS_NON_ROOT: true,
  /** A high UID that no base image uses for a real account. */
  RUN_AS_USER: 10001,
  ALLOW_PRIVILEGE_ESCALATION: false,
  DROP_ALL_CAPABILITIES: true,
  SECCOMP_PROFILE: "RuntimeDefault" as SeccompProfile,
  READ_ONLY_ROOT_FILESYSTEM: true,
  AUTOMOUNT_SERVICE_ACCOUNT_TOKEN: false,
} as const;

/** Where the writable scratch directory of a read-only root filesystem is mounted, and its volume name. */
export const TMP_MOUNT_PATH = "/tmp";
export const TMP_VOLUME_NAME = "tmp";

const MAX_UID = 2147483647;
const CAPABILITY = /^[A-Z][A-Z0-9_]*$/;

/** The security settings of a pod with one container, resolved from {@link ContainerSecurityOptions}. */
export interface ResolvedContainerSecurity {
  readonly pod: DeploymentV1SpecTemplateSpecSecurityContext;
  readonly container: DeploymentV1SpecTemplateSpecContainerSecurityContext;
  readonly automountServiceAccountToken: boolean;
  /** Whether an emptyDir must be mounted at {@link TMP_MOUNT_PATH}. */
  readonly writableTmp: boolean;
}

/** Resolves and validates the options (field names in messages are prefixed with `security.`). */
export function resolveContainerSecurity(construct: Construct, options: ContainerSecurityOptions = {}): ResolvedContainerSecurity {
  const runAsNonRoot = options.runAsNonRoot ?? ContainerSecurityDefaults.RUN_AS_NON_ROOT;
  const runAsUser = options.runAsUser ?? ContainerSecurityDefaults.RUN_AS_USER;
  const seccompProfile = options.seccompProfile ?? ContainerSecurityDefaults.SECCOMP_PROFILE;
  const dropAll = options.dropAllCapabilities ?? ContainerSecurityDefaults.DROP_ALL_CAPABILITIES;
  const add = [...(options.addCapabilities ?? [])];
  const drop = dropAll ? ["ALL"] : [...(options.dropCapabilities ?? [])];
  const readOnlyRoot = options.readOnlyRootFilesystem ?? ContainerSecurityDefaults.READ_ONLY_ROOT_FILESYSTEM;

  if (runAsUser !== "image" && !Token.isUnresolved(runAsUser)) {
    if (!Number.isInteger(runAsUser) || runAsUser < 0 || runAsUser > MAX_UID) {
      throw propsError(construct, `security.runAsUser must be an integer 0..${MAX_UID} or "image", got ${JSON.stringify(runAsUser)}`);
    }
    if (runAsUser === 0 && runAsNonRoot) {
      throw propsError(construct, `security.runAsUser must not be 0 (root) while security.runAsNonRoot is true, got 0`);
    }
  }
  if (!["RuntimeDefault", "Unconfined"].includes(seccompProfile)) {
    throw propsError(construct, `security.seccompProfile must be "RuntimeDefault" or "Unconfined", got "${seccompProfile}"`);
  }
  for (const [field, capabilities] of [["addCapabilities", add], ["dropCapabilities", options.dropCapabilities ?? []]] as const) {
    for (const capability of capabilities) {
      if (!CAPABILITY.test(capability) || capability.startsWith("CAP_")) {
        throw propsError(construct, `security.${field} must be capability names without "CAP_", like "NET_BIND_SERVICE", got "${capability}"`);
      }
    }
  }

  const uid = runAsUser === "image" ? undefined : String(runAsUser);
  return {
    pod: {
      runAsNonRoot,
      runAsUser: uid,
      runAsGroup: uid,
      fsGroup: uid,
      // Only re-own a volume's files when its root has the wrong group: a full chown of a large volume delays every start.
      fsGroupChangePolicy: uid === undefined ? undefined : "OnRootMismatch",
      seccompProfile: { type: seccompProfile },
    },
    container: {
      allowPrivilegeEscalation: options.allowPrivilegeEscalation ?? ContainerSecurityDefaults.ALLOW_PRIVILEGE_ESCALATION,
      readOnlyRootFilesystem: readOnlyRoot,
      capabilities: drop.length > 0 || add.length > 0 ? { drop: drop.length > 0 ? drop : undefined, add: add.length > 0 ? add : undefined } : undefined,
    },
    automountServiceAccountToken: options.automountServiceAccountToken ?? ContainerSecurityDefaults.AUTOMOUNT_SERVICE_ACCOUNT_TOKEN,
    writableTmp: readOnlyRoot,
  };
}
