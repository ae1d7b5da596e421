import type { TermElectionCaseData, TermElectionInput } from '../../../libs/contracts';
import { addDuration, overdueFrom, parseIsoInstant, secondReminderDate } from '../../../libs/domain';
import { dateStart } from '../../kernel/local-calendar';
import { acts } from '../../kernel/activity-proxies';
import type { CaseKernel } from '../../kernel/case-kernel';

type Action = 'secondReminder' | 'overdue';

/**
 * Runs beside the term-election steps: the second reminder before the due date (RULES §D.1, T − 2 months) while the
 * meeting is not reached yet, and the overdue path from the day after the due date (RULES H-19) — `term.overdue` on
 * the timeline, term state 'overdue' in the registry, the upper body's approvers and the admins notified, repeated
 * every policy.overdueEscalationRepeat until the formal reply approves the new committee. An approved shift moves
 * the due date and restarts the watch.
 */
export class TermDeadlineWatch {
  private due: string;
  private changed = false;
  private stopped = false;
  private secondReminded = false;
  private escalations = 0;
  private lastEscalationAt: string | null = null;

  constructor(
    private readonly kernel: CaseKernel<TermElectionCaseData>,
    private readonly input: TermElectionInput,
    /** true once the meeting step was reached: the second reminder is then moot */
    private readonly meetingReached: () => boolean,
  ) {
    this.due = input.electionDue;
  }

  get electionDue(): string {
    return this.due;
  }

  get overdue(): boolean {
    return this.escalations > 0;
  }

  /** An approved term shift (RULES §B.3): the election is now due on `to`. */
  moveDue(to: string): void {
    this.due = to;
    this.changed = true;
  }

  /** The formal reply approved the new committee: nothing is overdue any more. */
  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<void> {
    const policy = this.kernel.policy;
    const interrupted = () => this.stopped || this.changed || this.kernel.closing;
    for (;;) {
      if (this.stopped || this.kernel.closing) return;
      if (this.changed) {
        this.changed = false;
        await this.resetAfterShift();
      }
      const overdueAt = this.startOfDay(overdueFrom(this.due)); // RULES H-19
      let wakeAt: string;
      let action: Action;
      if (!this.secondReminded && Date.now() < parseIsoInstant(overdueAt)) {
        wakeAt = this.startOfDay(secondReminderDate(this.due, policy));
        action = 'secondReminder';
      } else {
        wakeAt = this.lastEscalationAt ? addDuration(this.lastEscalationAt, policy.overdueEscalationRepeat) : overdueAt;
        action = 'overdue';
      }
      const waitMs = Math.max(parseIsoInstant(wakeAt) - Date.now(), 1);
      if (await this.kernel.deadlines.within(interrupted, waitMs)) continue;
      if (action === 'secondReminder') await this.secondReminder();
      else await this.escalate(wakeAt);
      await this.kernel.flush();
    }
  }

  private async secondReminder(): Promise<void> {
    this.secondReminded = true;
    if (this.meetingReached()) return;
    const userIds = await this.recipients();
    await this.kernel.record(this.kernel.state.stage, 'term.reminded', {
      detail: { electionDue: this.due, stage: this.kernel.state.stage, notified: userIds.length },
    });
    await acts.notifyUsers({
      dedupeKey: `${this.input.caseId}:reminder2:${this.due}`,
      userIds,
      subject: `换届提醒：${this.input.orgName}应于${this.due}前完成换届选举`,
      body:
        `${this.input.orgName}第${this.input.termNo}届委员会任期届满日${this.input.termEnd}，换届选举应于${this.due}前完成。` +
        `当前环节：${this.kernel.state.stage}。`,
      caseId: this.input.caseId,
      taskId: null,
    });
  }

  private async escalate(at: string): Promise<void> {
    this.escalations += 1;
    this.lastEscalationAt = at;
    const level = this.escalations;
    const userIds = await this.recipients();
    if (level === 1) {
      await this.kernel.record(this.kernel.state.stage, 'term.overdue', {
        comment: `换届选举逾期：应于${this.due}前完成`,
        detail: { electionDue: this.due, stage: this.kernel.state.stage },
      });
      await acts.recordTermState({
        orgId: this.input.orgId,
        termNo: this.input.termNo,
        electionDue: this.due,
        state: 'overdue',
        electionCaseId: this.input.caseId,
        at: new Date().toISOString(),
      });
    }
    await this.kernel.record(this.kernel.state.stage, 'term.overdueEscalated', {
      detail: { level, electionDue: this.due, notified: userIds.length, upperBodyId: this.input.upperBodyId },
    });
    await acts.notifyUsers({
      dedupeKey: `${this.input.caseId}:overdue:${this.due}:${level}`,
      userIds,
      subject: `换届选举逾期（第${level}次督办）：${this.input.orgName}`,
      body:
        `${this.input.orgName}换届选举应于${this.due}前完成，至今未获批复（当前环节：${this.kernel.state.stage}）。` +
        '未经批准延期的，自任期届满之日起即属逾期，请督促办理。',
      caseId: this.input.caseId,
      taskId: null,
    });
  }

  /** The instant a date begins on the organization's calendar (local midnight; UTC for runs recorded before). */
  private startOfDay(isoDate: string): string {
    return dateStart(isoDate, this.kernel.policy);
  }

  /** A shift moved the due date: a due date still ahead ends the overdue state and reopens the second reminder. */
  private async resetAfterShift(): Promise<void> {
    await this.kernel.record(this.kernel.state.stage, 'term.dueMoved', { detail: { electionDue: this.due } });
    const overdueAt = parseIsoInstant(this.startOfDay(overdueFrom(this.due)));
    if (Date.now() >= overdueAt) return;
    const wasOverdue = this.escalations > 0;
    this.escalations = 0;
    this.lastEscalationAt = null;
    this.secondReminded = false;
    if (wasOverdue) {
      await acts.recordTermState({
        orgId: this.input.orgId,
        termNo: this.input.termNo,
        electionDue: this.due,
        state: 'electionOpen',
        electionCaseId: this.input.caseId,
        at: new Date().toISOString(),
      });
    }
    await this.kernel.flush();
  }

  /** The upper body's approvers and the administrators of the organization's path (RULES §A.3, H-19). */
  private async recipients(): Promise<string[]> {
    const [approvers, admins] = await Promise.all([
      acts.usersForBodies({ bodyIds: [this.input.upperBodyId], role: 'approver' }),
      acts.usersForBodies({ bodyIds: this.input.orgPath, role: 'admin' }),
    ]);
    return [...new Set([...approvers, ...admins])];
  }
}
