import { enqueueAndDeliver, resolveRecipients } from './outbox';
import type { OutboxDeps } from './outbox';

export interface NotifyUsersInput {
  dedupeKey: string;
  userIds: string[];
  subject: string;
  body: string;
  caseId: string | null;
  taskId: string | null;
}

export function createNotifyActivities(deps: OutboxDeps) {
  return {
    /** Free-form notification (text composed by the workflow); one in-app and one email row per user and key. */
    async notifyUsers(i: NotifyUsersInput): Promise<void> {
      const recipients = await resolveRecipients(deps.db, i.userIds);
      await enqueueAndDeliver(
        deps,
        recipients,
        { subject: i.subject, body: i.body, caseId: i.caseId, taskId: i.taskId },
        (userId, channel) => `${i.dedupeKey}:${userId}:${channel}`,
      );
    },
  };
}
