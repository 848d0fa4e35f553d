import type { ChangeEvent, FormEvent, InputHTMLAttributes, ReactNode } from 'react';
import { EntryStatusSchema, type EntryStatus, type TaxonomyItem } from '../../src-shared/contract';
import { useLogbookT } from './use-logbook';

/**
 * Form fields shared by the main courante's forms (entry composer, amendment, follow-up,
 * handover, search, accounts, login), so they write an entry's fields the same way (labels,
 * limits, what a retired taxonomy item does) and every field looks and reads alike.
 */

/** Where an event happened, as the entry's three free-text place fields, with their limits. */
export const PLACE_FIELDS = [
  { key: 'commune', maxLength: 100 },
  { key: 'street', maxLength: 200 },
  { key: 'place', maxLength: 200 },
] as const;

/** A field's label around its control (and any problem shown under it). */
function Field(props: { label: string; className?: string; children: ReactNode }) {
  return (
    <label className={props.className ? `field ${props.className}` : 'field'}>
      <span className="field__label">{props.label}</span>
      {props.children}
    </label>
  );
}

/** What every labelled control takes: its label, its value and where edits go. */
interface ControlProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
  invalid?: boolean;
  /** An extra class on the field, beside `field`. */
  className?: string;
  /** Under the control: a problem to correct, typically. */
  children?: ReactNode;
}

/** What an input, a textarea or a select takes from its field's props. */
function controlAttributes(props: ControlProps) {
  return {
    'data-testid': props.testId,
    value: props.value,
    'aria-invalid': props.invalid ? true : undefined,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
      props.onChange(event.target.value),
  };
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
  return <TextField {...props} type="password" inputMode="numeric" pattern={PIN_PATTERN} required />;
}

/** The input attributes a text field may set, beyond its value. */
type InputOptions = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'inputMode' | 'pattern' | 'required' | 'maxLength' | 'autoComplete' | 'autoFocus'
>;

/** A labelled single-line input. */
export function TextField(props: ControlProps & InputOptions) {
  const { label, value, onChange, testId, invalid, className, children, ...input } = props;
  return (
    <Field label={label} className={className}>
      <input
        className="input"
        {...controlAttributes({ label, value, onChange, testId, invalid })}
        {...input}
      />
      {children}
    </Field>
  );
}

/** A labelled multi-line input. */
export function TextAreaField(props: ControlProps & { rows: number; maxLength?: number }) {
  return (
    <Field label={props.label} className={props.className}>
      <textarea
        className="input input--multiline"
        rows={props.rows}
        maxLength={props.maxLength}
        {...controlAttributes(props)}
      />
      {props.children}
    </Field>
  );
}

/** One choice of a select; `id` keys it when its value may not (taxonomy items). */
export interface SelectOption {
  value: string;
  label: string;
  id?: string | number;
}

/** A labelled select; `placeholder` is a first, empty choice ("any", "choose…"). */
export function SelectField(
  props: ControlProps & { options: readonly SelectOption[]; placeholder?: string },
) {
  return (
    <Field label={props.label} className={props.className}>
      <select className="input" {...controlAttributes(props)}>
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((option) => (
          <option key={option.id ?? option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {props.children}
    </Field>
  );
}

/**
 * The taxonomy's categories as a select. A retired category stays listed when it is the current
 * value, so amending an old entry never silently changes what it was filed under.
 */
export function CategorySelect(
  props: ControlProps & { items: readonly TaxonomyItem[] | undefined; placeholder?: string },
) {
  const { items, ...field } = props;
  const options = (items ?? [])
    .filter((item) => item.active || item.label === props.value)
    .map((item) => ({ id: item.id, value: item.label, label: item.label }));
  return <SelectField {...field} options={options} />;
}

/** The entry status, in the contract's order, with its French label. */
export function StatusSelect(props: {
  label: string;
  value: EntryStatus;
  onChange(value: EntryStatus): void;
  testId?: string;
}) {
  const t = useLogbookT();
  const options = EntryStatusSchema.options.map((status) => ({
    value: status,
    label: t(`status.${status}`),
  }));
  return (
    <SelectField
      {...props}
      options={options}
      onChange={(value) => props.onChange(EntryStatusSchema.parse(value))}
    />
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

/**
 * A form in a card that the controller submits. The browser's own checks are off: the
 * controller checks as the core does, and the form says what to correct.
 */
export function CardForm(props: { testId: string; onSubmit(): void; children: ReactNode }) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form className="lb-form lb-card" data-testid={props.testId} onSubmit={submit} noValidate>
      {props.children}
    </form>
  );
}

/** A form's submit button, disabled while it saves, and the button that gives up. */
export function SubmitCancel(props: {
  submit: string;
  submitTestId: string;
  saving: boolean;
  cancel: string;
  cancelTestId?: string;
  onCancel: () => void;
}) {
  return (
    <div className="lb-actions">
      <button className="button button--primary" data-testid={props.submitTestId} disabled={props.saving}>
        {props.submit}
      </button>
      <button
        type="button"
        className="button button--ghost"
        data-testid={props.cancelTestId}
        onClick={props.onCancel}
      >
        {props.cancel}
      </button>
    </div>
  );
}
