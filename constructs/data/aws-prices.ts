/**
 * AWS list prices the cost estimate (`stacks/cost-estimate.ts`) multiplies, in USD, on-demand,
 * before taxes. Dated data: prices change; update a figure with its source and move
 * {@link AWS_PRICES_CHECKED_ON}. A region missing here is estimated with {@link FALLBACK_REGION}'s
 * prices and says so; add a region by copying one entry.
 */
export const AWS_PRICES_CHECKED_ON = "2026-12-01";

export interface AwsPrices {
  /** Per cluster-hour, by `aws_eks_cluster.upgrade_policy.support_type`. */
  readonly eksClusterHour: { readonly STANDARD: number; readonly EXTENDED: number };
  readonly natGatewayHour: number;
  /** Per GB processed, either direction. */
  readonly natGatewayGb: number;
  /** Per public IPv4 address-hour, in use or idle. */
  readonly publicIpv4Hour: number;
  readonly applicationLoadBalancerHour: number;
  readonly applicationLoadBalancerCapacityUnitHour: number;
  readonly networkLoadBalancerHour: number;
  readonly networkLoadBalancerCapacityUnitHour: number;
  /** gp3 storage per GB-month (3,000 IOPS and 125 MB/s included). */
  readonly ebsGp3GbMonth: number;
  /** Standard log class, per GB ingested. */
  readonly cloudWatchLogsIngestedGb: number;
  /** Per GB-month stored (archived). */
  readonly cloudWatchLogsStoredGbMonth: number;
  /** Per customer managed key and month. */
  readonly kmsKeyMonth: number;
  readonly ecrStorageGbMonth: number;
  /** Linux on-demand per instance-hour, for every type of `ec2-instance-types.ts`. */
  readonly ec2OnDemandHour: Readonly<Record<string, number>>;
}

export interface RegionPrices {
  readonly prices: AwsPrices;
  /** Where each figure comes from. */
  readonly sources: readonly string[];
}

export const FALLBACK_REGION = "us-east-1";

export const AWS_PRICES: Readonly<Record<string, RegionPrices>> = {
  "us-east-1": {
    prices: {
      eksClusterHour: { STANDARD: 0.1, EXTENDED: 0.6 },
      natGatewayHour: 0.045,
      natGatewayGb: 0.045,
      publicIpv4Hour: 0.005,
      applicationLoadBalancerHour: 0.0225,
      applicationLoadBalancerCapacityUnitHour: 0.008,
      networkLoadBalancerHour: 0.0225,
      networkLoadBalancerCapacityUnitHour: 0.006,
      ebsGp3GbMonth: 0.08,
      cloudWatchLogsIngestedGb: 0.5,
      cloudWatchLogsStoredGbMonth: 0.03,
      kmsKeyMonth: 1,
      ecrStorageGbMonth: 0.1,
      ec2OnDemandHour: {
        "t2.micro": 0.0116, "t3.nano": 0.0052, "t3.micro": 0.0104, "t3.small": 0.0208,
        "t3.medium": 0.0416, "t3.large": 0.0832, "t3.xlarge": 0.1664, "t3.2xlarge": 0.3328,
        "t3a.nano": 0.0047, "t3a.micro": 0.0094, "t3a.small": 0.0188, "t3a.medium": 0.0376,
        "t3a.large": 0.0752, "t3a.xlarge": 0.1504, "t3a.2xlarge": 0.3008, "m5.large": 0.096,
        "m5.xlarge": 0.192, "m5.2xlarge": 0.384, "m5a.large": 0.086, "m5a.xlarge": 0.172,
        "m6i.large": 0.096, "m6i.xlarge": 0.192, "m6i.2xlarge": 0.384, "m7i.large": 0.1008,
        "m7i.xlarge": 0.2016, "m7i.2xlarge": 0.4032, "c5.large": 0.085, "c5.xlarge": 0.17,
        "c6i.large": 0.085, "c6i.xlarge": 0.17, "c7i.large": 0.08925, "c7i.xlarge": 0.1785,
        "r5.large": 0.126, "r6i.large": 0.126, "t4g.nano": 0.0042, "t4g.micro": 0.0084,
        "t4g.small": 0.0168, "t4g.medium": 0.0336, "t4g.large": 0.0672, "t4g.xlarge": 0.1344,
        "m6g.large": 0.077, "m6g.xlarge": 0.154, "m7g.large": 0.0816, "m7g.xlarge": 0.1632,
        "m8g.large": 0.08976, "m8g.xlarge": 0.17952, "c6g.large": 0.068, "c7g.large": 0.0725,
        "r6g.large": 0.1008,
      },
    },
    // Read on 2026-12-01; "unconfirmed" marks a figure no source read here stated for us-east-1.
    sources: [
      "EC2 on-demand: aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go @1d927085 (generated 2026-07-20 from the AWS Price List API for us-east-1)",
      "EKS $0.10 standard, $0.60 extended per cluster-hour: AWS Containers blog, https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/",
      "Public IPv4 $0.005 per address-hour: AWS News Blog, https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/",
      "NAT gateway $0.045/h and $0.045/GB, CloudWatch Logs $0.50/GB ingested and $0.03/GB-month (us-east-1): aws-samples/sample-apex-skills @9c47afdd devops-agent/eks-cost-intelligence/references/{networking,observability}-costs.md (an AWS sample, not a price page)",
      "ALB $0.0225/h and $0.008 per LCU-hour, NLB $0.006 per NLCU-hour: the ELB pricing page's us-east-1 examples as quoted by api-evangelist/amazon-elastic-load-balancing @303e536b (third party, 2026-09-20); NLB $0.0225/h unconfirmed",
      "gp3 $0.08/GB-month: third-party pages (c3x.dev gp2-to-gp3, 2026); gp3's included 3,000 IOPS and 125 MiB/s: AWS Storage Blog",
      "KMS $1 per key-month: third party only (AWS's KMS docs state a monthly charge without the figure)",
      "ECR storage $0.10/GB-month: unconfirmed",
    ],
  },
};

/** The prices of `region`, or of {@link FALLBACK_REGION} when the table has none for it. */
export function pricesFor(region: string): RegionPrices & { readonly region: string } {
  const own = AWS_PRICES[region];
  return own ? { ...own, region } : { ...AWS_PRICES[FALLBACK_REGION], region: FALLBACK_REGION };
}
