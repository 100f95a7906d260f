import { COHORT_WEEKS } from "../config/cohort-calendar";

/** A script's `--week N` and flags, or a message naming the first bad argument. */
export function weekAndFlags(command: string, args: readonly string[], flags: readonly string[]): { week?: number; flags: Set<string> } | string {
  const weekAt = args.indexOf("--week");
  const weekText = weekAt >= 0 ? (args[weekAt + 1] ?? "") : undefined;
  const unknown = args.filter((arg, index) => arg !== "--week" && !flags.includes(arg) && !(weekAt >= 0 && index === weekAt + 1));
  if (unknown.length > 0) return `${command}: unknown argument "${unknown[0]}"; the arguments are --week N${flags.map((flag) => `, ${flag}`).join("")}`;
  if (weekText !== undefined && !(/^\d+$/.test(weekText) && Number(weekText) >= 1 && Number(weekText) <= COHORT_WEEKS)) {
    return `${command}: --week takes a week from 1 to ${COHORT_WEEKS}, got "${weekText}"`;
  }
  return { week: weekText === undefined ? undefined : Number(weekText), flags: new Set(args.filter((arg) => flags.includes(arg))) };
}
