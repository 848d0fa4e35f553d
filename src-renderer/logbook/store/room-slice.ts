import type { LogbookSliceCreator, RoomSlice } from './logbook-store-types';

/** Creates the room slice: unknown until the core answers `room.status`. */
export const createRoomSlice: LogbookSliceCreator<RoomSlice> = (set) => ({
  room: null,
  seatFilter: '',
  knownSeats: [],
  setRoom: (room) => set({ room }),
  noteSeats: (entries) =>
    set((state) => {
      const seats = new Set(state.knownSeats);
      for (const entry of entries) if (entry.seat) seats.add(entry.seat);
      return seats.size === state.knownSeats.length ? {} : { knownSeats: [...seats].sort() };
    }),
  setSeatFilter: (seatFilter) => set({ seatFilter }),
});
