import { compareQuantities, multiplyQuantity, parseQuantity, type Quantity, type QuantityKind } from "../constructs/core/kubernetes-quantity";

function parsed(text: string, kind: QuantityKind = "cpu"): Quantity {
  const result = parseQuantity(text, kind);
  if (typeof result === "string") throw new Error(`expected "${text}" to parse, got: ${result}`);
  return result;
}

describe("parseQuantity", () => {
  test.each([
    ["2", 2n, 0],
    ["500m", 500n, -3],
    ["1.5", 15n, -1],
    [".5", 5n, -1],
    ["+3", 3n, 0],
    ["1e3", 1n, 3],
    ["2E-2", 2n, -2],
    ["100u", 100n, -6],
    ["4k", 4n, 3],
  ])("reads the CPU quantity %s exactly", (text, coefficient, exponent) => {
    expect(parsed(text)).toEqual({ text, coefficient, exponent });
  });

  test.each([
    ["512Mi", 512n * 2n ** 20n, 0],
    ["4Gi", 4n * 2n ** 30n, 0],
    ["1.5Gi", 15n * 2n ** 30n, -1],
    ["1G", 1n, 9],
    ["1E", 1n, 18],
    ["1Ei", 2n ** 60n, 0],
    ["1000", 1000n, 0],
  ])("reads the byte quantity %s exactly", (text, coefficient, exponent) => {
    expect(parsed(text, "bytes")).toEqual({ text, coefficient, exponent });
  });

  test.each([["2 cores"], ["4GB"], ["-1"], ["1e"], ["Gi"], [""], ["1.2.3"], ["1mi"], ["0x10"]])("refuses %j as a CPU quantity", (text) => {
    expect(parseQuantity(text, "cpu")).toBe('must be a CPU quantity like "2", "1.5" or "500m"');
  });

  test.each([["4GB"], ["4 Gi"], ["4gi"]])("refuses %j as a byte quantity", (text) => {
    expect(parseQuantity(text, "bytes")).toBe('must be a byte quantity like "4Gi", "512Mi" or "1G"');
  });

  test.each([["512m"], ["0.5"], ["15n"]])("refuses %j as a byte quantity: not a whole number of bytes", (text) => {
    expect(parseQuantity(text, "bytes")).toBe('must be a whole number of bytes like "4Gi" or "512Mi" ("m" means milli, not mega)');
  });

  test("refuses exponents beyond what a quantity can hold, instead of computing with them", () => {
    expect(parseQuantity("1e999999", "cpu")).toBe('must be a CPU quantity like "2", "1.5" or "500m" (exponent out of range)');
  });
});

describe("compareQuantities", () => {
  test.each([
    ["100m", "0.1", 0],
    ["1", "1000m", 0],
    ["1e3", "1k", 0],
    ["499m", "0.5", -1],
    ["2", "1999m", 1],
  ])("CPU %s compared with %s is %d", (a, b, sign) => {
    expect(Math.sign(compareQuantities(parsed(a), parsed(b)))).toBe(sign);
  });

  test.each([
    ["1Gi", "1024Mi", 0],
    ["1G", "1Gi", -1],
    ["4Gi", "4G", 1],
    ["512Mi", "0.5Gi", 0],
    ["128Mi", "134217728", 0],
  ])("bytes %s compared with %s is %d", (a, b, sign) => {
    expect(Math.sign(compareQuantities(parsed(a, "bytes"), parsed(b, "bytes")))).toBe(sign);
  });
});

describe("multiplyQuantity", () => {
  test.each([
    ["2", 2, "4"],
    ["4Gi", 2, "8Gi"],
    ["1500m", 2, "3000m"],
    ["1.5", 2, "3"],
    ["1.25", 2, "2.5"],
    [".5", 2, "1"],
    ["0.05", 3, "0.15"],
    ["1e3", 2, "2e3"],
    ["+2", 2, "4"],
    ["7", 0, "0"],
  ])("%s × %d is %s, in the same unit", (text, factor, expected) => {
    expect(multiplyQuantity(text, factor)).toBe(expected);
  });

  test("refuses text that is not a quantity and factors that are not whole", () => {
    expect(() => multiplyQuantity("4GB", 2)).toThrow('multiplyQuantity: not a Kubernetes quantity: "4GB"');
    expect(() => multiplyQuantity("4Gi", 1.5)).toThrow("multiplyQuantity: factor must be a whole number >= 0, got 1.5");
  });
});
