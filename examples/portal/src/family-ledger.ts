import type { Ledger } from '@visitkit/core/protocol';

/**
 * What a family member may see of the ledger of a visit they were on: when each side was connected, what was
 * billed and what was not (and why), the warnings and the end cause. Staff-only detail is removed: hidden
 * officers (their presence and times), which officer acted (`staff`, the staff end's `identity`), and other
 * people's consents. The billed total is unchanged. The result still satisfies `LedgerSchema`, so
 * `<vk-visit-timeline>` draws it like any ledger.
 *
 * @example
 * send(res, 200, JSON.stringify(familyLedger(buildLedger(visit.id, events, { visit }), user.id)));
 */
export function familyLedger(ledger: Ledger, viewer: string): Ledger {
  return {
    ...ledger,
    participants: ledger.participants
      .filter((p) => p.role !== 'monitor')
      .map((p) => ({ ...p, consents: p.identity === viewer ? p.consents : [] })),
    staffActions: ledger.staffActions.map((action) => ({ ...action, staff: '' })),
    end: ledger.end?.cause === 'staff' ? { ...ledger.end, identity: '' } : ledger.end,
  };
}
