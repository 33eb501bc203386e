import type { DiffFile } from "./diff-types.ts";
import type { PlacedFinding } from "./finding.ts";
import { matchReraised } from "./match-reraised.ts";
import { orderDispositionRows } from "./order-disposition-rows.ts";
import { type DispositionRow, renderDispositionTable } from "./render-disposition-table.ts";
import { BODY_LIMIT } from "./render-truncate.ts";
import {
  compareIds,
  type KnownFinding,
  type Verification,
  verifyDispositions,
} from "./verify-dispositions.ts";

/** What verification needs besides the findings of the pass. */
export interface VerificationContext {
  /** Every finding stored for the pull request, with its claim (ignored ones left out). */
  known: readonly KnownFinding[];
  /** `remediation.disputes_block`: disputed findings keep blocking (and are not quiet). */
  disputesBlock: boolean;
  /** The pass reviews the head the last pass reviewed (a `fixed` claim has nothing new to check). */
  headUnchanged: boolean;
  /** Incremental passes: `compare/{last}...{head}`, to match re-raised findings by hunk. */
  changes: readonly DiffFile[];
  /** The loop's round (dispatched rounds); from 1 on the table is shown even without a claim. */
  loopRound: number;
  /** Fingerprints kept standing because their engine did not look this pass (see `planPass`). */
  unread?: ReadonlySet<string>;
}

/** What a pass verified, and the disposition table it shows. */
export interface PassVerification {
  verifications: Verification[];
  /** The table's rows, most urgent first; empty when no table is shown. */
  rows: DispositionRow[];
  /** The whole table under its heading (≤ 65,535 characters), for the check run's `text`. */
  text?: string;
}

const TITLE = "#### Dispositions\n\n";

/**
 * Matches re-raised findings, verifies every known finding against what the pass produced
 * (quiet ones included), and decides whether the table is shown: after the first claim on the
 * pull request, and from the loop's round 1 on.
 */
export function verifyPass(
  context: VerificationContext,
  produced: readonly PlacedFinding[],
  mode: "full" | "incremental",
): PassVerification {
  const producedSet = new Set(produced.map((f) => f.fingerprint));
  const knownSet = new Set(context.known.map((f) => f.fingerprint));
  const gone = context.known.filter((f) => f.status === "open" && !producedSet.has(f.fingerprint));
  const reraised = matchReraised({
    gone: [...gone].sort((a, b) => compareIds(a.id, b.id)),
    fresh: produced.filter((f) => !knownSet.has(f.fingerprint)),
    mode,
    changes: context.changes,
  });
  const verifications = verifyDispositions({
    known: context.known,
    produced,
    reraised,
    headUnchanged: context.headUnchanged,
    ...(context.unread === undefined ? {} : { unread: context.unread }),
  });
  const shown =
    verifications.length > 0 &&
    (context.loopRound >= 1 || context.known.some((f) => f.claim !== null));
  if (!shown) return { verifications, rows: [] };
  const rows = orderDispositionRows(verifications.map((v) => v.row));
  return {
    verifications,
    rows,
    text: `${TITLE}${renderDispositionTable(rows, BODY_LIMIT - TITLE.length)}`,
  };
}
