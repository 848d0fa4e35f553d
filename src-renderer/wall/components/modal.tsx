import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A dialog over the wall. The wall's shortcuts pause while it is open (Esc closes it), and the
 * first field takes the focus so the keyboard goes where the operator is looking.
 */
export function Modal({
  title,
  testId,
  children,
  onClose,
  wide,
}: {
  title: string;
  testId: string;
  children: ReactNode;
  onClose: () => void;
  wide?: boolean;
}) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = panel.current;
    const first =
      root?.querySelector<HTMLElement>('input, select, textarea') ??
      root?.querySelector<HTMLElement>('button');
    first?.focus({ preventScroll: true });
  }, []);
  return (
    <div
      className="dialog"
      role="presentation"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div
        ref={panel}
        className={`dialog__panel${wide ? ' dialog__panel--wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
      >
        <h2 className="dialog__title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
