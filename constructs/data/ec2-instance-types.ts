/**
 * EC2 instance types the platform can size for: vCPUs, memory, and the network interfaces and
 * IPv4 addresses per interface that bound how many pods the VPC CNI can give addresses to. Dated
 * data: add a type here before using it in a node group.
 *
 * Sources (checked 2026-12-01): ENIs and addresses per ENI from amazon-eks-ami's
 * `nodeadm/internal/kubelet/instance-info.jsonl` (the table nodeadm computes max pods from; the
 * same values as its former `eni-max-pods.txt` and the VPC CNI's `vpc_ip_resource_limit.go`);
 * vCPUs and memory from the EC2 instance type pages (https://aws.amazon.com/ec2/instance-types/),
 * as the Kubernetes cluster autoscaler's `ec2_instance_types.go` lists them.
 */
export const EC2_INSTANCE_TYPES_CHECKED_ON = "2026-12-01";

export interface Ec2InstanceType {
  readonly vcpus: number;
  /** Nominal memory in MiB (the kernel sees a little less). */
  readonly memoryMiB: number;
  readonly maxEnis: number;
  readonly ipv4PerEni: number;
  readonly architecture: "x86_64" | "arm64";
}

type Row = readonly [vcpus: number, memoryGiB: number, maxEnis: number, ipv4PerEni: number];

const X86: Readonly<Record<string, Row>> = {
  "t2.micro": [1, 1, 2, 2],
  "t3.nano": [2, 0.5, 2, 2],
  "t3.micro": [2, 1, 2, 2],
  "t3.small": [2, 2, 3, 4],
  "t3.medium": [2, 4, 3, 6],
  "t3.large": [2, 8, 3, 12],
  "t3.xlarge": [4, 16, 4, 15],
  "t3.2xlarge": [8, 32, 4, 15],
  "t3a.nano": [2, 0.5, 2, 2],
  "t3a.micro": [2, 1, 2, 2],
  "t3a.small": [2, 2, 2, 4],
  "t3a.medium": [2, 4, 3, 6],
  "t3a.large": [2, 8, 3, 12],
  "t3a.xlarge": [4, 16, 4, 15],
  "t3a.2xlarge": [8, 32, 4, 15],
  "m5.large": [2, 8, 3, 10],
  "m5.xlarge": [4, 16, 4, 15],
  "m5.2xlarge": [8, 32, 4, 15],
  "m5a.large": [2, 8, 3, 10],
  "m5a.xlarge": [4, 16, 4, 15],
  "m6i.large": [2, 8, 3, 10],
  "m6i.xlarge": [4, 16, 4, 15],
  "m6i.2xlarge": [8, 32, 4, 15],
  "m7i.large": [2, 8, 3, 10],
  "m7i.xlarge": [4, 16, 4, 15],
  "m7i.2xlarge": [8, 32, 4, 15],
  "c5.large": [2, 4, 3, 10],
  "c5.xlarge": [4, 8, 4, 15],
  "c6i.large": [2, 4, 3, 10],
  "c6i.xlarge": [4, 8, 4, 15],
  "c7i.large": [2, 4, 3, 10],
  "c7i.xlarge": [4, 8, 4, 15],
  "r5.large": [2, 16, 3, 10],
  "r6i.large": [2, 16, 3, 10],
};

const ARM: Readonly<Record<string, Row>> = {
  "t4g.nano": [2, 0.5, 2, 2],
  "t4g.micro": [2, 1, 2, 2],
  "t4g.small": [2, 2, 3, 4],
  "t4g.medium": [2, 4, 3, 6],
  "t4g.large": [2, 8, 3, 12],
  "t4g.xlarge": [4, 16, 4, 15],
  "m6g.large": [2, 8, 3, 10],
  "m6g.xlarge": [4, 16, 4, 15],
  "m7g.large": [2, 8, 3, 10],
  "m7g.xlarge": [4, 16, 4, 15],
  "m8g.large": [2, 8, 3, 10],
  "m8g.xlarge": [4, 16, 4, 15],
  "c6g.large": [2, 4, 3, 10],
  "c7g.large": [2, 4, 3, 10],
  "r6g.large": [2, 16, 3, 10],
};

function table(rows: Readonly<Record<string, Row>>, architecture: Ec2InstanceType["architecture"]): [string, Ec2InstanceType][] {
  return Object.entries(rows).map(([name, [vcpus, memoryGiB, maxEnis, ipv4PerEni]]) => [name, { vcpus, memoryMiB: memoryGiB * 1024, maxEnis, ipv4PerEni, architecture }]);
}

export const EC2_INSTANCE_TYPES: ReadonlyMap<string, Ec2InstanceType> = new Map([...table(X86, "x86_64"), ...table(ARM, "arm64")]);

/**
 * Pods a node of this type can run with the VPC CNI giving each pod a secondary address:
 * `ENIs × (addresses per ENI − 1) + 2` (the two host-network pods, kube-proxy and aws-node, need
 * no address). This is what nodeadm on the EKS AL2023 AMIs configures as the kubelet's max pods.
 */
export function maxPods(type: Ec2InstanceType): number {
  return type.maxEnis * (type.ipv4PerEni - 1) + 2;
}
