import { describe, expect, it } from 'vitest';
import type { CameraSummary, EntryView } from '../../../src-shared/contract';
import {
  addCamera,
  amendFormFor,
  blankEntryForm,
  checkAmendForm,
  checkEntryForm,
  consignesFromForm,
  EMPTY_FILTER_FORM,
  entryFormFromDraft,
  filterFromForm,
  findCamera,
  fromLocalInput,
  isFormTouched,
  parseCameraList,
  toLocalInput,
} from '../../../src-renderer/logbook/entry-form';
import { cameraSummary } from '../../support/wall-fixtures';
import { CAMERA_FAULT_CATEGORY } from '../../../src-shared/contract';
import { describeCameraFault } from '../../../src-renderer/shared/i18n/camera-fault';
import { initI18n } from '../../../src-renderer/shared/i18n/i18n';

const camera = (number: number, name: string, commune: string): CameraSummary =>
  cameraSummary(number, name, { commune });
const CAMERAS = [camera(12, 'Place de la Mairie', 'Vigieville'), camera(13, 'Gare routière', 'Portville')];

const entry: EntryView = {
  id: 7,
  observedAt: new Date(2025, 2, 1, 14, 5).toISOString(),
  writtenAt: new Date(2025, 2, 1, 14, 7).toISOString(),
  category: 'rixe',
  commune: 'Vigieville',
  street: 'rue de la Gare',
  place: 'Parvis',
  cameras: [12],
  description: 'Deux individus se battent',
  actions: ['police municipale'],
  status: 'en cours',
  author: { id: 1, badge: 'A1', name: 'Ada' },
  workstation: 'poste-1',
  shiftId: 1,
  source: 'manual',
  amendmentCount: 0,
  followUpCount: 0,
  updatedAt: new Date(2025, 2, 1, 14, 7).toISOString(),
};

describe('entry form', () => {
  it('edits times as JJ/MM/AAAA HH:MM local text, whatever the browser locale, and sends UTC instants', () => {
    const date = new Date(2025, 2, 30, 2, 30);
    expect(toLocalInput(date)).toBe('30/03/2025 02:30');
    expect(fromLocalInput('01/03/2025 14:05')).toBe(new Date(2025, 2, 1, 14, 5).toISOString());
    expect(fromLocalInput('1/3/2025 9:05')).toBe(new Date(2025, 2, 1, 9, 5).toISOString());
    expect(fromLocalInput('01/03/2025 14h05')).toBe(new Date(2025, 2, 1, 14, 5).toISOString());
    expect(fromLocalInput('01/03/2025 14:05:30')).toBe(new Date(2025, 2, 1, 14, 5, 30).toISOString());
    // A pasted ISO value still reads.
    expect(fromLocalInput('2025-03-01T14:05')).toBe(new Date(2025, 2, 1, 14, 5).toISOString());
    for (const bad of [
      '',
      '30/02/2025 10:00',
      '01/13/2025 10:00',
      '01/03/2025 25:00',
      '03/01/2025',
      '2025-03-01',
    ]) {
      expect(fromLocalInput(bad), bad).toBeNull();
    }
    // Month first (US order) is not read as such: 03/01 is the 3rd of January.
    expect(fromLocalInput('03/01/2025 14:05')).toBe(new Date(2025, 0, 3, 14, 5).toISOString());
  });

  it('starts observed "now", with a clientRef of its own', () => {
    const now = new Date(2025, 2, 1, 14, 5, 42);
    const form = blankEntryForm(now, 'ref-0001');
    expect(form).toMatchObject({ observedAt: '01/03/2025 14:05', status: 'en cours', clientRef: 'ref-0001' });
    expect(isFormTouched(form)).toBe(false);
    expect(isFormTouched({ ...form, description: 'x' })).toBe(true);
  });

  it('says what is missing, and builds the draft the core takes', () => {
    const now = new Date(2025, 2, 1, 15, 0);
    const form = blankEntryForm(now, 'ref-0001');
    expect(checkEntryForm({ ...form, description: '   ' }, now)).toEqual({
      ok: false,
      problems: { category: 'category', description: 'description' },
    });
    expect(
      checkEntryForm({ ...form, observedAt: '2025-03-01T16:00', category: 'rixe', description: 'x' }, now),
    ).toMatchObject({ ok: false, problems: { observedAt: 'future' } });
    const checked = checkEntryForm(
      { ...form, category: 'rixe', commune: ' Vigieville ', description: '  Rixe  ', cameras: [12] },
      now,
    );
    expect(checked).toEqual({
      ok: true,
      draft: {
        observedAt: new Date(2025, 2, 1, 15, 0).toISOString(),
        category: 'rixe',
        commune: 'Vigieville',
        street: '',
        place: '',
        cameras: [12],
        description: 'Rixe',
        actions: [],
        status: 'en cours',
        clientRef: 'ref-0001',
      },
    });
  });

  it('fills the commune from the first camera picked, and finds cameras by number or name', () => {
    const form = blankEntryForm(new Date(), 'ref-0001');
    const first = addCamera(form, CAMERAS[0]!);
    expect(first).toMatchObject({ cameras: [12], commune: 'Vigieville' });
    expect(addCamera(first, CAMERAS[1]!)).toMatchObject({ cameras: [12, 13], commune: 'Vigieville' });
    expect(addCamera(first, CAMERAS[0]!)).toBe(first);
    expect(findCamera(CAMERAS, '13 — Gare routière')?.id).toBe('cam-13');
    expect(findCamera(CAMERAS, 'mairie')?.id).toBe('cam-12');
    expect(findCamera(CAMERAS, 'a')).toBeNull();
    expect(findCamera(CAMERAS, '99')).toBeNull();
  });

  it('pre-fills "log this" drafts with the camera, its commune and place, and the time', () => {
    const form = entryFormFromDraft(
      {
        observedAt: new Date(2025, 2, 1, 14, 5).toISOString(),
        cameras: [12],
        commune: 'Vigieville',
        place: 'Place de la Mairie',
        cameraId: 'cam-012',
        draftId: 'draft-0001',
      },
      'ref-0002',
    );
    expect(form).toMatchObject({
      observedAt: '01/03/2025 14:05',
      cameras: [12],
      commune: 'Vigieville',
      place: 'Place de la Mairie',
      description: '',
      clientRef: 'ref-0002',
    });
  });

  it('files a "panne caméra" draft under the camera-fault category, observed when the outage began', () => {
    const i18n = initI18n();
    const draft = {
      observedAt: new Date(2025, 2, 1, 14, 5).toISOString(),
      cameras: [12],
      commune: 'Vigieville',
      place: 'Place de la Mairie',
      cameraId: 'cam-012',
      draftId: 'draft-0003',
      fault: {
        since: new Date(2025, 2, 1, 13, 50).toISOString(),
        reason: 'credentials' as const,
        stream: 'sub' as const,
      },
    };
    const text = describeCameraFault(i18n.t, draft.fault, { number: 12, place: draft.place });
    expect(text).toBe(
      'Caméra n° 12 (Place de la Mairie) hors service depuis le 01/03/2025 13:50 : identifiants refusés (flux secondaire).',
    );
    expect(entryFormFromDraft(draft, 'ref-0003', text)).toMatchObject({
      observedAt: '01/03/2025 13:50',
      category: CAMERA_FAULT_CATEGORY,
      description: text,
      cameras: [12],
    });
    // Back up by the time the operator clicked: the entry says "signalée", the time is the click's.
    const recovered = { ...draft, fault: { ...draft.fault, reason: null } };
    const says = describeCameraFault(i18n.t, recovered.fault, { number: 12, place: draft.place });
    expect(says).toBe('Caméra n° 12 (Place de la Mairie) signalée en panne.');
    expect(entryFormFromDraft(recovered, 'ref-0004', says).observedAt).toBe('01/03/2025 14:05');
  });

  it('puts only what changed in an amendment, with its reason', () => {
    const form = amendFormFor(entry);
    expect(checkAmendForm(form, entry)).toEqual({ ok: false, problem: 'reason' });
    expect(checkAmendForm({ ...form, reason: 'relu' }, entry)).toEqual({ ok: false, problem: 'noChange' });
    expect(checkAmendForm({ ...form, reason: 'relu', cameras: '12, x' }, entry)).toEqual({
      ok: false,
      problem: 'cameras',
    });
    expect(
      checkAmendForm(
        { ...form, reason: ' précision ', place: 'Parvis nord', cameras: '12 13', actions: [] },
        entry,
      ),
    ).toEqual({
      ok: true,
      reason: 'précision',
      changes: { place: 'Parvis nord', cameras: [12, 13], actions: [] },
    });
    expect(parseCameraList('12, 13;14 12')).toEqual([12, 13, 14]);
  });

  it('turns the search form into the contract filter, leaving out what is empty', () => {
    expect(filterFromForm(EMPTY_FILTER_FORM)).toEqual({});
    expect(
      filterFromForm({
        text: ' scooter ',
        category: 'rixe',
        commune: 'Vigieville',
        camera: '12',
        operatorBadge: 'A1',
        statuses: ['en cours'],
        from: '2025-03-01T00:00',
        to: 'nope',
      }),
    ).toEqual({
      text: 'scooter',
      categories: ['rixe'],
      commune: 'Vigieville',
      camera: 12,
      operatorBadge: 'A1',
      statuses: ['en cours'],
      from: new Date(2025, 2, 1).toISOString(),
    });
  });

  it('reads consignes, skipping blank rows and refusing a consigne without text', () => {
    expect(
      consignesFromForm([
        { text: 'Surveiller la gare', expires: '' },
        { text: '', expires: '' },
        { text: 'Rondes parking', expires: '2025-03-02T06:00' },
      ]),
    ).toEqual([
      { text: 'Surveiller la gare', expiresAt: null },
      { text: 'Rondes parking', expiresAt: new Date(2025, 2, 2, 6, 0).toISOString() },
    ]);
    expect(consignesFromForm([{ text: '', expires: '2025-03-02T06:00' }])).toBeNull();
  });
});
