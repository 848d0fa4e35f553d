import i18next from 'i18next';

/**
 * Who is burnt into a snapshot's caption: the operator logged in at this workstation (the core
 * holds the session), else an explicit "not logged in" — never a blank that could be misread.
 */
export function operatorName(
  status: { state: string; operator: { name: string; badge: string } | null } | null,
): string {
  if (status?.state === 'active' && status.operator)
    return `${status.operator.name} (${status.operator.badge})`;
  return i18next.t('snapshot.operatorPlaceholder');
}
