import { mailFigure, type MailReceipt } from '../../../scripts/chaos/checks';

// Issue 8 §9: duplicate emails by Message-ID at the SMTP sink, goal 0. The one duplicate SMTP cannot prevent — the
// sender killed after the server's acceptance, before its outbox commit — is named with its kill; any other misses.
describe('chaos: duplicate emails', () => {
  const mail = (messageId: string, sender: string, at: number): MailReceipt => ({ messageId, sender, at });

  it('meets the goal when every Message-ID arrived once', () => {
    const { figure, details } = mailFigure([mail('<notification-1@branchflow>', 'h/10', 1000)], []);
    expect(figure.ok).toBe(true);
    expect(details).toEqual([]);
  });

  it.each([
    ['killed right after the acceptance', 10, 1050, true],
    ['killed seconds later, its commit still waiting (a saturated machine)', 10, 4000, true],
    ['killed as the second copy arrived', 10, 130_000, true],
    ['killed after the second copy: it lived on without committing', 10, 130_001, false],
    ['killed before the acceptance', 10, 999, false],
    ['alive, another process killed', 11, 1050, false],
  ])(
    'a message received twice, its first sender (pid 10) %s (pid %i at %i ms): explained %s',
    (_label, pid, killedAt, explained) => {
      const { figure, details } = mailFigure(
        [mail('<notification-7@branchflow>', 'h/10', 1000), mail('<notification-7@branchflow>', 'h/12', 130_000)],
        [{ pid, at: killedAt }],
      );
      expect(figure.ok).toBe(explained);
      expect(figure.value).toContain(`1 of 2 received`);
      expect(details).toHaveLength(1);
    },
  );

  it('misses the goal for a message received three times even when its first sender was killed', () => {
    const copies = [1000, 130_000, 260_000].map((at) => mail('<notification-7@branchflow>', 'h/10', at));
    expect(mailFigure(copies, [{ pid: 10, at: 1010 }]).figure.ok).toBe(false);
  });

  it('misses the goal for a message without a Message-ID', () => {
    expect(mailFigure([{ messageId: null, sender: 'h/10', at: 1 }], []).figure.ok).toBe(false);
  });
});
