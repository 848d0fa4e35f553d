/**
 * The main courante's part of the contract (operators, sessions, shifts, entries, exports).
 * Re-exported by contract.ts, which stays the one module both sides import.
 */
export const LogbookApiMethods = {} as const;
