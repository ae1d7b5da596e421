import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { cursorQuery, limitQuery } from '../inbox/page.query';

export const notificationsQuerySchema = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: limitQuery(100),
  cursor: cursorQuery('notifications').describe(
    'the X-Next-Cursor header of the previous page (keyset pagination); absent for the first page',
  ),
});
export class NotificationsQueryDto extends createZodDto(notificationsQuerySchema) {}

export const notificationIdParamSchema = z.object({ id: z.coerce.number().int().min(1) });
export class NotificationIdParamDto extends createZodDto(notificationIdParamSchema) {}

export const notificationSchema = z
  .object({
    id: z.number().int(),
    subject: z.string(),
    body: z.string(),
    caseId: z.string().nullable(),
    taskId: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });
export class NotificationListDto extends createZodDto(z.array(notificationSchema)) {}

export const markReadResultSchema = z.object({ id: z.number().int(), read: z.boolean() });
export class MarkReadResultDto extends createZodDto(markReadResultSchema) {}
