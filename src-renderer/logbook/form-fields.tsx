import type { ReactNode } from 'react';
import { EntryStatusSchema, type EntryStatus, type TaxonomyItem } from '../../src-shared/contract';
import { useLogbookT } from './use-logbook';

/**
 * Form fields shared by the entry composer, the amendment form and the follow-up form, so the
 * three write an entry's fields the same way (labels, limits, what a retired taxonomy item does).
 */

/** Where an event happened, as the entry's three free-text place fields, with their limits. */
export const PLACE_FIELDS = [
  { key: 'commune', maxLength: 100 },
  { key: 'street', maxLength: 200 },
  { key: 'place', maxLength: 200 },
] as const;

/** A field's label around its control (and any problem shown under it). */
function Field(props: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field__label">{props.label}</span>
      {props.children}
    </label>
  );
}

/** The three place fields side by side; `testIdPrefix` names them `<prefix>-commune`… */
export function PlaceFields(props: {
  values: Record<(typeof PLACE_FIELDS)[number]['key'], string>;
  onChange(key: (typeof PLACE_FIELDS)[number]['key'], value: string): void;
  testIdPrefix?: string;
}) {
  const t = useLogbookT();
  return (
    <div className="lb-grid-3">
      {PLACE_FIELDS.map(({ key, maxLength }) => (
        <TextField
          key={key}
          label={t(`form.${key}`)}
          value={props.values[key]}
          maxLength={maxLength}
          testId={props.testIdPrefix ? `${props.testIdPrefix}-${key}` : undefined}
          onChange={(value) => props.onChange(key, value)}
        />
      ))}
    </div>
  );
}

/** What the core accepts as a PIN (PinSchema: 4 to 12 digits), for the browser's own check. */
const PIN_PATTERN = '\\d{4,12}';

/**
 * A labelled PIN input: hidden, numeric keypad, checked as the core checks it. `new-password`
 * for a PIN being chosen, `current-password` for one being typed to log in or unlock.
 */
export function PinField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  testId: string;
  autoComplete: 'new-password' | 'current-password';
  autoFocus?: boolean;
}) {
  return (
    <Field label={props.label}>
      <input
        className="input"
        data-testid={props.testId}
        type="password"
        inputMode="numeric"
        pattern={PIN_PATTERN}
        required
        autoFocus={props.autoFocus}
        autoComplete={props.autoComplete}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </Field>
  );
}

/** A labelled single-line input. */
export function TextField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  testId?: string;
  maxLength?: number;
  invalid?: boolean;
  children?: ReactNode;
}) {
  return (
    <Field label={props.label}>
      <input
        className="input"
        data-testid={props.testId}
        value={props.value}
        maxLength={props.maxLength}
        aria-invalid={props.invalid ? true : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.children}
    </Field>
  );
}

/**
 * The taxonomy's categories as a select. A retired category stays listed when it is the current
 * value, so amending an old entry never silently changes what it was filed under.
 */
export function CategorySelect(props: {
  label: string;
  items: readonly TaxonomyItem[] | undefined;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  testId?: string;
  invalid?: boolean;
  children?: ReactNode;
}) {
  return (
    <Field label={props.label}>
      <select
        className="input"
        data-testid={props.testId}
        value={props.value}
        aria-invalid={props.invalid ? true : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.items
          ?.filter((item) => item.active || item.label === props.value)
          .map((item) => (
            <option key={item.id} value={item.label}>
              {item.label}
            </option>
          ))}
      </select>
      {props.children}
    </Field>
  );
}

/** The entry status, in the contract's order, with its French label. */
export function StatusSelect(props: {
  label: string;
  value: EntryStatus;
  onChange(value: EntryStatus): void;
  testId?: string;
}) {
  const t = useLogbookT();
  return (
    <Field label={props.label}>
      <select
        className="input"
        data-testid={props.testId}
        value={props.value}
        onChange={(event) => props.onChange(EntryStatusSchema.parse(event.target.value))}
      >
        {EntryStatusSchema.options.map((status) => (
          <option key={status} value={status}>
            {t(`status.${status}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * The taxonomy's actions as checkboxes. A retired action stays shown while it is ticked, so an
 * old entry still says what was done after the room chief retired that action.
 */
export function ActionChecks(props: {
  items: readonly TaxonomyItem[] | undefined;
  selected: readonly string[];
  onChange(selected: string[]): void;
  testId?: string;
}) {
  return (
    <div className="lb-checks">
      {props.items
        ?.filter((item) => item.active || props.selected.includes(item.label))
        .map((item) => (
          <label key={item.id} className="lb-check">
            <input
              type="checkbox"
              data-testid={props.testId}
              value={item.label}
              checked={props.selected.includes(item.label)}
              onChange={(event) =>
                props.onChange(
                  event.target.checked
                    ? [...props.selected, item.label]
                    : props.selected.filter((label) => label !== item.label),
                )
              }
            />
            {item.label}
          </label>
        ))}
    </div>
  );
}
