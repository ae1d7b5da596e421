import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { HttpResponse } from '../common/http.types';
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

  /**
   * Newest first, one page (`limit`, default 100, at most 200). The body stays an array; the cursor of the next page
   * is in the `X-Next-Cursor` header (absent on the last page).
   */
  @Get()
  @ApiOkResponse({
    type: NotificationListDto,
    headers: { 'X-Next-Cursor': { description: 'cursor of the next page; absent on the last page', required: false } },
  })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: NotificationsQueryDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<NotificationListDto> {
    const { items, nextCursor } = await this.notifications.pageForUser(actor.userId, query.unread ?? false, {
      limit: query.limit,
      cursor: query.cursor,
    });
    if (nextCursor) res.setHeader('X-Next-Cursor', nextCursor);
    return items.map((n) => ({
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
