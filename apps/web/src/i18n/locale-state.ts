/** The chosen language, kept outside React so the API client can send it (Accept-Language). */
export type Locale = 'zh-CN' | 'en-US';

const KEY = 'branchflow.locale';
let locale: Locale = (typeof localStorage !== 'undefined' && (localStorage.getItem(KEY) as Locale)) || 'zh-CN';
if (locale !== 'zh-CN' && locale !== 'en-US') locale = 'zh-CN';

export function currentLocale(): Locale {
  return locale;
}

export function storeLocale(next: Locale): void {
  locale = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next;
}
