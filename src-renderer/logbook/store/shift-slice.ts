import type { Handover, Shift, ShiftCurrent, ShiftReport } from '../../../src-shared/contract';
import type { ConsigneForm } from '../entry-form';
import type { UiError } from '../logbook-client';
import type { LogbookSliceCreator } from './logbook-store-types';

/** The handover the outgoing operator is writing. */
export interface HandoverForm {
  note: string;
  consignes: ConsigneForm[];
  saving: boolean;
  error: UiError | null;
  problem: 'emptyConsigne' | null;
}

/**
 * The workstation's shift: what is open, the handover being written (kept in the store, so a
 * lock or a failed write never loses it), the handover waiting for the incoming operator, the
 * acknowledgement just recorded, and the shift report on screen.
 */
export interface ShiftSlice {
  shiftCurrent: ShiftCurrent | null;
  shiftBusy: boolean;
  shiftError: UiError | null;
  handoverForm: HandoverForm | null;
  /** The handover this window just wrote (shown until the next operator logs in). */
  writtenHandover: Handover | null;
  /** The handover this window's operator just acknowledged, with its acknowledgement. */
  acknowledgedHandover: Handover | null;
  ackRemark: string;
  report: ShiftReport | null;
  recentShifts: Shift[];
  setShiftCurrent: (current: ShiftCurrent | null) => void;
  setShiftStatus: (busy: boolean, error?: UiError | null) => void;
  startHandover: () => void;
  editHandover: (patch: Partial<Pick<HandoverForm, 'note'>>) => void;
  addConsigne: () => void;
  editConsigne: (index: number, patch: Partial<ConsigneForm>) => void;
  removeConsigne: (index: number) => void;
  setHandoverState: (patch: Partial<Pick<HandoverForm, 'saving' | 'error' | 'problem'>>) => void;
  cancelHandover: () => void;
  handoverWritten: (handover: Handover) => void;
  setAckRemark: (remark: string) => void;
  handoverAcknowledged: (handover: Handover) => void;
  setReport: (report: ShiftReport | null) => void;
  setRecentShifts: (shifts: Shift[]) => void;
  /** Forgets what belonged to the previous operator's screen (another operator logged in). */
  resetShiftView: () => void;
}

const blankConsigne = (): ConsigneForm => ({ text: '', expires: '' });

/** Creates the shift slice. */
export const createShiftSlice: LogbookSliceCreator<ShiftSlice> = (set) => {
  const editForm = (change: (form: HandoverForm) => Partial<HandoverForm>) =>
    set((state) =>
      state.handoverForm ? { handoverForm: { ...state.handoverForm, ...change(state.handoverForm) } } : {},
    );
  return {
    shiftCurrent: null,
    shiftBusy: false,
    shiftError: null,
    handoverForm: null,
    writtenHandover: null,
    acknowledgedHandover: null,
    ackRemark: '',
    report: null,
    recentShifts: [],
    setShiftCurrent: (shiftCurrent) => set({ shiftCurrent }),
    setShiftStatus: (shiftBusy, shiftError = null) => set({ shiftBusy, shiftError }),
    startHandover: () =>
      set((state) => ({
        handoverForm: state.handoverForm ?? {
          note: '',
          consignes: [],
          saving: false,
          error: null,
          problem: null,
        },
      })),
    editHandover: (patch) => editForm(() => ({ ...patch, problem: null })),
    addConsigne: () => editForm((form) => ({ consignes: [...form.consignes, blankConsigne()] })),
    editConsigne: (index, patch) =>
      editForm((form) => ({
        consignes: form.consignes.map((consigne, i) => (i === index ? { ...consigne, ...patch } : consigne)),
        problem: null,
      })),
    removeConsigne: (index) =>
      editForm((form) => ({ consignes: form.consignes.filter((_, i) => i !== index) })),
    setHandoverState: (patch) => editForm(() => patch),
    cancelHandover: () => set({ handoverForm: null }),
    handoverWritten: (writtenHandover) => set({ writtenHandover, handoverForm: null }),
    setAckRemark: (ackRemark) => set({ ackRemark }),
    handoverAcknowledged: (acknowledgedHandover) => set({ acknowledgedHandover, ackRemark: '' }),
    setReport: (report) => set({ report }),
    setRecentShifts: (recentShifts) => set({ recentShifts }),
    resetShiftView: () =>
      set({
        shiftCurrent: null,
        shiftError: null,
        writtenHandover: null,
        acknowledgedHandover: null,
        ackRemark: '',
        report: null,
      }),
  };
};
