import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Gp3StorageClass, type Gp3StorageClassProps } from "../constructs/cluster/gp3-storage-class";
import { blocksOf, kubernetesTestStack, synthStack } from "./helpers";

function synthClass(props?: Gp3StorageClassProps) {
  const stack = kubernetesTestStack();
  const storageClass = new Gp3StorageClass(stack, "gp3", props);
  return { storageClass, ...synthStack(stack) };
}

const KMS_KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("Gp3StorageClass", () => {
  test("by default: the cluster's default class, encrypted gp3 ext4 volumes from the EBS CSI driver, created in the pod's zone", () => {
    const { json, storageClass } = synthClass();
    expect(blocksOf(json, "kubernetes_storage_class_v1")).toEqual([
      {
        metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        storage_provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
        reclaim_policy: "Delete",
        volume_binding_mode: "WaitForFirstConsumer",
        allow_volume_expansion: true,
      },
    ]);
    expect(storageClass.name).toBe("gp3");
  });

  test("isDefault false leaves the default class alone", () => {
    const { json } = synthClass({ isDefault: false });
    expect(blocksOf(json, "kubernetes_storage_class_v1")[0].metadata).toEqual({ name: "gp3" });
  });

  test("a customer-managed key encrypts the volumes", () => {
    const { text } = synthClass({ kmsKeyId: KMS_KEY });
    expect(text).toHaveResourceWithProperties(StorageClassV1, {
      parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4", kmsKeyId: KMS_KEY },
    });
  });

  test.each<[string, Gp3StorageClassProps, string, Record<string, unknown>]>([
    ["a name", { name: "gp3-encrypted" }, "gp3-encrypted", { metadata: expect.objectContaining({ name: "gp3-encrypted" }) }],
    ["Retain", { reclaimPolicy: "Retain" }, "gp3", { reclaim_policy: "Retain" }],
  ])("%s can be chosen", (_case, props, name, expected) => {
    const { json, storageClass } = synthClass(props);
    expect(blocksOf(json, "kubernetes_storage_class_v1")[0]).toMatchObject(expected);
    expect(storageClass.name).toBe(name);
  });

  test.each(["GP3", "gp3_fast", "-gp3", ""])("the name %s is rejected", (name) => {
    expect(() => synthClass({ name })).toThrow(
      `Gp3StorageClass test/gp3: name must be a DNS subdomain: 1..253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, got "${name}"`,
    );
  });

  test("a reclaim policy outside the union (from untyped input) is rejected", () => {
    expect(() => synthClass({ reclaimPolicy: "Recycle" as never })).toThrow('Gp3StorageClass test/gp3: reclaimPolicy must be "Delete" or "Retain", got "Recycle"');
  });

  test.each(["alias/ebs", "1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:ap-northeast-2:123456789012:alias/ebs"])("the kmsKeyId %s is rejected", (kmsKeyId) => {
    expect(() => synthClass({ kmsKeyId })).toThrow(`Gp3StorageClass test/gp3: kmsKeyId must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), got "${kmsKeyId}"`);
  });

  test("a multi-Region key ARN is accepted", () => {
    expect(() => synthClass({ kmsKeyId: "arn:aws:kms:ap-northeast-2:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab" })).not.toThrow();
  });

  test("the defaults are published", () => {
    expect(Gp3StorageClass.DEFAULT_NAME).toBe("gp3");
    expect(Gp3StorageClass.PROVISIONER).toBe("ebs.csi.aws.com");
    expect(Gp3StorageClass.DEFAULT_RECLAIM_POLICY).toBe("Delete");
  });
});
