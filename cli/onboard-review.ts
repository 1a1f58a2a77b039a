/**
 * What an onboarding will change, shown before anything is written: each customer's spec against the one
 * the stack files hold (members, roles, quota overrides, regions, data stores), and each stack file as a
 * unified diff of the bytes `commitChanges` would write. A removal needs `--replace`; taking a customer out
 * of a stack is never onboarding's to do. Computed from `OnboardingChanges`, so the diff shown is the write.
 */
import type { InputProblem } from "../domain/errors.js";
import { regionKey } from "../regions/index.js";
import {
  type CustomerDiff,
  type SpecSource,
  diffCustomer,
  leftStackProblems,
  removalProblems,
  renderCustomerDiff,
} from "./customer-diff.js";
import { storedSpecs } from "./customer-records.js";
import type { OnboardingChanges } from "./onboarding.js";
import type { OutputMode } from "./output-mode.js";
import { type FileChange, type StackFile, fileChange, stackFileName } from "./stack-file-format.js";
import { diffStat, unifiedDiff } from "./text-diff.js";

export interface FileReview {
  readonly stack: string;
  readonly file: FileChange;
  /** The unified diff of the file's bytes; empty when unchanged. */
  readonly diff: string;
}

export interface OnboardingReview {
  /** One per customer, in the order of `OnboardingChanges.customers`. */
  readonly customers: readonly CustomerDiff[];
  /** One per stack file, in the order of `OnboardingChanges.files`. */
  readonly files: readonly FileReview[];
  /** Removals: bad input unless `--replace` is given. */
  readonly removals: readonly InputProblem[];
  /** Changes onboarding never makes (taking a customer out of a stack): bad input, `--replace` or not. */
  readonly refused: readonly InputProblem[];
}

/**
 * The review of an onboarding: `files` as read (and validated), `changes` computed from them, `sources`
 * where each customer's spec came from (same order as `changes.customers`).
 */
export function reviewOnboarding(
  files: readonly StackFile[],
  changes: OnboardingChanges,
  sources: readonly SpecSource[],
): OnboardingReview {
  const removals: InputProblem[] = [];
  const refused: InputProblem[] = [];
  const customers = changes.customers.map((customer, i) => {
    const diff = diffCustomer(storedSpecs(files, customer.id), customer);
    const source = sources[i] ?? { kind: "flags" };
    removals.push(...removalProblems(diff, source));
    refused.push(
      ...leftStackProblems(
        customer.id,
        changes.stale.filter((s) => s.customer === customer.id),
        customer.regions.map(regionKey),
        source,
      ),
    );
    return diff;
  });
  return {
    customers,
    files: changes.files.map((change) => ({
      stack: change.stack,
      file: fileChange(change),
      diff: unifiedDiff(change.before, change.after, { path: stackFileName(change.stack) }),
    })),
    removals,
    refused,
  };
}

/** What stops the onboarding: refusals always, removals unless `--replace`. */
export function reviewProblems(review: OnboardingReview, replace: boolean): InputProblem[] {
  return [...review.refused, ...(replace ? [] : review.removals)];
}

/**
 * The review for people. Detailed: every customer's spec diff and every file's diff. Summary: the spec diffs
 * of customers that lose something (they explain a refusal), and one line on the files.
 */
export function renderReview(
  review: OnboardingReview,
  changes: OnboardingChanges,
  mode: OutputMode,
  wording: {
    /** A dry run or a refusal: say what would be, never what is. */
    readonly wouldBe?: boolean;
    /** A refusal: leave out the customers it would not change (it changes nothing at all). */
    readonly changesOnly?: boolean;
  } = {},
): string[] {
  const dryRun = wording.wouldBe ?? false;
  const lines: string[] = [];
  review.customers.forEach((diff, i) => {
    const regions = changes.customers[i].regions.map(regionKey);
    if (wording.changesOnly && diff.status === "unchanged") return;
    if (mode === "detailed" || diff.removals.length > 0) {
      lines.push(...renderCustomerDiff(diff, regions, dryRun));
    }
  });
  const changed = review.files.filter((f) => f.file !== "unchanged");
  if (mode === "detailed") {
    for (const f of changed) {
      lines.push(`${stackFileName(f.stack)}: ${dryRun ? `would be ${f.file}` : f.file}`, f.diff.trimEnd());
    }
  } else if (changed.length > 0) {
    const stat = changed
      .map((f) => diffStat(f.diff))
      .reduce((a, b) => ({
        added: a.added + b.added,
        removed: a.removed + b.removed,
      }));
    const verb = dryRun ? "would change" : changed.length === 1 ? "changes" : "change";
    lines.push(
      `${changed.length} stack file${changed.length === 1 ? "" : "s"} ${verb} (+${stat.added} -${stat.removed} lines); --verbose shows the diffs.`,
    );
  }
  return lines;
}
