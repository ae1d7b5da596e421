import { createHash } from 'node:crypto';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import request from 'supertest';
import type { CaseState, TimelineEntry } from '../../../libs/contracts';
import { DEMO_IDS } from '../../../libs/db';
import { createTestApp, unusedTemporalClient, type TestApp } from './api-test-app';
import { docxBytes, ofdBytes, pdfBytes, pngBytes, zipBytes } from './attachment-fixtures';
import { openTaskFixture } from './task-fixture';

jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const CASE_ID = `admission:${O.budgetBranch}:p-att-01`;
const MAX_BYTES = 64 * 1024;

/** A development case at the upper committee's pre-review (E13), the budget branch under the finance organ committee. */
function admissionState(): CaseState {
  const opened: TimelineEntry = {
    at: '2026-01-01T00:00:00.000Z',
    step: 'E13',
    event: 'task.opened',
    actorId: null,
    outcome: null,
    comment: null,
    detail: { taskId: `${CASE_ID}/E13/9`, assignedBodyId: O.financeOrganCommittee },
  };
  return {
    caseId: CASE_ID,
    procedure: 'admission',
    orgId: O.budgetBranch,
    orgPath: [O.budgetBranch, O.financeGeneralBranch, O.financeOrganCommittee, O.workCommittee],
    title: '发展党员：测试',
    submittedBy: DEMO_IDS.secretaries.budgetBranch,
    submittedAt: '2025-01-01T00:00:00.000Z',
    status: 'active',
    stage: 'E13',
    policyVersion: '2026.1',
    pendingTasks: [
      openTaskFixture({
        taskId: `${CASE_ID}/E13/9`,
        caseId: CASE_ID,
        orgId: O.budgetBranch,
        step: 'E13',
        kind: 'approval',
        assignedBodyId: O.financeOrganCommittee,
      }),
    ],
    timeline: [opened],
    closedAt: null,
    closeReason: null,
    data: {
      personId: 'p-att-01',
      dates: {},
      bodies: { upperCommitteeId: O.financeOrganCommittee, partyGroupBodyId: 'pg-finance' },
    },
  };
}

const CLOSED_ID = `admission:${O.budgetBranch}:p-att-closed`;

/** The same case after the archive step (RULES §E step 25): completed. */
function closedState(): CaseState {
  return { ...admissionState(), caseId: CLOSED_ID, status: 'completed', stage: 'E25', pendingTasks: [] };
}

/** Temporal stub answering the case-state query (the API's only Temporal call here). */
function stateClient(states: Map<string, CaseState>): Client {
  const client = unusedTemporalClient() as unknown as { workflow: Record<string, unknown> };
  client.workflow.getHandle = (workflowId: string) => ({
    query: async () => {
      const state = states.get(workflowId);
      if (!state) throw new Error(`no state for ${workflowId}`);
      return state;
    },
  });
  return client as unknown as Client;
}

describe('attachments API (real PGlite and disk storage, Temporal query stubbed)', () => {
  let t: TestApp;
  let dir: string;
  const tokens: Record<string, string> = {};
  const secretary = DEMO_IDS.secretaries.budgetBranch; // sees the case (submitter at the branch), not cleared for E10
  const upperApprover = DEMO_IDS.users.financeOrganCommitteeApprover; // approver at the upper committee
  const admin = DEMO_IDS.users.admin;
  const outsider = DEMO_IDS.users.eduPartyGroupApprover;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bf-att-'));
    t = await createTestApp(
      { ATTACHMENTS_DIR: dir, ATTACHMENT_MAX_BYTES: String(MAX_BYTES) },
      stateClient(
        new Map([
          [CASE_ID, admissionState()],
          [CLOSED_ID, closedState()],
        ]),
      ),
    );
    for (const userId of [secretary, upperApprover, admin, outsider]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const path = `/api/cases/${encodeURIComponent(CASE_ID)}/attachments`;
  const upload = (userId: string, step: string | null, bytes: Buffer, fileName: string, contentType: string) => {
    const req = request(t.app.getHttpServer()).post(path).set('Authorization', tokens[userId]!);
    if (step !== null) req.field('step', step);
    return req.attach('file', bytes, { filename: fileName, contentType });
  };
  const get = (userId: string, url: string) =>
    request(t.app.getHttpServer())
      .get(url)
      .set('Authorization', tokens[userId]!)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  it('stores a PDF with a Chinese file name, hashes it, lists it and returns it with an RFC 5987 name', async () => {
    const bytes = pdfBytes('入党申请书');
    const fileName = '入党申请书（张三）2026.pdf';
    const res = await upload(secretary, 'E1', bytes, fileName, 'application/pdf');
    expect(res.status).toBe(201);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(res.body).toMatchObject({
      caseId: CASE_ID,
      step: 'E1',
      fileName,
      contentType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256,
      uploadedBy: secretary,
    });
    // content-addressed on disk under the configured directory
    expect(await readFile(join(dir, 'sha256', sha256.slice(0, 2), sha256))).toEqual(bytes);

    const list = await request(t.app.getHttpServer()).get(path).set('Authorization', tokens[admin]!);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(res.body.id);

    const download = await get(admin, res.body.downloadUrl as string);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.body as Buffer, bytes)).toBe(0);
    const disposition = download.headers['content-disposition'] as string;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)![1]!;
    expect(decodeURIComponent(encoded)).toBe(fileName);
  });

  it('refuses a file over ATTACHMENT_MAX_BYTES with 413 naming the field and the limit', async () => {
    const big = Buffer.concat([pdfBytes('x'), Buffer.alloc(MAX_BYTES)]);
    const res = await upload(secretary, 'E2', big, 'talk.pdf', 'application/pdf');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', numbers: { field: 'file', maxBytes: MAX_BYTES } });
    expect(res.body.message).toContain(String(MAX_BYTES));
    const justUnder = Buffer.concat([pdfBytes('x'), Buffer.alloc(MAX_BYTES - pdfBytes('x').length)]);
    expect(justUnder.length).toBe(MAX_BYTES);
    expect((await upload(secretary, 'E2', justUnder, 'talk.pdf', 'application/pdf')).status).toBe(201);
  });

  it('checks the type by the leading bytes, not by the declared content type', async () => {
    const text = Buffer.from('not really a pdf');
    const fake = await upload(secretary, 'E3', text, 'fake.pdf', 'application/pdf');
    expect(fake.status).toBe(415);
    expect(fake.body).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', numbers: { field: 'file' } });

    const mismatch = await upload(secretary, 'E3', pngBytes(), 'photo.pdf', 'application/pdf');
    expect(mismatch.status).toBe(415);
    expect(mismatch.body).toMatchObject({
      code: 'ATTACHMENT_TYPE_MISMATCH',
      numbers: { declaredType: 'application/pdf', detectedType: 'image/png' },
    });

    const png = await upload(secretary, 'E3', pngBytes(), '推优材料.png', 'application/octet-stream');
    expect(png.status).toBe(201);
    expect(png.body.contentType).toBe('image/png');
    const docx = await upload(secretary, 'E12', docxBytes(), '审查报告.docx', 'application/octet-stream');
    expect(docx.body.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const ofd = await upload(secretary, 'E12', ofdBytes(), '预审意见.ofd', 'application/ofd');
    expect(ofd.body.contentType).toBe('application/ofd');
    const zip = await upload(secretary, 'E12', zipBytes(['notes.txt']), 'a.zip', 'application/zip');
    expect(zip.status).toBe(415);
  });

  it('names the field when step or file is missing or wrong', async () => {
    const noStep = await upload(secretary, null, pdfBytes('x'), 'a.pdf', 'application/pdf');
    expect(noStep.status).toBe(400);
    expect(noStep.body.issues.map((i: { path: string }) => i.path)).toContain('step');
    const badStep = await upload(secretary, 'E26', pdfBytes('x'), 'a.pdf', 'application/pdf');
    expect(badStep.status).toBe(400);
    expect(badStep.body).toMatchObject({ code: 'ATTACHMENT_STEP_INVALID', numbers: { field: 'step', max: 25 } });
    const noFile = await request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', tokens[secretary]!)
      .field('step', 'E1');
    expect(noFile.status).toBe(400);
    expect(noFile.body).toMatchObject({ code: 'ATTACHMENT_FILE_MISSING', numbers: { field: 'file' } });
    const empty = await upload(secretary, 'E1', Buffer.alloc(0), 'empty.pdf', 'application/pdf');
    expect(empty.status).toBe(400);
  });

  it('refuses upload, list and download to a user who may not see the case', async () => {
    const mine = await upload(secretary, 'E5', pdfBytes('contacts'), 'contacts.pdf', 'application/pdf');
    expect(mine.status).toBe(201);
    const up = await upload(outsider, 'E5', pdfBytes('x'), 'x.pdf', 'application/pdf');
    expect(up.status).toBe(403);
    expect(up.body.code).toBe('NOT_VISIBLE');
    expect((await request(t.app.getHttpServer()).get(path).set('Authorization', tokens[outsider]!)).status).toBe(403);
    const down = await get(outsider, mine.body.downloadUrl as string);
    expect(down.status).toBe(403);
    expect((await get(admin, '/api/attachments/att-missing')).status).toBe(404);
  });

  it('keeps political review evidence to administrators and the upper committee (RULES H-15)', async () => {
    const review = await upload(admin, 'E10', pdfBytes('政治审查结论'), '政审结论.pdf', 'application/pdf');
    expect(review.status).toBe(201);
    const forSecretary = await request(t.app.getHttpServer()).get(path).set('Authorization', tokens[secretary]!);
    expect(forSecretary.body.items.map((i: { id: string }) => i.id)).not.toContain(review.body.id);
    const refused = await get(secretary, review.body.downloadUrl as string);
    expect(refused.status).toBe(403);
    expect(JSON.parse((refused.body as Buffer).toString()).code).toBe('ATTACHMENT_RESTRICTED');
    expect((await get(upperApprover, review.body.downloadUrl as string)).status).toBe(200);
  });

  it("lets the case's organization and the body of the step's task upload, not every reader (403)", async () => {
    // the upper committee sees the case through its pre-review task (E13) and files evidence there
    const preReview = await upload(upperApprover, 'E13', pdfBytes('预审'), '预审意见.pdf', 'application/pdf');
    expect(preReview.status).toBe(201);
    // but a branch step is not its to document
    const talk = await upload(upperApprover, 'E5', pdfBytes('x'), 'contacts.pdf', 'application/pdf');
    expect(talk.status).toBe(403);
    expect(talk.body).toMatchObject({
      code: 'NOT_AUTHORIZED_FOR_ATTACHMENT',
      numbers: { caseId: CASE_ID, step: 'E5', orgId: O.budgetBranch },
    });
    expect(talk.body.messageEn).toContain('E5');
    // the branch (its submitter) documents any step, an administrator over the case too
    expect((await upload(secretary, 'E13', pdfBytes('y'), 'b.pdf', 'application/pdf')).status).toBe(201);
    expect((await upload(admin, 'E5', pdfBytes('z'), 'c.pdf', 'application/pdf')).status).toBe(201);
  });

  it('refuses uploads to a closed case (409 CASE_NOT_ACTIVE) except from administrators archiving it', async () => {
    const closedPath = `/api/cases/${encodeURIComponent(CLOSED_ID)}/attachments`;
    const send = (userId: string) =>
      request(t.app.getHttpServer())
        .post(closedPath)
        .set('Authorization', tokens[userId]!)
        .field('step', 'E25')
        .attach('file', pdfBytes('归档'), { filename: '归档清单.pdf', contentType: 'application/pdf' });
    const late = await send(secretary);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'CASE_NOT_ACTIVE', numbers: { caseId: CLOSED_ID, status: 'completed' } });
    const archived = await send(admin);
    expect(archived.status).toBe(201);
    expect(archived.body).toMatchObject({ caseId: CLOSED_ID, step: 'E25' });
  });
  /** Staged uploads left in the store: none shortly after every request has been answered. */
  const staged = async () => {
    let names: string[] = [];
    for (let i = 0; i < 40; i++) {
      names = await readdir(join(dir, '.staging')).catch(() => [] as string[]);
      if (names.length === 0) return names;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return names;
  };

  /** A multipart upload sent chunked (no Content-Length): step, then a PDF of `fileBytes` bytes. */
  async function chunkedUpload(userId: string, step: string, fileBytes: number) {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          authorization: tokens[userId]!,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          'transfer-encoding': 'chunked',
        },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      });
      req.on('error', reject);
      req.write(stepPart(step) + filePartHead);
      for (let sent = 0; sent < fileBytes; sent += 8192) req.write(Buffer.alloc(8192, 0x20));
      req.end(`\r\n--${BOUNDARY}--\r\n`);
    });
  }

  /**
   * A raw multipart POST that sends `head` of the body and then stalls, never finishing it: the answer arrives only if
   * the API decided without reading the rest.
   */
  async function stalledUpload(
    userId: string,
    head: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          authorization: tokens[userId]!,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          ...headers,
        },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        });
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.write(head);
    });
  }
  const BOUNDARY = 'bf-stall-boundary';
  const stepPart = (step: string) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="step"\r\n\r\n${step}\r\n`;
  const filePartHead = `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="a.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.4\n`;

  it('refuses an upload before reading its body: outsiders, a declared size over the limit', async () => {
    // the request never finishes: each answer comes from what was known before the body was read
    const outsiderRes = await stalledUpload(outsider, stepPart('E1'), { 'content-length': '1000000' });
    expect(outsiderRes.status).toBe(403);
    const declared = await stalledUpload(secretary, stepPart('E1'), { 'content-length': String(MAX_BYTES * 4) });
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
      numbers: { field: 'file', maxBytes: MAX_BYTES },
    });
    expect(await staged()).toEqual([]);
  });

  it('checks the step sent before the file before accepting its bytes (refused, not measured)', async () => {
    // 3 × the limit after a step that is not the upper committee's: 403, where storing the bytes would have met 413
    const res = await chunkedUpload(upperApprover, 'E5', 3 * MAX_BYTES);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'NOT_AUTHORIZED_FOR_ATTACHMENT', numbers: { step: 'E5' } });
    expect(await staged()).toEqual([]);
  });

  it('streams to disk with the limit enforced while the bytes arrive (chunked, no length), no partial file left', async () => {
    const answer = await chunkedUpload(secretary, 'E2', 3 * MAX_BYTES);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
      numbers: { field: 'file', maxBytes: MAX_BYTES },
    });
    expect(await staged()).toEqual([]);
  });

  it('discards the staged file when the step arrives after the file and is refused', async () => {
    const res = await request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', tokens[upperApprover]!)
      .attach('file', pdfBytes('late step'), { filename: 'late.pdf', contentType: 'application/pdf' })
      .field('step', 'E5');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'NOT_AUTHORIZED_FOR_ATTACHMENT', numbers: { step: 'E5' } });
    const invalid = await request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', tokens[secretary]!)
      .attach('file', pdfBytes('bad step'), { filename: 'bad.pdf', contentType: 'application/pdf' })
      .field('step', 'x');
    expect(invalid.status).toBe(400);
    expect(await staged()).toEqual([]);
  });
});
