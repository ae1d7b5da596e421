import {
  invalidInput,
  ruleOk,
  ruleRefused,
  violation,
  type RuleResult,
  type RuleViolation,
} from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';

// Attachments of a meeting record — RULES §F "Holding a meeting": the sign-in sheet, photos and the minutes (as PDF or
// OFD). The files go through the one attachment path of the API (streamed, authorized before the body, size limit);
// these rules say which file types each kind of attachment takes and how many one record may carry.

export const MEETING_ATTACHMENT_CATEGORIES = ['signInSheet', 'photo', 'minutes', 'other'] as const;
export type MeetingAttachmentCategory = (typeof MEETING_ATTACHMENT_CATEGORIES)[number];

const PDF = 'application/pdf';
const JPEG = 'image/jpeg';
const PNG = 'image/png';
const OFD = 'application/ofd';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What each category is and the content types it takes (detected from the file's bytes by the API). */
export const MEETING_ATTACHMENT_KINDS: Readonly<
  Record<MeetingAttachmentCategory, { name: string; nameEn: string; types: readonly string[] }>
> = Object.freeze({
  // a scanned or photographed sheet
  signInSheet: { name: '签到表', nameEn: 'sign-in sheet', types: [PDF, JPEG, PNG, OFD] },
  photo: { name: '会议照片', nameEn: 'photo', types: [JPEG, PNG] },
  // the minutes as a document of record: PDF or OFD (版式文档), not an editable file
  minutes: { name: '会议记录', nameEn: 'minutes', types: [PDF, OFD] },
  other: { name: '其他材料', nameEn: 'other material', types: [PDF, JPEG, PNG, OFD, DOCX] },
});

export function isMeetingAttachmentCategory(value: unknown): value is MeetingAttachmentCategory {
  return typeof value === 'string' && (MEETING_ATTACHMENT_CATEGORIES as readonly string[]).includes(value);
}

/** The category as given, or the input violation ATTACHMENT_CATEGORY_INVALID naming the field (400). */
export function meetingAttachmentCategory(value: unknown, field = 'category'): RuleResult<MeetingAttachmentCategory> {
  if (isMeetingAttachmentCategory(value)) return ruleOk(value);
  return ruleRefused(
    invalidInput(
      'ATTACHMENT_CATEGORY_INVALID',
      `${field} must be one of ${MEETING_ATTACHMENT_CATEGORIES.join(', ')}, got ${String(value)}`,
      `附件类别（${field}）须为签到表、会议照片、会议记录或其他材料之一，收到${String(value)}`,
      { field, allowed: MEETING_ATTACHMENT_CATEGORIES.join(', ') },
    ),
  );
}

/**
 * Whether a file of `contentType` fits the category: null when it does, else the refusal naming the category and the
 * types it takes (the API answers it as 415, the status of every attachment type refusal).
 */
export function checkMeetingAttachmentType(
  category: MeetingAttachmentCategory,
  contentType: string,
): RuleViolation | null {
  const kind = MEETING_ATTACHMENT_KINDS[category];
  if (kind.types.includes(contentType)) return null;
  return violation({
    code: 'ATTACHMENT_TYPE_NOT_ALLOWED',
    kind: 'invalid',
    rule: 'RULES §F',
    message: `${kind.name}须为${kind.types.map(typeName).join('、')}文件，收到的是${typeName(contentType)}`,
    messageEn: `${kind.nameEn} files must be ${kind.types.map(typeName).join(', ')}; this file is ${typeName(contentType)}`,
    numbers: { field: 'file', category, detectedType: contentType, allowed: kind.types.join(', ') },
  });
}

/** One record carries at most policy.orgLife.maxAttachmentsPerRecord files (a bound of the software, RULES §G). */
export function checkMeetingAttachmentCount(existing: number, policy: PolicyTable): RuleViolation | null {
  const max = policy.orgLife.maxAttachmentsPerRecord;
  if (existing < max) return null;
  return violation({
    code: 'MEETING_ATTACHMENTS_LIMIT',
    kind: 'rule',
    rule: 'RULES §F, §G (maxAttachmentsPerRecord)',
    message: `一份会议记录最多${max}个附件，已有${existing}个`,
    messageEn: `a meeting record carries at most ${max} attachments; it has ${existing}`,
    numbers: { existing, max },
  });
}

function typeName(contentType: string): string {
  switch (contentType) {
    case PDF:
      return 'PDF';
    case JPEG:
      return 'JPEG';
    case PNG:
      return 'PNG';
    case OFD:
      return 'OFD';
    case DOCX:
      return 'DOCX';
    default:
      return contentType;
  }
}
