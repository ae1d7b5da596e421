import { z } from 'zod';
import { ADMISSION_STEP_DATE_FIELDS } from '../../../libs/domain';
import { STEP_EXAMPLES } from '../../../libs/contracts/step-examples.contract';
import {
  STEP_FORMS,
  parseStepPayload,
  stepFormOf,
  stepPayloadViolation,
  stepRuleOf,
  type StepFormKey,
} from '../../../libs/contracts/step-forms.contract';

// The console renders a step's decision form from the JSON Schema of its entry in STEP_FORMS: every field needs a
// label in both languages and a shape the form generator knows; the date fields of member development must be the
// ones the workflow reads (ADMISSION_STEP_DATE_FIELDS, RULES §E).

type Json = {
  type?: string | string[];
  properties?: Record<string, Json>;
  items?: Json;
  title?: string;
  titleEn?: string;
  widget?: string;
  enum?: unknown[];
  format?: string;
};

function fields(schema: Json, path = ''): { path: string; field: Json }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, field]) => {
    const here = path ? `${path}.${name}` : name;
    if (field.type === 'object' && field.properties) return fields(field, here);
    if (field.type === 'array' && field.items?.properties)
      return [{ path: here, field }, ...fields(field.items, `${here}[]`)];
    return [{ path: here, field }];
  });
}

describe('step forms (libs/contracts/step-forms.contract.ts)', () => {
  const forms = Object.entries(STEP_FORMS);

  it.each(forms)('%s: every field has a Chinese and an English label, inline (no $ref)', (_key, schema) => {
    const json = z.toJSONSchema(schema, { io: 'input' }) as Json & { $ref?: string; $defs?: unknown };
    expect(json.$ref).toBeUndefined();
    expect(JSON.stringify(json)).not.toContain('"$ref"');
    expect(fields(json).length).toBeGreaterThan(0);
    const unlabelled = fields(json)
      .filter(({ field }) => !field.title || !field.titleEn)
      .map(({ path }) => path);
    expect(unlabelled).toEqual([]);
  });

  it('names the date field the admission workflow reads for each step (RULES §E)', () => {
    for (const [step, field] of Object.entries(ADMISSION_STEP_DATE_FIELDS)) {
      const schema = stepFormOf('admission', step);
      if (!schema) continue;
      const json = z.toJSONSchema(schema, { io: 'input' }) as Json;
      expect({ step, field, format: json.properties?.[field]?.format }).toEqual({ step, field, format: 'date' });
    }
  });

  it('gives the party group turn of a step the form of that step, and none to plain approvals', () => {
    expect(stepFormOf('admission', 'E17-PG')).toBe(STEP_FORMS['admission:E17']);
    expect(stepFormOf('establishment', 'C2')).toBeUndefined();
    expect(stepFormOf('termElection', 'E0')).toBeUndefined();
  });

  it('accepts the payloads the end-to-end drivers send', () => {
    expect(
      STEP_FORMS['establishment:C4'].safeParse({ discussionDate: '2026-12-20', summary: '全体党员酝酿同意' }).success,
    ).toBe(true);
    expect(STEP_FORMS['establishment:C9'].safeParse({ replyNo: '工委〔2027〕3号' }).success).toBe(true);
    expect(STEP_FORMS['admission:E2'].safeParse({ talkerId: 'p-fin-b04' }).success).toBe(true);
    expect(STEP_FORMS['admission:E15'].safeParse({ entitled: 8, present: 8, forVotes: 8 }).success).toBe(true);
  });

  it.each(Object.entries(STEP_EXAMPLES))('%s: its example (OpenAPI) fits the schema', (key, example) => {
    const [procedure, step] = key.split(':') as ['admission', string];
    expect(parseStepPayload(procedure, step, example.outcome, example.payload)?.success).toBe(true);
    expect(stepPayloadViolation(procedure, step, example.outcome, example.payload)).toBeNull();
  });

  it('has an example and a rule for every step with a payload', () => {
    expect(Object.keys(STEP_EXAMPLES).sort()).toEqual(Object.keys(STEP_FORMS).sort());
    for (const key of Object.keys(STEP_FORMS) as StepFormKey[]) expect(stepRuleOf(key)).toMatch(/^RULES §/);
    expect(stepRuleOf('admission:E15')).toBe('RULES §E step 15');
  });

  it('refuses a payload that does not fit its step, naming the field and the step rule (400, not a throw)', () => {
    const refusal = (
      procedure: 'admission' | 'establishment',
      step: string,
      outcome: 'submit' | 'approve' | 'return',
      payload: unknown,
    ) => {
      const v = stepPayloadViolation(procedure, step, outcome, payload);
      return v && { code: v.code, kind: v.kind, rule: v.rule, field: v.numbers.field };
    };
    const invalid = (rule: string, field: string) => ({ code: 'PAYLOAD_INVALID', kind: 'invalid', rule, field });
    expect(refusal('admission', 'E2', 'submit', { summary: '谈话记录' })).toEqual(
      invalid('RULES §E step 2', 'talkerId'),
    );
    // the date regex and the vote-count parser of the workflow, now the schema's
    expect(refusal('admission', 'E11', 'submit', { days: 3, trainingEndDate: '2027-02-30' })).toEqual(
      invalid('RULES §E step 11', 'trainingEndDate'),
    );
    expect(refusal('admission', 'E13', 'approve', { expectedLeaveDate: '2027/06/01' })).toEqual(
      invalid('RULES §E step 13', 'expectedLeaveDate'),
    );
    expect(refusal('admission', 'E15', 'submit', { entitled: 16, present: '10', forVotes: 8 })).toEqual(
      invalid('RULES §E step 15', 'present'),
    );
    expect(refusal('admission', 'E15', 'submit', { entitled: 16, present: 10, forVotes: 8.5 })).toEqual(
      invalid('RULES §E step 15', 'forVotes'),
    );
    expect(refusal('admission', 'E6', 'submit', { cancel: true, reason: ' ' })).toEqual(
      invalid('RULES §E step 6', 'reason'),
    );
    expect(
      refusal('admission', 'E23', 'submit', { entitled: 9, present: 9, forVotes: 9, resolution: 'extend' }),
    ).toEqual(invalid('RULES §E step 23', 'extensionMonths'));
    expect(refusal('admission', 'E9', 'submit', { introducers: [{ personId: 'p-1' }] })).toEqual(
      invalid('RULES §E step 9', 'introducers.0.consent'),
    );
    // the party group's turn of step 17 answers to step 17
    expect(refusal('admission', 'E17-PG', 'approve', { lateReason: 3 })).toEqual(
      invalid('RULES §E step 17', 'lateReason'),
    );
    expect(refusal('establishment', 'C9', 'approve', {})).toEqual(invalid('RULES §C.2', 'replyNo'));
    expect(refusal('establishment', 'C4', 'submit', [])).toEqual(invalid('RULES §C.1 C4', 'payload'));
  });

  it('accepts what a step leaves open: extra notes, given fields only on a return, any payload without a schema', () => {
    expect(stepPayloadViolation('admission', 'E2', 'submit', { talkerId: 'p-1', summary: '谈话记录' })).toBeNull();
    expect(stepPayloadViolation('admission', 'E15', 'submit', { entitled: 8, present: 6, forVotes: 5 })).toBeNull();
    expect(stepPayloadViolation('establishment', 'C9', 'return', undefined)).toBeNull();
    expect(stepPayloadViolation('establishment', 'C9', 'return', { effectiveDate: '2027-02-30' })?.numbers).toEqual({
      field: 'effectiveDate',
    });
    expect(stepPayloadViolation('establishment', 'C3', 'submit', {})).toBeNull(); // the request as it stands
    expect(stepPayloadViolation('establishment', 'C2', 'approve', { anything: 1 })).toBeNull();
    expect(parseStepPayload('termElection', 'E0', 'approve', {})).toBeUndefined();
  });
});
