/**
 * The checks that span several fields of a config (duplicate ids and numbers, demo clashes,
 * displays configured twice, layouts naming unknown cameras). They read the config loosely, so
 * they run on a file that the schema refuses too: metro IT then gets every problem of the file
 * in one pass, not the duplicates only once the typos are fixed.
 */

/** One cross-field problem: where (a zod-style path) and what. */
export interface CrossProblem {
  path: (string | number)[];
  message: string;
}

/** The demo fleet's first number when the config does not set it (as in the schema). */
export const DEFAULT_DEMO_FIRST_NUMBER = 1;

const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const integer = (value: unknown): number | null => (Number.isInteger(value) ? (value as number) : null);

function cameraProblems(cameras: unknown[], problems: CrossProblem[]) {
  const ids = new Map<string, number>();
  const numbers = new Map<number, number>();
  cameras.forEach((entry, index) => {
    const camera = record(entry);
    const id = typeof camera?.id === 'string' ? camera.id : null;
    const number = integer(camera?.number);
    const seenId = id === null ? undefined : ids.get(id);
    if (id !== null && seenId !== undefined)
      problems.push({
        path: ['cameras', index, 'id'],
        message: `duplicate camera id "${id}" (also cameras[${seenId}])`,
      });
    if (id !== null) ids.set(id, index);
    const seenNumber = number === null ? undefined : numbers.get(number);
    if (number !== null && seenNumber !== undefined)
      problems.push({
        path: ['cameras', index, 'number'],
        message: `duplicate camera number ${number} (also cameras[${seenNumber}])`,
      });
    if (number !== null) numbers.set(number, index);
  });
  return { ids, numbers };
}

function demoProblems(
  demo: Record<string, unknown> | null,
  taken: { ids: Map<string, number>; numbers: Map<number, number> },
  problems: CrossProblem[],
): string[] {
  const count = Math.min(integer(demo?.count) ?? 0, 256);
  const first = integer(demo?.firstNumber) ?? DEFAULT_DEMO_FIRST_NUMBER;
  const demoIds: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const id = `demo-${i}`;
    const number = first + i - 1;
    demoIds.push(id);
    const clashId = taken.ids.get(id);
    if (clashId !== undefined)
      problems.push({ path: ['cameras', clashId, 'id'], message: `"${id}" is reserved for the demo fleet` });
    const clashNumber = taken.numbers.get(number);
    if (clashNumber !== undefined)
      problems.push({
        path: ['cameras', clashNumber, 'number'],
        message: `number ${number} is taken by demo camera ${id} (set demo.firstNumber)`,
      });
  }
  return demoIds;
}

function workstationProblems(workstations: unknown, known: Set<string>, problems: CrossProblem[]) {
  for (const [name, entry] of Object.entries(record(workstations) ?? {})) {
    const seenDisplays = new Set<number>();
    list(record(entry)?.displays).forEach((displayEntry, displayIndex) => {
      const display = record(displayEntry);
      const base = ['workstations', name, 'displays', displayIndex];
      const number = integer(display?.display);
      if (number !== null && seenDisplays.has(number))
        problems.push({ path: [...base, 'display'], message: `display ${number} is configured twice` });
      if (number !== null) seenDisplays.add(number);
      list(record(display?.layout)?.tiles).forEach((tile, tileIndex) => {
        if (typeof tile === 'string' && !known.has(tile))
          problems.push({
            path: [...base, 'layout', 'tiles', tileIndex],
            message: `unknown camera id "${tile}"`,
          });
      });
    });
  }
}

/** Every cross-field problem of a config, parsed or not (fields of the wrong type are skipped). */
export function crossCheckConfig(data: unknown): CrossProblem[] {
  const config = record(data);
  const problems: CrossProblem[] = [];
  const taken = cameraProblems(list(config?.cameras), problems);
  const demoIds = demoProblems(record(config?.demo), taken, problems);
  workstationProblems(config?.workstations, new Set([...taken.ids.keys(), ...demoIds]), problems);
  return problems;
}
