import { unstorableTextPath } from '../../libs/contracts/storable-text.contract';
import { invalidInput, type RuleViolation } from '../../libs/domain';

/**
 * Refuses an update whose text PostgreSQL cannot store (NUL, unpaired surrogates), naming the field: accepted, such a
 * decision would make every later projection of the case fail. The API refuses it first; this holds for anyone who
 * reaches Temporal directly.
 */
export function unstorableInput(fields: Record<string, unknown>): RuleViolation | null {
  const path = unstorableTextPath(fields);
  if (path === null) return null;
  return invalidInput(
    'UNSTORABLE_TEXT',
    `${path}: contains a character that cannot be stored (NUL or an unpaired surrogate)`,
    `${path}：含有无法保存的字符（NUL或不成对的代理字符）`,
    { field: path },
  );
}
