import { readFileSync } from 'node:fs';
import { mergeCalendar, type CalendarOverride, type WorkingDayCalendar } from '../domain';

// The working-day calendar at the edge (issue 10): statutory holidays and 调休 make-up workdays from the maintained
// `chinese-days` package, read as plain data (its JSON, no library code: works in CommonJS, jest and anywhere), plus
// the administrator's override table for the years it does not know. The domain functions take the result as data;
// workflows never load it.

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let library: WorkingDayCalendar | null = null;

/** The library's calendar: every year it lists a holiday for is known. */
export function libraryCalendar(): WorkingDayCalendar {
  if (library) return library;
  const data = JSON.parse(
    readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8'),
  ) as ChineseDaysData;
  const holidays = Object.keys(data.holidays).sort();
  const workdays = Object.keys(data.workdays).sort();
  const years = [...new Set(holidays.map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
  library = Object.freeze({ years, holidays, workdays });
  return library;
}

/** The calendar in force: the library's data corrected and extended by the administrator's overrides. */
export function workingDayCalendar(overrides: readonly CalendarOverride[]): WorkingDayCalendar {
  return mergeCalendar(libraryCalendar(), overrides);
}
