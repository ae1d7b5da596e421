import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IdentityRepository } from '../../../../libs/db';
import { API_SETTINGS, type ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';
import { DevTokenDto, DevTokenRequestDto, DevUserListDto } from './auth.dto';
import { Public } from './public.decorator';

/** Dev-mode sign-in helpers (AUTH_MODE=dev). In production mode these routes answer 404 as if absent. */
@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly jwt: JwtService,
    private readonly identity: IdentityRepository,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  @Post('dev-token')
  @HttpCode(200)
  @ApiOkResponse({ type: DevTokenDto })
  async devToken(@Body() body: DevTokenRequestDto): Promise<DevTokenDto> {
    this.requireDevMode();
    const user = await this.identity.getUser(body.userId);
    if (!user) throw ApiError.notFound('USER_NOT_FOUND', '未找到该用户', 'User not found');
    const expiresIn = this.settings.devTokenTtlSeconds;
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, name: user.displayName },
      {
        secret: this.settings.jwtSecret,
        algorithm: 'HS256',
        expiresIn,
        audience: this.settings.jwtAudience,
        ...(this.settings.jwtIssuer ? { issuer: this.settings.jwtIssuer } : {}),
      },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }

  @Get('dev-users')
  @ApiOkResponse({ type: DevUserListDto })
  async devUsers(): Promise<DevUserListDto> {
    this.requireDevMode();
    const users = await this.identity.listUsers();
    return Promise.all(
      users.map(async (user) => ({
        userId: user.id,
        displayName: user.displayName,
        email: user.email,
        roles: await this.identity.rolesOf(user.id),
      })),
    );
  }

  private requireDevMode(): void {
    if (this.settings.authMode !== 'dev') throw ApiError.notFound('NOT_FOUND', '资源不存在', 'Not found');
  }
}
