import {
  checkMeetingAttachmentCount,
  checkMeetingAttachmentType,
  getPolicy,
  meetingAttachmentCategory,
  withOverrides,
  type MeetingAttachmentCategory,
} from '../../../libs/domain';

const PDF = 'application/pdf';
const JPEG = 'image/jpeg';
const PNG = 'image/png';
const OFD = 'application/ofd';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('meeting record attachments — RULES §F (sign-in sheet, photos, minutes as PDF/OFD)', () => {
  const policy = getPolicy();

  it.each<[MeetingAttachmentCategory, string, boolean]>([
    ['minutes', PDF, true],
    ['minutes', OFD, true],
    ['minutes', DOCX, false], // the minutes are filed as a document of record, not an editable file
    ['minutes', JPEG, false],
    ['signInSheet', PDF, true],
    ['signInSheet', JPEG, true],
    ['signInSheet', PNG, true],
    ['signInSheet', OFD, true],
    ['signInSheet', DOCX, false],
    ['photo', JPEG, true],
    ['photo', PNG, true],
    ['photo', PDF, false],
    ['other', DOCX, true],
    ['other', OFD, true],
  ])('%s as %s: accepted %s', (category, type, accepted) => {
    const refused = checkMeetingAttachmentType(category, type);
    expect(refused === null).toBe(accepted);
    if (refused) {
      expect(refused).toMatchObject({
        code: 'ATTACHMENT_TYPE_NOT_ALLOWED',
        rule: 'RULES §F',
        numbers: { field: 'file', category, detectedType: type },
      });
    }
  });

  it('names the types a category takes in both languages', () => {
    const refused = checkMeetingAttachmentType('minutes', JPEG)!;
    expect(refused.message).toBe('会议记录须为PDF、OFD文件，收到的是JPEG');
    expect(refused.messageEn).toBe('minutes files must be PDF, OFD; this file is JPEG');
  });

  it.each([
    [0, true],
    [49, true],
    [50, false], // policy.orgLife.maxAttachmentsPerRecord = 50: the 51st file is refused
    [51, false],
  ])('with %i files already on the record another one is accepted: %s', (existing, accepted) => {
    const refused = checkMeetingAttachmentCount(existing, policy);
    expect(refused === null).toBe(accepted);
    if (refused) expect(refused).toMatchObject({ code: 'MEETING_ATTACHMENTS_LIMIT', numbers: { existing, max: 50 } });
  });

  it('takes the bound from the policy table', () => {
    const small = withOverrides(policy, { orgLife: { ...policy.orgLife, maxAttachmentsPerRecord: 2 } });
    expect(checkMeetingAttachmentCount(1, small)).toBeNull();
    expect(checkMeetingAttachmentCount(2, small)?.numbers).toEqual({ existing: 2, max: 2 });
  });

  it.each([['signInSheet'], ['photo'], ['minutes'], ['other']])('accepts the category %s', (category) => {
    expect(meetingAttachmentCategory(category)).toEqual({ ok: true, value: category });
  });

  it.each([['video'], [''], [undefined], [3]])('refuses the category %p with 400 naming the field', (category) => {
    expect(meetingAttachmentCategory(category)).toEqual({
      ok: false,
      violation: expect.objectContaining({
        code: 'ATTACHMENT_CATEGORY_INVALID',
        kind: 'invalid',
        rule: 'RULES §0.2',
        numbers: expect.objectContaining({ field: 'category' }),
      }),
    });
  });
});
