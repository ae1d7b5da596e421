import {
  checkContactChangeActor,
  checkContactChangeStage,
  checkContactsChanged,
  type ActorRef,
} from '../../../libs/domain';

const ORG_PATH = ['org-br', 'org-gb', 'org-oc', 'org-wc'];
const actor = (roles: ActorRef['roles'], adminOrgIds: string[] = []): ActorRef => ({
  userId: 'u-1',
  roles,
  adminOrgIds,
});

describe('changing cultivation contacts (RULES §E step 5: contact leaves → reassign)', () => {
  it.each([
    ['E5', true, 'CONTACT_CHANGE_STAGE_NOT_ALLOWED'],
    ['E6', false, 'CONTACT_CHANGE_STAGE_NOT_ALLOWED'],
    ['E6', true, null],
    ['E7', true, null],
    ['E8', true, 'CONTACT_CHANGE_STAGE_NOT_ALLOWED'],
    ['E12', true, 'CONTACT_CHANGE_STAGE_NOT_ALLOWED'],
  ])('at %s with contacts assigned %s → %s', (stage, assigned, code) => {
    const v = checkContactChangeStage(stage, assigned);
    expect(v?.code ?? null).toBe(code);
    if (v) expect(v).toMatchObject({ kind: 'conflict', numbers: { stage, from: 6, to: 7 } });
  });

  it('lets the branch submitter and administrators over the branch change them, nobody else', () => {
    expect(checkContactChangeActor(actor([{ role: 'submitter', at: 'org-br' }]), ORG_PATH)).toBeNull();
    expect(checkContactChangeActor(actor([], ['org-oc']), ORG_PATH)).toBeNull();
    for (const other of [
      actor([{ role: 'approver', at: 'org-br' }]),
      actor([{ role: 'submitter', at: 'org-oc' }]),
      actor([], ['org-other']),
    ]) {
      expect(checkContactChangeActor(other, ORG_PATH)).toMatchObject({
        code: 'NOT_AUTHORIZED_FOR_CONTACT_CHANGE',
        kind: 'forbidden',
        numbers: { orgId: 'org-br' },
      });
    }
  });

  it('refuses the same contacts in any order, accepts any other set', () => {
    expect(checkContactsChanged(['a', 'b'], ['b', 'a'])).toMatchObject({
      code: 'CONTACTS_UNCHANGED',
      kind: 'invalid',
      numbers: { field: 'contactIds' },
    });
    expect(checkContactsChanged(['a', 'b'], ['a'])).toBeNull();
    expect(checkContactsChanged(['a'], ['a', 'c'])).toBeNull();
    expect(checkContactsChanged(['a', 'b'], ['a', 'c'])).toBeNull();
  });
});
