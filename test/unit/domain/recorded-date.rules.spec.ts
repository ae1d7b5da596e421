import {
  checkApplicationDate,
  checkRecordedDate,
  checkShiftRequest,
  checkStepDate,
  checkTransferNotLate,
  getPolicy,
  localToday,
  RECORDED_DATE_IN_FUTURE,
  type RecordedDate,
  type RuleViolation,
} from '../../../libs/domain';

// Recorded dates are facts (issue 10, one rule for every procedure): a date a record says something happened on is
// not after today on the organization's calendar; planned dates may lie ahead. Each row names the rule of its step.

const policy = getPolicy('2026.1');
const today = '2026-10-08';
const tomorrow = '2026-10-09';

const c4: RecordedDate = {
  field: 'discussionDate',
  what: { zh: '候选人名单党员酝酿', en: 'the members’ discussion of the slate' },
  rule: 'RULES §C.1 C4',
};
const meeting: RecordedDate = {
  field: 'meetingDate',
  what: { zh: '选举大会召开', en: 'the election meeting' },
  rule: 'RULES §D.3',
};
const vacancy: RecordedDate = {
  field: 'occurredOn',
  what: { zh: '缺额发生', en: 'the vacancy' },
  rule: 'RULES §D.8',
  code: 'VACANCY_IN_FUTURE',
};
const orgLifeMeeting: RecordedDate = {
  field: 'record.heldOn',
  what: { zh: '会议召开', en: 'the meeting' },
  rule: 'RULES §F',
  code: 'RECORD_IN_FUTURE',
};

type Check = (date: string) => RuleViolation | null;

describe('recorded dates are facts: not after today (one rule for every procedure)', () => {
  it.each<[string, Check, string, string]>([
    [
      'establishment C4 discussion (RULES §C.1 C4)',
      (d) => checkRecordedDate(d, today, c4),
      RECORDED_DATE_IN_FUTURE,
      'RULES §C.1 C4',
    ],
    [
      'election meeting (RULES §D.3)',
      (d) => checkRecordedDate(d, today, meeting),
      RECORDED_DATE_IN_FUTURE,
      'RULES §D.3',
    ],
    ['vacancy (RULES §D.8)', (d) => checkRecordedDate(d, today, vacancy), 'VACANCY_IN_FUTURE', 'RULES §D.8'],
    [
      'organizational-life meeting (RULES §F)',
      (d) => checkRecordedDate(d, today, orgLifeMeeting),
      'RECORD_IN_FUTURE',
      'RULES §F',
    ],
    [
      'application (RULES §E step 1)',
      (d) => checkApplicationDate(d, today),
      'APPLICATION_DATE_IN_FUTURE',
      'RULES §E step 1',
    ],
    [
      'admission step (RULES §E key dates)',
      (d) => checkStepDate('E20', 'oathDate', d, today, null),
      'STEP_DATE_IN_FUTURE',
      'RULES §E key dates',
    ],
    [
      'transfer (RULES §E step 21)',
      (d) => checkTransferNotLate(d, today, 'activist', null),
      'TRANSFER_DATE_IN_FUTURE',
      'RULES §E step 21',
    ],
  ])('%s: a year ago and today pass, tomorrow is refused (422)', (_name, check, code, rule) => {
    expect(check('2025-10-08')).toBeNull();
    expect(check(today)).toBeNull();
    expect(check(tomorrow)).toMatchObject({ code, kind: 'rule', rule, numbers: { date: tomorrow, today } });
  });

  it('names the date, today and the rule in both languages', () => {
    const v = checkRecordedDate(tomorrow, today, c4)!;
    expect(v.messageEn).toBe(
      'the members’ discussion of the slate is dated 2026-10-09, after today 2026-10-08: a recorded date cannot lie ahead',
    );
    expect(v.message).toBe('候选人名单党员酝酿日期2026-10-09晚于今天2026-10-08：已发生事项的日期不能晚于今天');
    expect(v.numbers).toEqual({ field: 'discussionDate', date: tomorrow, today });
  });

  it.each([['2026-02-30'], ['8 Oct'], [20261008], [undefined]])('%p is no date: 400 naming the field', (value) => {
    expect(checkRecordedDate(value, today, c4)).toMatchObject({
      code: 'INVALID_DATE',
      kind: 'invalid',
      numbers: { field: 'discussionDate' },
    });
  });

  it.each([
    ['2026-10-07T15:59:59.000Z', '2026-10-07'], // 23:59:59 in Beijing
    ['2026-10-07T16:00:00.000Z', '2026-10-08'], // midnight in Beijing, still 7 October in UTC
  ])("today is the organization's calendar day (localToday): at %s a meeting of 2026-10-08 is %s's", (now, day) => {
    const local = localToday(now, policy);
    expect(local).toBe(day);
    expect(checkRecordedDate('2026-10-08', local, meeting)?.code ?? null).toBe(
      day === '2026-10-08' ? null : RECORDED_DATE_IN_FUTURE,
    );
  });

  it('a planned date may lie ahead: a shifted election date in the future is no recorded date (RULES §B.3)', () => {
    expect(checkShiftRequest('2027-03-01', '2027-06-01', today, policy)).toBeNull();
    expect(checkShiftRequest('2027-03-01', '2026-10-07', today, policy)?.code).toBe('TERM_SHIFT_IN_PAST');
  });
});
