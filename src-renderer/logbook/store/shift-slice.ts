import type { ConsigneForm } from '../entry-form';
import type { HandoverForm, LogbookSliceCreator, ShiftSlice } from './logbook-store-types';

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
    roomShifts: null,
    roomShiftsError: null,
    roomAckRemarks: {},
    setShiftCurrent: (shiftCurrent) => set({ shiftCurrent }),
    setRoomShifts: (roomShifts, roomShiftsError = null) => set({ roomShifts, roomShiftsError }),
    setRoomAckRemark: (key, remark) =>
      set((state) => ({ roomAckRemarks: { ...state.roomAckRemarks, [key]: remark } })),
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
        roomShifts: null,
        roomShiftsError: null,
        roomAckRemarks: {},
      }),
  };
};
