import { workingDayCalendar } from '../../libs/calendar';
import { WorkingDayRepository, type Database } from '../../libs/db';
import { calendarForYears, type WorkingDayCalendar } from '../../libs/domain';

export interface LoadWorkingDayCalendarInput {
  /** the calendar years the deadline can reach (`workingDayYears`) */
  years: number[];
}

/**
 * The working-day calendar at the edge for the workflows (issue 10): the holiday library's data corrected and extended
 * by the administrators' overrides, cut to the years asked for, so the case's history records the few dates its
 * deadline was counted on and replays with them. Read-only.
 */
export function createCalendarActivities(database: Database) {
  const overrides = new WorkingDayRepository(database);
  return {
    async loadWorkingDayCalendar(input: LoadWorkingDayCalendarInput): Promise<WorkingDayCalendar> {
      return calendarForYears(workingDayCalendar(await overrides.list()), input.years);
    },
  };
}
