import type { Taxonomy, TaxonomyItem } from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import { labelKey } from './logbook-values';
import { StoreArea } from './store-statements';

/**
 * The site's lists of categories and actions. Items are never deleted, only deactivated, so an
 * old entry's category always reads back; new writes resolve what the operator typed here.
 */
export class TaxonomyRecords extends StoreArea {
  taxonomy(): Taxonomy {
    const items = this.stmts.taxonomy.all().map((row): TaxonomyItem => ({
      id: row.id,
      kind: row.kind,
      label: row.label,
      active: row.active === 1,
      position: row.position,
    }));
    return {
      categories: items.filter((item) => item.kind === 'category'),
      actions: items.filter((item) => item.kind === 'action'),
    };
  }

  addTaxonomy(kind: 'category' | 'action', label: string): Taxonomy {
    this.db
      .transaction(() => {
        const existing = this.taxonomy()[kind === 'category' ? 'categories' : 'actions'];
        if (existing.some((item) => labelKey(item.label) === labelKey(label))) {
          throw new ServiceError(
            'conflict',
            `"${label}" already exists`,
            [{ field: 'label', message: 'exists', reason: 'exists' }],
            { reason: 'label-exists', params: { label } },
          );
        }
        const position = Math.max(0, ...existing.map((item) => item.position)) + 1;
        this.stmts.insertTaxonomy.run(kind, label, position);
      })
      .immediate();
    return this.taxonomy();
  }

  setTaxonomyActive(id: number, active: boolean): Taxonomy {
    if (this.stmts.setTaxonomyActive.run(active ? 1 : 0, id).changes === 0) {
      throw new ServiceError('not-found', `no taxonomy item ${id}`);
    }
    return this.taxonomy();
  }

  /**
   * The taxonomy's own spelling of a category typed by someone (case and accents ignored);
   * null when it is not in the taxonomy. New writes only accept active categories.
   */
  resolveCategory(typed: string, activeOnly: boolean): string | null {
    const key = labelKey(typed);
    const match = this.taxonomy().categories.find(
      (item) => labelKey(item.label) === key && (item.active || !activeOnly),
    );
    return match?.label ?? null;
  }
}
