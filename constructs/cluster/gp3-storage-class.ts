import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { checkDnsSubdomain } from "../core/kubernetes-names";
import { propsError } from "../core/validation";

/** What happens to a dynamically provisioned volume when its claim is deleted. */
export type ReclaimPolicy = "Delete" | "Retain";

export interface Gp3StorageClassProps {
  /** @default Gp3StorageClass.DEFAULT_NAME ("gp3") */
  readonly name?: string;
  /**
   * Mark the class as the cluster's default, so PVCs without `storageClassName` get gp3 volumes.
   * @default true
   */
  readonly isDefault?: boolean;
  /**
   * The KMS key (ARN) that encrypts the volumes; the EBS CSI driver's role needs grants on it.
   * @default - the account's default EBS key (`aws/ebs`); volumes are encrypted either way
   */
  readonly kmsKeyId?: string;
  /**
   * `Delete` removes the EBS volume with its claim (nothing left behind that costs money);
   * `Retain` keeps it for manual recovery.
   * @default "Delete"
   */
  readonly reclaimPolicy?: ReclaimPolicy;
}

/**
 * An encrypted gp3 StorageClass for the EBS CSI driver (the `aws-ebs-csi-driver` add-on), by
 * default the cluster's default class, so PersistentVolumeClaims work without naming a class.
 */
export class Gp3StorageClass extends Construct {
  public static readonly DEFAULT_NAME = "gp3";
  public static readonly PROVISIONER = "ebs.csi.aws.com";
  public static readonly DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
  public static readonly DEFAULT_RECLAIM_POLICY: ReclaimPolicy = "Delete";

  public readonly storageClass: StorageClassV1;
  /** The class's name, for `storageClassName`. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: Gp3StorageClassProps = {}) {
    super(scope, id);
    this.name = props.name ?? Gp3StorageClass.DEFAULT_NAME;
    const reclaimPolicy = props.reclaimPolicy ?? Gp3StorageClass.DEFAULT_RECLAIM_POLICY;
    this.check(this.name, reclaimPolicy, props.kmsKeyId);

    this.storageClass = new StorageClassV1(this, "storage-class", {
      metadata: {
        name: this.name,
        annotations: (props.isDefault ?? true) ? { [Gp3StorageClass.DEFAULT_ANNOTATION]: "true" } : undefined,
      },
      storageProvisioner: Gp3StorageClass.PROVISIONER,
      parameters: {
        type: "gp3",
        encrypted: "true",
        // The EBS CSI driver's name for the file system parameter.
        "csi.storage.k8s.io/fstype": "ext4",
        ...(props.kmsKeyId ? { kmsKeyId: props.kmsKeyId } : {}),
      },
      reclaimPolicy,
      // The volume is created once a pod using it is scheduled, in that pod's zone: an EBS volume
      // lives in one zone, and one created up front could land where the pod cannot run.
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });
  }

  private check(name: string, reclaimPolicy: ReclaimPolicy, kmsKeyId: string | undefined): void {
    checkDnsSubdomain(this, "name", name);
    if (reclaimPolicy !== "Delete" && reclaimPolicy !== "Retain") {
      throw propsError(this, `reclaimPolicy must be "Delete" or "Retain", got "${reclaimPolicy}"`);
    }
    if (kmsKeyId !== undefined && !Token.isUnresolved(kmsKeyId) && !/^arn:aws(?:-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/(?:mrk-[0-9a-f]{32}|[0-9a-f-]{36})$/.test(kmsKeyId)) {
      throw propsError(this, `kmsKeyId must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), got "${kmsKeyId}"`);
    }
  }
}
