import type { FormInstance } from 'antd';
import type { ApiError } from '../api/errors';
import { currentLocale } from '../i18n/locale-state';

/** `members[2].name` or `members.2.name` → ['members', 2, 'name'] (antd NamePath). */
export function pathToNamePath(path: string): (string | number)[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * A 400 with field paths: each message goes to its field (paths under `strip`, e.g. `payload`, are relative to the
 * form). Returns true when at least one field took an error (else the caller shows the problem above the form).
 */
export function applyFieldErrors(form: FormInstance, error: ApiError, strip: string[] = []): boolean {
  const issues = error.problem.issues ?? [];
  const placed = issues
    .map((issue) => {
      let name = pathToNamePath(issue.path);
      for (const prefix of strip) if (name[0] === prefix) name = name.slice(1);
      // the API writes each field message in both languages (zh-CN in `message`)
      return { name, errors: [currentLocale() === 'en-US' ? (issue.messageEn ?? issue.message) : issue.message] };
    })
    .filter((f) => f.name.length > 0);
  if (placed.length === 0) return false;
  form.setFields(placed);
  form.scrollToField(placed[0]!.name);
  return true;
}
