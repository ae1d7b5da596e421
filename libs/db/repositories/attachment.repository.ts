import { and, asc, eq } from 'drizzle-orm';
import type { Database, Db } from '../database';
import { attachments } from '../schema';
import { iso } from './time.util';

export interface AttachmentInput {
  id: string;
  caseId: string;
  /** RULES step code the evidence belongs to (e.g. E10), or null for the case as a whole */
  step: string | null;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
  /** ISO instant; the database clock when omitted */
  uploadedAt?: string;
}

export interface AttachmentRecord extends Omit<AttachmentInput, 'uploadedAt'> {
  uploadedAt: string;
}

/** Metadata of evidence files (the bytes are in libs/storage under `storageKey`). Rows are never updated. */
export class AttachmentRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  async insert(input: AttachmentInput): Promise<AttachmentRecord> {
    const [row] = await this.db
      .insert(attachments)
      .values({ ...input, uploadedAt: input.uploadedAt ?? undefined })
      .returning();
    return toRecord(row!);
  }

  async get(id: string): Promise<AttachmentRecord | null> {
    const [row] = await this.db.select().from(attachments).where(eq(attachments.id, id));
    return row ? toRecord(row) : null;
  }

  /** A case's attachments, oldest first; only those of `step` when given. */
  async listForCase(caseId: string, step?: string): Promise<AttachmentRecord[]> {
    const where =
      step === undefined
        ? eq(attachments.caseId, caseId)
        : and(eq(attachments.caseId, caseId), eq(attachments.step, step));
    const rows = await this.db
      .select()
      .from(attachments)
      .where(where)
      .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
    return rows.map(toRecord);
  }
}

function toRecord(row: typeof attachments.$inferSelect): AttachmentRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    step: row.step,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    storageKey: row.storageKey,
    uploadedBy: row.uploadedBy,
    uploadedAt: iso(row.uploadedAt),
  };
}
