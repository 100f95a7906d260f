import { cidrsOverlap, formatIpv4Cidr, isRfc1918, parseIpv4Cidr, subnetOf, type Ipv4Cidr } from "../constructs/core/ipv4-cidr";
import { AwsNameLimit, fitName, ResourceNames } from "../constructs/core/resource-name";

describe("fitName", () => {
  test("keeps a name that fits", () => {
    expect(fitName("devops-2026-vpc-flow-logs", AwsNameLimit.IAM_ROLE)).toBe("devops-2026-vpc-flow-logs");
  });

  test("shortens a long name to the limit with a hash of the whole name", () => {
    const long = `devops-2026-ci-deploy-${"x".repeat(60)}`;
    const short = fitName(long, AwsNameLimit.IAM_ROLE);
    expect(short).toHaveLength(AwsNameLimit.IAM_ROLE);
    expect(short).toMatch(/^devops-2026-ci-deploy-x+-[0-9a-f]{8}$/);
    expect(fitName(long, AwsNameLimit.IAM_ROLE)).toBe(short);
  });

  test("two long names with the same start do not collide", () => {
    const a = fitName(`${"a".repeat(70)}-minsu`, 64);
    const b = fitName(`${"a".repeat(70)}-jiyeon`, 64);
    expect(a).not.toBe(b);
    expect(a.slice(0, 50)).toBe(b.slice(0, 50));
  });

  test("never ends the kept part with a separator", () => {
    expect(fitName(`${"a".repeat(54)}-${"b".repeat(20)}`, 64)).toMatch(/^a{54}-[0-9a-f]{8}$/);
  });
});

describe("ResourceNames", () => {
  const names = new ResourceNames("devops-2026");
  test("builds <cohort>-<purpose>[-<student>]", () => {
    expect(names.name("labs", { maxLength: AwsNameLimit.IAM_ROLE })).toBe("devops-2026-labs");
    expect(names.name("ci", { student: "minsu-kim", maxLength: AwsNameLimit.IAM_ROLE })).toBe("devops-2026-ci-minsu-kim");
    expect(names.name("registry", { student: "minsu-kim", maxLength: AwsNameLimit.ECR_REPOSITORY, separator: "/" })).toBe("devops-2026/registry/minsu-kim");
  });

  test("stays within a tight limit", () => {
    expect(names.name("application-load-balancer", { maxLength: AwsNameLimit.LOAD_BALANCER })).toHaveLength(AwsNameLimit.LOAD_BALANCER);
  });
});

describe("IPv4 CIDR arithmetic", () => {
  const cidr = (text: string) => parseIpv4Cidr(text) as Ipv4Cidr;
  test("parses and formats", () => {
    expect(formatIpv4Cidr(cidr("10.20.0.0/16"))).toBe("10.20.0.0/16");
  });
  test.each([
    ["10.0.0.0", "must be an IPv4 CIDR block like 10.20.0.0/16"],
    ["10.0.0.256/24", "has an octet above 255"],
    ["10.0.0.0/33", "has a prefix length above /32"],
    ["10.0.1.0/16", "has host bits set: the network address of a /16 here is 10.0.0.0/16"],
  ])("rejects %s", (text, reason) => {
    expect(parseIpv4Cidr(text)).toBe(reason);
  });
  test("carves subnets like Terraform's cidrsubnet", () => {
    expect(formatIpv4Cidr(subnetOf(cidr("10.20.0.0/16"), 22, 33))).toBe("10.20.132.0/22");
    expect(() => subnetOf(cidr("10.20.0.0/16"), 17, 2)).toThrow("a /16 holds 2 subnets of /17, index 2 is outside");
  });
  test("knows RFC 1918 and overlaps", () => {
    expect(isRfc1918(cidr("172.31.0.0/16"))).toBe(true);
    expect(isRfc1918(cidr("172.32.0.0/16"))).toBe(false);
    expect(cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.0.255.0/24"))).toBe(true);
    expect(cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.1.0.0/16"))).toBe(false);
  });
});
