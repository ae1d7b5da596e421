import { createHash } from 'node:crypto';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AttachmentRepository, DEMO_IDS, OrgLifeRepository, type RecordInput } from '../../../libs/db';
import { createTestApp, type TestApp } from './api-test-app';
import { docxBytes, ofdBytes, pdfBytes, pngBytes } from './attachment-fixtures';

jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const MAX_BYTES = 64 * 1024;
const RECORD = 'olr-test-general-meeting';
const FULL_RECORD = 'olr-test-full';

function record(recordId: string): RecordInput {
  return {
    recordId,
    orgId: O.budgetBranch,
    occurrenceId: 'generalMeeting.2027.1',
    kind: 'generalMeeting',
    heldOn: '2027-02-20',
    place: '第一会议室',
    topic: '学习贯彻全会精神',
    presidedBy: 'p-fin-b04',
    minutes: '会议纪要',
    resolutions: [],
    quorum: { met: true },
    noticeOn: '2027-02-17',
    teacherPersonId: null,
    teacherIsSecretary: false,
    hours: null,
    guests: [],
    expected: 10,
    present: 8,
    recordedBy: DEMO_IDS.secretaries.budgetBranch,
    recordedAt: '2027-02-20T10:00:00.000Z',
    attendance: [{ personId: 'p-fin-b01', membershipStatus: 'full', status: 'present', reason: null }],
  };
}

/**
 * Attachments of a meeting record (RULES §F: sign-in sheet, photos, minutes as PDF/OFD) through the API's one upload
 * path: real PGlite and disk storage; the records are written as the org-life workflow's activity writes them.
 */
describe('meeting record attachments API', () => {
  let t: TestApp;
  let dir: string;
  const tokens: Record<string, string> = {};
  const secretary = DEMO_IDS.secretaries.budgetBranch;
  const member = DEMO_IDS.users.budgetBranchApprover; // a member of the branch (p-fin-b05) and its committee
  const admin = DEMO_IDS.users.admin;
  const otherSecretary = DEMO_IDS.secretaries.treasuryBranch;
  const outsider = DEMO_IDS.users.eduPartyGroupApprover;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bf-meeting-att-'));
    t = await createTestApp({ ATTACHMENTS_DIR: dir, ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
    const repo = new OrgLifeRepository(t.database);
    await repo.insertRecord(record(RECORD));
    await repo.insertRecord(record(FULL_RECORD));
    // a record already at policy.orgLife.maxAttachmentsPerRecord (50) files
    const files = new AttachmentRepository(t.database);
    for (let i = 0; i < 50; i++) {
      await files.insert({
        id: `att-full-${i}`,
        owner: { orglifeRecordId: FULL_RECORD, category: 'photo' },
        fileName: `${i}.png`,
        contentType: 'image/png',
        sizeBytes: 1,
        sha256: '0'.repeat(64),
        storageKey: `sha256/00/${'0'.repeat(64)}`,
        uploadedBy: secretary,
      });
    }
    for (const userId of [secretary, member, admin, otherSecretary, outsider]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const path = (recordId = RECORD) => `/api/org-life/records/${encodeURIComponent(recordId)}/attachments`;
  const upload = (
    userId: string,
    category: string | null,
    bytes: Buffer,
    fileName: string,
    contentType: string,
    recordId = RECORD,
  ) => {
    const req = request(t.app.getHttpServer()).post(path(recordId)).set('Authorization', tokens[userId]!);
    if (category !== null) req.field('category', category);
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

  it('files the sign-in sheet, a photo and the minutes; the record lists them and its readers download them', async () => {
    const sheet = pdfBytes('签到表');
    const res = await upload(secretary, 'signInSheet', sheet, '签到表（2月20日）.pdf', 'application/pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      caseId: null,
      step: null,
      recordId: RECORD,
      category: 'signInSheet',
      fileName: '签到表（2月20日）.pdf',
      contentType: 'application/pdf',
      sha256: createHash('sha256').update(sheet).digest('hex'),
      uploadedBy: secretary,
      downloadUrl: `/api/org-life/attachments/${res.body.id as string}`,
    });
    expect((await upload(secretary, 'photo', pngBytes(), '会场.png', 'image/png')).status).toBe(201);
    expect((await upload(admin, 'minutes', ofdBytes(), '会议记录.ofd', 'application/ofd')).status).toBe(201);

    const view = await request(t.app.getHttpServer())
      .get(`/api/org-life/records/${RECORD}`)
      .set('Authorization', tokens[member]!);
    expect(view.status).toBe(200);
    expect(view.body.attachments.map((a: { category: string }) => a.category)).toEqual([
      'signInSheet',
      'photo',
      'minutes',
    ]);
    const list = await request(t.app.getHttpServer()).get(path()).set('Authorization', tokens[member]!);
    expect(list.body.items).toHaveLength(3);

    const download = await get(member, res.body.downloadUrl as string);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.body as Buffer, sheet)).toBe(0);
    // a meeting record's file is not a case's: the case download does not serve it
    expect((await get(admin, `/api/attachments/${res.body.id as string}`)).status).toBe(404);
    expect((await get(outsider, res.body.downloadUrl as string)).status).toBe(403);
    expect((await request(t.app.getHttpServer()).get(path()).set('Authorization', tokens[outsider]!)).status).toBe(403);
  });

  it('takes by category only the types RULES §F names: minutes as PDF/OFD, photos as images (415 naming them)', async () => {
    const minutes = await upload(secretary, 'minutes', pngBytes(), '会议记录.png', 'image/png');
    expect(minutes.status).toBe(415);
    expect(minutes.body).toMatchObject({
      code: 'ATTACHMENT_TYPE_NOT_ALLOWED',
      rule: 'RULES §F',
      numbers: {
        field: 'file',
        category: 'minutes',
        detectedType: 'image/png',
        allowed: 'application/pdf, application/ofd',
      },
    });
    expect(minutes.body.message).toContain('会议记录须为PDF、OFD文件');
    const docx = await upload(secretary, 'minutes', docxBytes(), '会议记录.docx', 'application/octet-stream');
    expect(docx.status).toBe(415);
    const photo = await upload(secretary, 'photo', pdfBytes('x'), '照片.pdf', 'application/pdf');
    expect(photo.status).toBe(415);
    // the checks every upload gets: content, not the declared type
    const fake = await upload(secretary, 'signInSheet', Buffer.from('not a pdf'), 'a.pdf', 'application/pdf');
    expect(fake.body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(fake.status).toBe(415);
  });

  it('names the field when the category is missing or unknown', async () => {
    const none = await upload(secretary, null, pdfBytes('x'), 'a.pdf', 'application/pdf');
    expect(none.status).toBe(400);
    expect(none.body.issues.map((i: { path: string }) => i.path)).toContain('category');
    const unknown = await upload(secretary, 'video', pdfBytes('x'), 'a.pdf', 'application/pdf');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'ATTACHMENT_CATEGORY_INVALID', numbers: { field: 'category' } });
    expect(await staged()).toEqual([]);
  });

  it('lets only the secretary of the organization or an administrator over it add files (403 with a code)', async () => {
    for (const userId of [member, otherSecretary, outsider]) {
      const res = await upload(userId, 'photo', pngBytes(), 'p.png', 'image/png');
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({
        code: 'NOT_AUTHORIZED_FOR_ATTACHMENT',
        numbers: { recordId: RECORD, orgId: O.budgetBranch },
      });
    }
    expect((await upload(secretary, 'photo', pngBytes(), 'p.png', 'image/png', 'olr-missing')).status).toBe(404);
  });

  it('refuses the 51st file of a record (422 with the bound) before reading the body', async () => {
    const res = await stalledUpload(secretary, categoryPart('photo'), path(FULL_RECORD));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'MEETING_ATTACHMENTS_LIMIT', numbers: { existing: 50, max: 50 } });
  });

  it('checks the right on the record before the body and the category before the file bytes', async () => {
    const outsiderRes = await stalledUpload(otherSecretary, categoryPart('photo'), path(), {
      'content-length': '1000000',
    });
    expect(outsiderRes.status).toBe(403);
    // 3 × the limit after an unknown category: refused at the category, where storing would have met 413
    const bad = await chunkedUpload(secretary, 'video', 3 * MAX_BYTES);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'ATTACHMENT_CATEGORY_INVALID' });
    const big = await chunkedUpload(secretary, 'minutes', 3 * MAX_BYTES);
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', numbers: { field: 'file', maxBytes: MAX_BYTES } });
    expect(await staged()).toEqual([]);
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

  const BOUNDARY = 'bf-meeting-boundary';
  const categoryPart = (category: string) =>
    `--${BOUNDARY}\r\ncontent-disposition: form-data; name="category"\r\n\r\n${category}\r\n`;
  const filePartHead = `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="a.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.4\n`;

  async function port(): Promise<number> {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  /** A multipart upload sent chunked (no Content-Length): category, then a PDF of `fileBytes` bytes. */
  async function chunkedUpload(userId: string, category: string, fileBytes: number) {
    const p = await port();
    return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: p,
        method: 'POST',
        path: path(),
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
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.write(categoryPart(category) + filePartHead);
      for (let sent = 0; sent < fileBytes; sent += 8192) req.write(Buffer.alloc(8192, 0x20));
      req.end(`\r\n--${BOUNDARY}--\r\n`);
    });
  }

  /** A raw multipart POST that sends `head` and then stalls: an answer means the API decided before the body. */
  async function stalledUpload(userId: string, head: string, url: string, headers: Record<string, string> = {}) {
    const p = await port();
    return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: p,
        method: 'POST',
        path: url,
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
});
