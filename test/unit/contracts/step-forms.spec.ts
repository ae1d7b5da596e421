import { z } from 'zod';
import { ADMISSION_STEP_DATE_FIELDS } from '../../../libs/domain';
import { STEP_FORMS, stepFormOf } from '../../../libs/contracts/step-forms.contract';

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
});
