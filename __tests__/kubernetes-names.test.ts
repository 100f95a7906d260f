import { Lazy, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkLabelValue,
  checkServiceName,
  isDns1035Label,
  isDnsLabel,
  isDnsSubdomain,
  isLabelKey,
  isLabelValue,
} from "../constructs/core/kubernetes-names";

describe("Kubernetes name predicates", () => {
  test.each([
    [isDnsLabel, ["a", "0", "student-01", "2026-minsu", "x".repeat(63)], ["", "A", "minsu_kim", "-a", "a-", "a.b", "x".repeat(64)]],
    [isDns1035Label, ["a", "web-1", "h".repeat(63)], ["", "1web", "web-", "Web", "h".repeat(64)]],
    [isDnsSubdomain, ["a", "gp3", "ebs-csi-controller-sa", "a.b-c.d", `${"a".repeat(64)}.b`], ["", "a..b", ".a", "a.", "a.-b", "EBS_SA", "a".repeat(254)]],
    [isLabelValue, ["a", "Minsu.Kim_01", "v1.33", "p".repeat(63)], ["", "-a", "a-", "a b", "p".repeat(64)]],
    [isLabelKey, ["team", "app.kubernetes.io/part-of", "example.com/Owner_1"], ["", "/team", "Example.com/team", "a/b/c", "team-", `${"a".repeat(254)}/team`]],
  ])("%p accepts what Kubernetes accepts and refuses the rest", (predicate, valid, invalid) => {
    for (const value of valid) expect([value, predicate(value)]).toEqual([value, true]);
    for (const value of invalid) expect([value, predicate(value)]).toEqual([value, false]);
  });

  test("isDns1035Label takes a shorter limit", () => {
    expect(isDns1035Label("m".repeat(52), 52)).toBe(true);
    expect(isDns1035Label("m".repeat(53), 52)).toBe(false);
  });
});

describe("Kubernetes name checks", () => {
  class Probe extends Construct {}
  const probe = () => new Probe(new TerraformStack(Testing.app(), "test"), "probe");

  test.each([
    [checkDnsLabel, "Minsu", 'Probe test/probe: namespace must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "Minsu"'],
    [checkServiceName, "1web", 'Probe test/probe: namespace must be a DNS label: 1..63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, got "1web"'],
    [
      checkDnsSubdomain,
      "a..b",
      'Probe test/probe: namespace must be a DNS subdomain: 1..253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, got "a..b"',
    ],
    [checkLabelValue, "", 'Probe test/probe: namespace must be a label value: 1..63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, got ""'],
  ])("%p names the construct, the field and the value", (check, value, message) => {
    expect(() => check(probe(), "namespace", value)).toThrow(message);
  });

  test.each([checkDnsLabel, checkServiceName, checkDnsSubdomain, checkLabelValue])("%p lets a token pass", (check) => {
    expect(() => check(probe(), "namespace", Lazy.stringValue({ produce: () => "Not A Name" }))).not.toThrow();
  });
});
