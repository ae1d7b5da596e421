import { checkFormalReply } from '../../../libs/domain';

describe('checkFormalReply (批复, RULES §C.2, §D.7)', () => {
  it.each([
    [{ replyNo: '工委批〔2027〕1号' }, null],
    [{ replyNo: '工委批〔2027〕1号', effectiveDate: '2028-02-29' }, null],
    [{}, 'replyNo'],
    [{ replyNo: '  ' }, 'replyNo'],
    [{ replyNo: 'x', effectiveDate: '2026-02-30' }, 'effectiveDate'],
    [{ replyNo: 'x', effectiveDate: '2027-1-5' }, 'effectiveDate'],
    [{ replyNo: 'x', effectiveDate: 20270105 }, 'effectiveDate'],
  ])('%j → %s', (payload, field) => {
    const v = checkFormalReply(payload as Record<string, unknown>, 'RULES §D.7');
    if (field === null) expect(v).toBeNull();
    else expect(v).toMatchObject({ code: 'PAYLOAD_INVALID', kind: 'invalid', rule: 'RULES §D.7', numbers: { field } });
  });
});
