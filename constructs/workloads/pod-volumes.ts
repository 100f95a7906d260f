import type { DeploymentV1SpecTemplateSpecContainerVolumeMount, DeploymentV1SpecTemplateSpecVolume } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { Token } from "cdktf";
import type { Construct } from "constructs";
import { checkDnsLabel, isDnsSubdomain } from "../core/kubernetes-names";
import { propsError } from "../core/validation";
import { TMP_MOUNT_PATH, TMP_VOLUME_NAME } from "./container-security";

export interface EmptyDirOptions {
  /** The pod is evicted when the directory grows past this, e.g. `1Gi`. @default - no limit */
  readonly sizeLimit?: string;
  /** `Memory` backs the directory with RAM (counted in the container's memory). @default - the node's disk */
  readonly medium?: "Memory";
}

interface VolumeMountOptions {
  /** The volume name, a DNS label; `tmp` is reserved. */
  readonly name: string;
  /** Where the container sees it, an absolute path. */
  readonly mountPath: string;
  /** Mount only this sub-directory of the volume. @default - the whole volume */
  readonly subPath?: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/** Keys of a Secret mounted as files: each key becomes a read-only file named after it (or `path`). */
export interface SecretVolumeOptions {
  /** The Secret in the same namespace. */
  readonly secretName: string;
  /** Only these keys, each at its `path` under the mount path. @default - every key, as a file named like the key */
  readonly items?: readonly { readonly key: string; readonly path: string }[];
  /**
   * The files' mode, as an octal string. The container's user must be able to read them: with a
   * pod `fsGroup` the group bits suffice.
   * @default "0440"
   */
  readonly defaultMode?: string;
}

/**
 * An extra volume of the pod, mounted into the container: a PersistentVolumeClaim (created
 * elsewhere), an emptyDir, or a Secret's keys as files (how `*_FILE` variables read passwords, so
 * they never sit in the process environment). A ReadWriteOnce claim (EBS) can be attached to one
 * node at a time: with it, use one replica and the `Recreate` update strategy, or a rollout waits
 * forever on "Multi-Attach error".
 */
export type WebServiceVolume =
  | (VolumeMountOptions & { readonly persistentVolumeClaimName: string; readonly emptyDir?: undefined; readonly secret?: undefined })
  | (VolumeMountOptions & { readonly emptyDir: EmptyDirOptions; readonly persistentVolumeClaimName?: undefined; readonly secret?: undefined })
  | (VolumeMountOptions & { readonly secret: SecretVolumeOptions; readonly persistentVolumeClaimName?: undefined; readonly emptyDir?: undefined });

export const DEFAULT_SECRET_FILE_MODE = "0440";

export interface ResolvedVolumes {
  readonly volumes?: DeploymentV1SpecTemplateSpecVolume[];
  readonly mounts?: DeploymentV1SpecTemplateSpecContainerVolumeMount[];
}

/** The user's volumes plus, with a read-only root filesystem, the writable `/tmp`. */
export function resolveVolumes(construct: Construct, userVolumes: readonly WebServiceVolume[], writableTmp: boolean): ResolvedVolumes {
  const volumes: DeploymentV1SpecTemplateSpecVolume[] = [];
  const mounts: DeploymentV1SpecTemplateSpecContainerVolumeMount[] = [];
  if (writableTmp) {
    volumes.push({ name: TMP_VOLUME_NAME, emptyDir: {} });
    mounts.push({ name: TMP_VOLUME_NAME, mountPath: TMP_MOUNT_PATH });
  }
  const names = new Set<string>([TMP_VOLUME_NAME]);
  userVolumes.forEach((volume, index) => {
    const field = `volumes[${index}]`;
    checkDnsLabel(construct, `${field}.name`, volume.name);
    if (names.has(volume.name)) {
      throw propsError(construct, `${field}.name "${volume.name}" is already used (volume names are unique per pod; "${TMP_VOLUME_NAME}" is reserved for /tmp)`);
    }
    names.add(volume.name);
    if (!Token.isUnresolved(volume.mountPath) && !volume.mountPath.startsWith("/")) {
      throw propsError(construct, `${field}.mountPath must be an absolute path, got "${volume.mountPath}"`);
    }
    const taken = mounts.find((mount) => mount.mountPath.replace(/\/+$/, "") === volume.mountPath.replace(/\/+$/, ""));
    if (taken) {
      throw propsError(construct, `${field}.mountPath "${volume.mountPath}" is already mounted by volume "${taken.name}"`);
    }
    const sources = [volume.persistentVolumeClaimName, volume.emptyDir, volume.secret].filter((source) => source !== undefined).length;
    if (sources !== 1) {
      throw propsError(construct, `${field} must have exactly one of persistentVolumeClaimName, emptyDir or secret`);
    }
    if (volume.persistentVolumeClaimName !== undefined && !Token.isUnresolved(volume.persistentVolumeClaimName) && !isDnsSubdomain(volume.persistentVolumeClaimName)) {
      throw propsError(construct, `${field}.persistentVolumeClaimName must be a PersistentVolumeClaim name (a lowercase DNS name), got "${volume.persistentVolumeClaimName}"`);
    }
    if (volume.secret !== undefined) checkSecretVolume(construct, `${field}.secret`, volume.secret);
    volumes.push(
      volume.persistentVolumeClaimName !== undefined
        ? { name: volume.name, persistentVolumeClaim: { claimName: volume.persistentVolumeClaimName } }
        : volume.emptyDir !== undefined
          ? { name: volume.name, emptyDir: { sizeLimit: volume.emptyDir.sizeLimit, medium: volume.emptyDir.medium } }
          : {
              name: volume.name,
              secret: {
                secretName: volume.secret!.secretName,
                defaultMode: volume.secret!.defaultMode ?? DEFAULT_SECRET_FILE_MODE,
                items: volume.secret!.items?.map((item) => ({ key: item.key, path: item.path })),
              },
            },
    );
    // Secret files are always read-only; Kubernetes mounts them so whatever readOnly says.
    mounts.push({ name: volume.name, mountPath: volume.mountPath, subPath: volume.subPath, readOnly: volume.secret !== undefined ? true : volume.readOnly });
  });
  return { volumes: volumes.length > 0 ? volumes : undefined, mounts: mounts.length > 0 ? mounts : undefined };
}

function checkSecretVolume(construct: Construct, field: string, secret: SecretVolumeOptions): void {
  if (!Token.isUnresolved(secret.secretName) && !isDnsSubdomain(secret.secretName)) {
    throw propsError(construct, `${field}.secretName must be the name of a Secret (a lowercase DNS name), got "${secret.secretName}"`);
  }
  if (secret.defaultMode !== undefined && !/^0?[0-7]{3}$/.test(secret.defaultMode)) {
    throw propsError(construct, `${field}.defaultMode must be an octal file mode like "0440", got "${secret.defaultMode}"`);
  }
  (secret.items ?? []).forEach((item, index) => {
    if (!/^[-._a-zA-Z0-9]+$/.test(item.key)) throw propsError(construct, `${field}.items[${index}].key must be letters, digits, "-", "_" and ".", got "${item.key}"`);
    if (item.path.startsWith("/") || item.path.split("/").includes("..") || item.path.length === 0) {
      throw propsError(construct, `${field}.items[${index}].path must be a relative path without "..", got "${item.path}"`);
    }
  });
}
