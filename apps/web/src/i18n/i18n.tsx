import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zhCN, type MessageKey } from './zh-CN';
import { currentLocale, storeLocale, type Locale } from './locale-state';
import type { Problem } from '../api/errors';

type Dict = Record<MessageKey, string>;
type Params = Record<string, string | number>;

interface I18n {
  locale: Locale;
  t: (key: MessageKey, params?: Params) => string;
  setLocale: (locale: Locale) => Promise<void>;
  /** the API's message in the user's language (the API sends both) */
  problemText: (p: Pick<Problem, 'message' | 'messageEn'>) => string;
  /** label of a bilingual pair (task titles, form field titles) */
  pick: (zh: string, en: string | undefined | null) => string;
}

const Ctx = createContext<I18n | null>(null);

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

let english: Dict | null = null;
/** English loads on demand with Ant Design's en_US (zh-CN is the default and in the first bundle). */
export async function loadEnglish(): Promise<{ dict: Dict; antd: unknown }> {
  const [{ enUS }, antdEn] = await Promise.all([import('./en-US'), import('antd/locale/en_US')]);
  english = enUS;
  return { dict: enUS, antd: antdEn.default };
}

export function I18nProvider({
  children,
  onAntdLocale,
}: {
  children: ReactNode;
  onAntdLocale: (locale: unknown) => void;
}) {
  const [locale, setLocaleState] = useState<Locale>(currentLocale());
  const [dict, setDict] = useState<Dict>(locale === 'en-US' && english ? english : zhCN);

  const setLocale = useCallback(
    async (next: Locale) => {
      if (next === 'en-US') {
        const loaded = await loadEnglish();
        setDict(loaded.dict);
        onAntdLocale(loaded.antd);
        dayjs.locale('en');
      } else {
        setDict(zhCN);
        onAntdLocale(null);
        dayjs.locale('zh-cn');
      }
      storeLocale(next);
      setLocaleState(next);
    },
    [onAntdLocale],
  );

  const value = useMemo<I18n>(
    () => ({
      locale,
      t: (key, params) => fill(dict[key] ?? key, params),
      setLocale,
      problemText: (p) => (locale === 'en-US' ? (p.messageEn ?? p.message) : p.message),
      pick: (zh, en) => (locale === 'en-US' && en ? en : zh),
    }),
    [dict, locale, setLocale],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Ctx);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
