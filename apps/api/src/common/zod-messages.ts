import { z } from 'zod';

type Issue = z.core.$ZodIssue;
type RawIssue = Parameters<ReturnType<typeof z.locales.en>['localeError']>[0];

const english = z.locales.en().localeError;
const chinese = z.locales.zhCN().localeError;

/** A value of the type zod names in "received …": the final issue no longer carries the input itself. */
const SAMPLE_INPUTS: Record<string, unknown> = {
  string: '',
  number: 0,
  boolean: false,
  bigint: BigInt(0),
  symbol: Symbol('input'),
  function: () => undefined,
  object: {},
  array: [],
  null: null,
  undefined: undefined,
  date: new Date(0),
  nan: Number.NaN,
};

function text(message: ReturnType<typeof english>): string | undefined {
  if (typeof message === 'string') return message;
  return message?.message;
}

/**
 * The message of one zod issue in zh-CN and English. zod writes its own messages in English; such a default message is
 * written again from zod's zh-CN locale, while a message the schema states itself (a custom rule text) is kept as it is
 * in both, since it was written for this field.
 */
export function issueMessages(issue: Issue): { message: string; messageEn: string } {
  const received = /received (\w+)/.exec(issue.message)?.[1];
  const raw = { ...issue, input: received === undefined ? undefined : SAMPLE_INPUTS[received] } as RawIssue;
  if (text(english(raw)) !== issue.message) return { message: issue.message, messageEn: issue.message };
  return { message: text(chinese(raw)) ?? issue.message, messageEn: issue.message };
}
