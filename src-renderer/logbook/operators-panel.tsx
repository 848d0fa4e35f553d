import type { FormEvent } from 'react';
import { OperatorRoleSchema } from '../../src-shared/contract';
import { useSharedT } from '../shared/i18n/i18n';
import { ErrorMessage } from './error-message';
import { PinField, SelectField, TextField } from './form-fields';
import { selectIsAdmin } from './store/logbook-selectors';
import { useController, useLogbook, useLogbookActions, useLogbookT } from './use-logbook';

/** The workstation's accounts; an admin creates operators here (IT can also use the CLI). */
export function OperatorsPanel() {
  const t = useLogbookT();
  const shared = useSharedT();
  const controller = useController();
  const { editOperatorDraft } = useLogbookActions();
  const operators = useLogbook((state) => state.operators);
  const draft = useLogbook((state) => state.operatorDraft);
  const isAdmin = useLogbook(selectIsAdmin);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void controller.operators.add();
  };
  return (
    <section className="lb-panel" data-testid="operators-panel">
      <h2 className="lb-section-title">{t('operators.title')}</h2>
      <table className="lb-table lb-table--compact">
        <thead>
          <tr>
            <th>{t('operators.name')}</th>
            <th>{t('operators.badge')}</th>
            <th>{t('operators.role')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {operators.map((operator) => (
            <tr key={operator.id} data-testid="operator-row" data-badge={operator.badge}>
              <td>{operator.name}</td>
              <td className="lb-mono">{operator.badge}</td>
              <td>{shared(`roles.${operator.role}`)}</td>
              <td>{operator.active ? t('operators.active') : t('operators.inactive')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin ? (
        <form className="lb-form lb-card" data-testid="operator-form" onSubmit={submit}>
          <h3 className="lb-subtitle">{t('operators.add')}</h3>
          <div className="lb-grid-2">
            <TextField
              label={t('operators.name')}
              testId="operator-name"
              value={draft.name}
              required
              maxLength={100}
              autoComplete="off"
              onChange={(name) => editOperatorDraft({ name })}
            />
            <TextField
              label={t('operators.badge')}
              testId="operator-badge"
              value={draft.badge}
              required
              maxLength={32}
              autoComplete="off"
              onChange={(badge) => editOperatorDraft({ badge })}
            />
            <SelectField
              label={t('operators.role')}
              testId="operator-role"
              value={draft.role}
              options={OperatorRoleSchema.options.map((role) => ({
                value: role,
                label: shared(`roles.${role}`),
              }))}
              onChange={(role) => editOperatorDraft({ role: OperatorRoleSchema.parse(role) })}
            />
            <PinField
              label={t('operators.pin')}
              testId="operator-pin"
              autoComplete="new-password"
              value={draft.pin}
              onChange={(pin) => editOperatorDraft({ pin })}
            />
          </div>
          <ErrorMessage error={draft.error} testId="operator-error" />
          <button className="button button--primary" data-testid="operator-submit" disabled={draft.saving}>
            {t('operators.submit')}
          </button>
        </form>
      ) : (
        <p className="lb-muted">{t('operators.adminOnly')}</p>
      )}
    </section>
  );
}
