import { AdmissionReservationRepository } from '../../../libs/db';
import { LANES, useLane } from './lanes';

describe.each(LANES)('AdmissionReservationRepository on %s', (lane) => {
  const db = useLane(lane);
  let reservations: AdmissionReservationRepository;
  beforeAll(() => {
    reservations = new AdmissionReservationRepository(db());
  });

  it('lets exactly one of concurrent inserts for a person win', async () => {
    const tries = ['org-a', 'org-b', 'org-c'].map((org) =>
      reservations.insert({ personId: 'p-1', caseId: `admission:${org}:p-1`, token: `tok-${org}` }),
    );
    const won = (await Promise.all(tries)).filter((r) => r !== null);
    expect(won).toHaveLength(1);
    const held = await reservations.get('p-1');
    expect(held).toMatchObject({ personId: 'p-1', caseId: won[0]!.caseId, token: won[0]!.token });
    expect(held!.reservedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
  });

  it('takes a reservation over only with the token read, once', async () => {
    await reservations.insert({ personId: 'p-2', caseId: 'admission:org-a:p-2', token: 'old' });
    const next = (org: string) => ({ caseId: `admission:${org}:p-2`, token: `new-${org}` });
    const [b, c] = await Promise.all([
      reservations.takeOver('p-2', 'old', next('org-b')),
      reservations.takeOver('p-2', 'old', next('org-c')),
    ]);
    expect([b, c].filter((r) => r !== null)).toHaveLength(1);
    expect(await reservations.takeOver('p-2', 'old', next('org-d'))).toBeNull();
    expect((await reservations.get('p-2'))!.token).toBe((b ?? c)!.token);
  });

  it("releases only the caller's own reservation", async () => {
    await reservations.insert({ personId: 'p-3', caseId: 'admission:org-a:p-3', token: 'mine' });
    expect(await reservations.release('p-3', 'someone-else')).toBe(false);
    expect(await reservations.get('p-3')).not.toBeNull();
    expect(await reservations.release('p-3', 'mine')).toBe(true);
    expect(await reservations.get('p-3')).toBeNull();
  });
});
