import type { OperatorRole, OperatorSummary } from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import { summary, toOperator } from './store-rows';
import { StoreArea } from './store-statements';
import type { OperatorRecord } from './store-types';

/**
 * The operators' accounts: badge, name, role, PIN hash and active flag. Kept apart from the
 * records because accounts are not in the chain (a PIN or the active flag is updated in place),
 * and this is the only area that ever reads a PIN hash.
 */
export class OperatorRecords extends StoreArea {
  operatorCount(): number {
    return this.stmts.operatorCount.get()?.n ?? 0;
  }

  operatorByBadge(badge: string): OperatorRecord | null {
    const row = this.stmts.operatorByBadge.get(badge);
    return row ? toOperator(row) : null;
  }

  operatorById(id: number): OperatorRecord | null {
    const row = this.stmts.operatorById.get(id);
    return row ? toOperator(row) : null;
  }

  listOperators(): OperatorSummary[] {
    return this.stmts.operators.all().map((row) => summary(toOperator(row)));
  }

  /**
   * Adds an operator; `onlyIfNone` makes it the first-start bootstrap, refused once anyone
   * exists (checked inside the write transaction, so two first starts cannot both win).
   */
  addOperator(
    input: { name: string; badge: string; role: OperatorRole; pinHash: string },
    createdBy: number | null,
    now: Date,
    onlyIfNone = false,
  ): OperatorSummary {
    return this.db
      .transaction(() => {
        if (onlyIfNone && this.operatorCount() > 0) {
          throw new ServiceError(
            'already-initialized',
            'operators already exist: ask an admin for an account',
          );
        }
        if (this.stmts.operatorByBadge.get(input.badge)) {
          throw new ServiceError(
            'conflict',
            `badge ${input.badge} is already taken`,
            [{ field: 'badge', message: 'already taken', reason: 'taken' }],
            { reason: 'badge-taken', params: { badge: input.badge } },
          );
        }
        const id = Number(
          this.stmts.insertOperator.run(
            input.badge,
            input.name,
            input.role,
            input.pinHash,
            now.toISOString(),
            createdBy,
          ).lastInsertRowid,
        );
        const created = this.operatorById(id);
        if (!created) throw new Error('operator vanished after insert');
        return summary(created);
      })
      .immediate();
  }

  setPinHash(id: number, pinHash: string): void {
    this.stmts.setPin.run(pinHash, id);
  }

  setOperatorActive(id: number, active: boolean): void {
    this.stmts.setActive.run(active ? 1 : 0, id);
  }

  /** Name and role, as the room's one operator list says them (room-operators.ts). */
  setOperatorProfile(id: number, name: string, role: OperatorRole): void {
    this.stmts.setProfile.run(name, role, id);
  }
}
