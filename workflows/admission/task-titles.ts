import { durationText, type Duration } from '../../libs/domain';

/** A policy period in a task title — （1个月内） / (within 1 month) — or nothing for a zero (drill) period. */
export function periodNote(d: Duration) {
  const zero = !d.years && !d.months && !d.days;
  const t = durationText(d);
  return {
    zh: (suffix: string, prefix = '') => (zero ? '' : `（${prefix}${t.zh}${suffix}）`),
    en: (word: string) => (zero ? '' : ` (${word} ${t.en})`),
  };
}
