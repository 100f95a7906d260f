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

/**
 * An extra volume of the pod, mounted into the container: a PersistentVolumeClaim (created
 * elsewhere) or an emptyDir. A ReadWriteOnce claim (EBS) can be attached to one node at a time:
 * with it, use one replica and the `Recreate` update strategy, or a rollout waits forever on
 * "Multi-Attach error".
 */
export type WebServiceVolume =
  | (VolumeMountOptions & { readonly persistentVolumeClaimName: string; readonly emptyDir?: undefined })
  | (VolumeMountOptions & { readonly emptyDir: EmptyDirOptions; readonly persistentVolumeClaimName?: undefined });

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
    const hasClaim = volume.persistentVolumeClaimName !== undefined;
    if (hasClaim === (volume.emptyDir !== undefined)) {
      throw propsError(construct, `${field} must have exactly one of persistentVolumeClaimName or emptyDir`);
    }
    if (hasClaim && !Token.isUnresolved(volume.persistentVolumeClaimName) && !isDnsSubdomain(volume.persistentVolumeClaimName!)) {
      throw propsError(construct, `${field}.persistentVolumeClaimName must be a PersistentVolumeClaim name (a lowercase DNS name), got "${volume.persistentVolumeClaimName}"`);
    }
    volumes.push(
      hasClaim
        ? { name: volume.name, persistentVolumeClaim: { claimName: volume.persistentVolumeClaimName } }
        : { name: volume.name, emptyDir: { sizeLimit: volume.emptyDir!.sizeLimit, medium: volume.emptyDir!.medium } },
    );
    mounts.push({ name: volume.name, mountPath: volume.mountPath, subPath: volume.subPath, readOnly: volume.readOnly });
  });
  return { volumes: volumes.length > 0 ? volumes : undefined, mounts: mounts.length > 0 ? mounts : undefined };
}
