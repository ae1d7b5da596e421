import type { ApiBodyOptions } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** multipart text fields of an upload (the file itself is the `file` part) */
export const uploadAttachmentSchema = z.object({
  step: z
    .string()
    .regex(/^[A-Z][0-9]{1,2}$/, 'a RULES step code such as E10')
    .describe('RULES step the evidence is for, e.g. E10 (admission steps E1–E25)'),
});
export class UploadAttachmentDto extends createZodDto(uploadAttachmentSchema) {}

export const attachmentViewSchema = z.object({
  id: z.string(),
  caseId: z.string().nullable().describe('the case the evidence belongs to; null for a meeting record file'),
  step: z.string().nullable(),
  recordId: z.string().nullable().describe('the organizational-life meeting record; null for case evidence'),
  category: z.string().nullable().describe('a meeting record file: signInSheet / photo / minutes / other'),
  fileName: z.string().describe('as uploaded (UTF-8, Chinese names kept)'),
  contentType: z.string().describe('detected from the leading bytes'),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  downloadUrl: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentViewSchema>;
export class AttachmentViewDto extends createZodDto(attachmentViewSchema) {}

export const attachmentListSchema = z.object({ items: z.array(attachmentViewSchema) });
export class AttachmentListDto extends createZodDto(attachmentListSchema) {}

/** Swagger shape of the multipart upload */
export const UPLOAD_BODY_DOC: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['step', 'file'],
    properties: {
      step: { type: 'string', example: 'E10' },
      file: { type: 'string', format: 'binary', description: 'PDF, JPEG, PNG, OFD or DOCX (checked by content)' },
    },
  },
};
