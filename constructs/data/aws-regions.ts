/**
 * AWS Regions and the zone names they have. Dated data: add a region when AWS opens one.
 *
 * Regions: the `aws`, `aws-cn` and `aws-us-gov` partitions of botocore 1.44.8's
 * `data/endpoints.json` (PyPI, checked 2026-12-01); EKS is offered in every commercial one of them.
 * Zones: the zone letters a region's zones are named with in some account (names are shuffled per
 * account, so an account may see fewer), from the AWS Regions and Availability Zones pages; every
 * region not listed in `ZONE_LETTERS` has three zones, a to c.
 */
export const AWS_REGIONS_CHECKED_ON = "2026-12-01";

export const AWS_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
];

/** Regions whose zone names go past `c`. */
const ZONE_LETTERS: Readonly<Record<string, string>> = {
  "us-east-1": "abcdef",
  "us-west-2": "abcd",
  "ap-northeast-1": "abcd",
  "ap-northeast-2": "abcd",
  "ca-central-1": "abcd",
};

/** The zone names a region can have, e.g. `ap-northeast-2a` to `ap-northeast-2d`. */
export function zoneNamesOf(region: string): string[] {
  return [...(ZONE_LETTERS[region] ?? "abc")].map((letter) => `${region}${letter}`);
}
