import type { Client } from '@temporalio/client';
import request from 'supertest';
import { AuditRepository, DEMO_IDS, InboxRepository } from '../../../libs/db';
import { getPolicy } from '../../../libs/domain';
import { createTestApp, unusedTemporalClient, type TestApp } from './api-test-app';

jest.setTimeout(60_000);

const U = DEMO_IDS.users;

/** The API refuses what would grow a case past its bounds before sending the update (issue 8 §2). */
describe('case bounds on the decision route (recording stub for executeUpdate only)', () => {
  let t: TestApp;
  let token: string;
  const updates: unknown[] = [];
  const caseId = 'establishment:org-loop';
  const taskId = `${caseId}/C2/21`;
  const path = `/api/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(taskId)}/decision`;
  const max = getPolicy().caseBounds.maxReturnsPerStep;

  beforeAll(async () => {
    const client = unusedTemporalClient() as unknown as { workflow: Record<string, unknown> };
    client.workflow.getHandle = () => ({
      executeUpdate: async (_def: unknown, opts: { args: unknown[] }) => {
        updates.push(opts.args[0]);
        return { taskId, outcome: 'approve', caseStatus: 'active', stage: 'C3', nextTaskIds: [] };
      },
    });
    t = await createTestApp({}, client as unknown as Client);
    await new InboxRepository(t.database).upsertTask({
      taskId,
      caseId,
      procedure: 'establishment',
      orgId: 'org-loop',
      orgPath: ['org-loop', DEMO_IDS.orgs.eduOrganCommittee, DEMO_IDS.orgs.workCommittee],
      caseTitle: 't',
      step: 'C2',
      kind: 'approval',
      title: '党组研究决定',
      titleEn: 'Party group decision',
      assignedBodyId: DEMO_IDS.partyGroups.edu,
      assigneeUserIds: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      dueAt: null,
      status: 'open',
      outcome: null,
      decidedBy: null,
      decidedAt: null,
      comment: null,
      remindedAt: null,
      escalatedToBodyId: null,
      escalatedAt: null,
    });
    // the step was returned `max` times already (each return sent the request back through C2)
    const audit = new AuditRepository(t.database);
    for (let n = 1; n <= max; n++) {
      await audit.append({
        dedupeKey: `${caseId}:return:${n}`,
        caseId,
        procedure: 'establishment',
        orgId: 'org-loop',
        step: 'C2',
        event: 'task.decided',
        actorId: U.eduPartyGroupApprover,
        outcome: 'return',
        comment: `退回修改 ${n}`,
        at: `2026-01-02T00:00:${String(n).padStart(2, '0')}.000Z`,
      });
    }
    const res = await request(t.app.getHttpServer())
      .post('/api/auth/dev-token')
      .send({ userId: U.eduPartyGroupApprover })
      .expect(200);
    token = `Bearer ${res.body.accessToken as string}`;
  });
  afterAll(() => t.close());

  it('refuses one more return with 422 naming the cap and its numbers, and lets the approver decide', async () => {
    const res = await request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', token)
      .send({ outcome: 'return', comment: '再退回' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'RETURN_LOOP_CAP_REACHED',
      rule: 'RULES §G (caseBounds)',
      numbers: { step: 'C2', returns: max, maxReturnsPerStep: max },
    });
    expect(updates).toHaveLength(0);
    await request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', token)
      .send({ outcome: 'approve' })
      .expect(200);
    expect(updates).toHaveLength(1);
  });

  it('refuses a payload over the size limit with 400 naming the field', async () => {
    const maxBytes = getPolicy().caseBounds.maxStepPayloadBytes;
    const res = await request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', token)
      .send({ outcome: 'approve', payload: { note: 'x'.repeat(maxBytes) } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'STEP_PAYLOAD_TOO_LARGE',
      numbers: { field: 'payload', step: 'C2', maxStepPayloadBytes: maxBytes },
    });
  });
});
