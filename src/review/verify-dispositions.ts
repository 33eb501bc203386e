import type { Finding, PlacedFinding } from "./finding.ts";
import type { DispositionRow, VerifiedStatus } from "./render-disposition-table.ts";

/** A claim on a finding, as the pass reads it from the store. */
export interface Claim {
  disposition: "fixed" | "disagree" | "deferred";
  note?: string;
  /** What an earlier pass verified for this claim; absent when no pass has checked it yet. */
  verified?: VerifiedStatus;
  /** When it was filed (ISO): the pass records its verification only on this very claim. */
  at?: string;
}

/** A finding the pull request had before this pass (ignored ones left out). */
export interface KnownFinding {
  id: string;
  fingerprint: string;
  status: "open" | "resolved";
  /** Where the last pass that produced it saw it. */
  finding: Finding;
  claim: Claim | null;
}

/** Input of {@link verifyDispositions}. */
export interface VerifyInput {
  known: readonly KnownFinding[];
  /** Every finding this pass produced, quiet ones included. */
  produced: readonly PlacedFinding[];
  /** Old fingerprint → the new finding that re-raised it (see `matchReraised`). */
  reraised: ReadonlyMap<string, PlacedFinding>;
  /**
   * True when the pass reviews the head the last pass reviewed (a re-run, `full-review`): a
   * `fixed` claim filed since then has no new code to be checked against yet.
   */
  headUnchanged: boolean;
  /**
   * Fingerprints kept standing because their engine did not look this pass (a check not read,
   * a file the LLM engine skipped): "produced" only in name, so a `fixed` claim on one stays
   * `pending` rather than "still present".
   */
  unread?: ReadonlySet<string>;
}

/** What a pass verified for one finding, and the row that shows it. */
export interface Verification {
  fingerprint: string;
  status: VerifiedStatus;
  /** The claim that was checked (null: nobody claimed anything). */
  claim: Claim | null;
  row: DispositionRow;
}

/**
 * A claim whose finding stays quiet while it is produced: `deferred` always, `disagree` unless
 * `remediation.disputes_block`. Quiet findings are not counted, commented or listed; they are
 * rows of the disposition table.
 */
export function isQuietClaim(claim: Claim | null, disputesBlock: boolean): boolean {
  if (claim === null) return false;
  return claim.disposition === "deferred" || (claim.disposition === "disagree" && !disputesBlock);
}

/**
 * The fingerprints of `known` findings that are quiet when this pass produces them again: a
 * dispute or a deferral is remembered by fingerprint, across pushes, rebases and passes that
 * resolved it in between.
 */
export function quietFingerprints(
  known: readonly KnownFinding[],
  disputesBlock: boolean,
): Set<string> {
  return new Set(
    known.filter((f) => isQuietClaim(f.claim, disputesBlock)).map((f) => f.fingerprint),
  );
}

/**
 * Verifies every finding that was open before the pass, and every finding with a `disagree` or
 * `deferred` claim the pass produced again (docs/remediation.md, "Verification"):
 *
 * | claimed             | produced again?                        | verified          |
 * | ------------------- | -------------------------------------- | ----------------- |
 * | fixed               | no                                     | `verified_fixed`  |
 * | fixed               | yes                                    | `still_present`   |
 * | fixed, filed since the last pass, same head | yes            | `pending`         |
 * | —                   | no                                     | `fixed_unclaimed` |
 * | —                   | yes                                    | `open`            |
 * | disagree            | yes                                    | `disputed`        |
 * | deferred            | yes                                    | `deferred`        |
 * | disagree / deferred | no                                     | `resolved`        |
 * | any                 | its code changed and the rule fired there again | `reraised` |
 *
 * A `fixed` claim an earlier pass already verified fixed is history, not a claim on the
 * finding's return: such a finding counts as unclaimed. Rows are in id order.
 */
export function verifyDispositions(input: VerifyInput): Verification[] {
  const produced = new Map(input.produced.map((f) => [f.fingerprint, f]));
  const out: Verification[] = [];
  for (const known of [...input.known].sort((a, b) => compareIds(a.id, b.id))) {
    const claim = liveClaim(known.claim);
    const now = produced.get(known.fingerprint);
    const quietAgain = now !== undefined && claim !== null && claim.disposition !== "fixed";
    if (known.status !== "open" && !quietAgain) continue;
    const reraisedAs = now === undefined ? input.reraised.get(known.fingerprint) : undefined;
    const status = decide(
      claim,
      now !== undefined,
      reraisedAs !== undefined,
      input.headUnchanged || (input.unread?.has(known.fingerprint) ?? false),
    );
    const shown = now ?? known.finding;
    const row: DispositionRow = {
      id: known.id,
      severity: shown.severity,
      where: `${shown.path}:${shown.line}`,
      title: shown.title,
      claimed: claim?.disposition ?? null,
      verified: status,
    };
    if (claim?.note !== undefined) row.note = claim.note;
    if (reraisedAs !== undefined) row.reraisedAs = reraisedAs.id;
    out.push({ fingerprint: known.fingerprint, status, claim, row });
  }
  return out;
}

function liveClaim(claim: Claim | null): Claim | null {
  if (claim?.disposition === "fixed" && claim.verified === "verified_fixed") return null;
  return claim;
}

/** `unchecked`: nothing new was checked for this finding (same head, or its engine did not look). */
function decide(
  claim: Claim | null,
  produced: boolean,
  reraised: boolean,
  unchecked: boolean,
): VerifiedStatus {
  if (reraised) return "reraised";
  switch (claim?.disposition) {
    case undefined:
      return produced ? "open" : "fixed_unclaimed";
    case "fixed":
      if (!produced) return "verified_fixed";
      return unchecked && claim.verified === undefined ? "pending" : "still_present";
    case "disagree":
      return produced ? "disputed" : "resolved";
    case "deferred":
      return produced ? "deferred" : "resolved";
  }
}

/** Ids compare as numbers: `F2` before `F10`. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
