import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { NotificationRepository } from '../../../../libs/db';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';
import {
  MarkReadResultDto,
  NotificationIdParamDto,
  NotificationListDto,
  NotificationsQueryDto,
} from './notifications.dto';

/** In-app notifications of the signed-in user (the outbox's inApp channel). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationRepository) {}

  @Get()
  @ApiOkResponse({ type: NotificationListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: NotificationsQueryDto): Promise<NotificationListDto> {
    const rows = await this.notifications.listForUser(actor.userId, query.unread ?? false);
    return rows.map((n) => ({
      id: n.id,
      subject: n.subject,
      body: n.body,
      caseId: n.caseId,
      taskId: n.taskId,
      createdAt: n.createdAt,
      readAt: n.readAt,
    }));
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkReadResultDto })
  async markRead(@CurrentActor() actor: Actor, @Param() params: NotificationIdParamDto): Promise<MarkReadResultDto> {
    if (!(await this.notifications.markRead(actor.userId, params.id))) {
      throw ApiError.notFound('NOTIFICATION_NOT_FOUND', '未找到该通知', 'Notification not found');
    }
    return { id: params.id, read: true };
  }
}
