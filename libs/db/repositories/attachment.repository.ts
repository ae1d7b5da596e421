import { and, asc, count, eq } from 'drizzle-orm';
import type { Database, Db } from '../database';
import { attachments } from '../schema';
import { iso } from './time.util';

/** Who a file belongs to: a case (and the RULES step it documents) or an organizational-life meeting record. */
export type AttachmentOwner =
  | {
      caseId: string;
      /** RULES step code the evidence belongs to (e.g. E10), or null for the case as a whole */
      step: string | null;
    }
  | {
      orglifeRecordId: string;
      /** signInSheet / photo / minutes / other (RULES §F) */
      category: string;
    };

export interface AttachmentInput {
  id: string;
  owner: AttachmentOwner;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
  /** ISO instant; the database clock when omitted */
  uploadedAt?: string;
}

export interface AttachmentRecord {
  id: string;
  /** the case, or null for a meeting record's file */
  caseId: string | null;
  step: string | null;
  /** the meeting record, or null for a case's file */
  orglifeRecordId: string | null;
  category: string | null;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** Metadata of evidence files (the bytes are in libs/storage under `storageKey`). Rows are never updated. */
export class AttachmentRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  async insert(input: AttachmentInput): Promise<AttachmentRecord> {
    const { owner, ...rest } = input;
    const [row] = await this.db
      .insert(attachments)
      .values({
        ...rest,
        ...('caseId' in owner
          ? { caseId: owner.caseId, step: owner.step }
          : { orglifeRecordId: owner.orglifeRecordId, category: owner.category }),
        uploadedAt: input.uploadedAt ?? undefined,
      })
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

  /** A meeting record's attachments, oldest first. */
  async listForOrgLifeRecord(recordId: string): Promise<AttachmentRecord[]> {
    const rows = await this.db
      .select()
      .from(attachments)
      .where(eq(attachments.orglifeRecordId, recordId))
      .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
    return rows.map(toRecord);
  }

  async countForOrgLifeRecord(recordId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(attachments)
      .where(eq(attachments.orglifeRecordId, recordId));
    return Number(row?.n ?? 0);
  }
}

function toRecord(row: typeof attachments.$inferSelect): AttachmentRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    step: row.step,
    orglifeRecordId: row.orglifeRecordId,
    category: row.category,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    storageKey: row.storageKey,
    uploadedBy: row.uploadedBy,
    uploadedAt: iso(row.uploadedAt),
  };
}
