import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { roleGrantSchema } from '../../../../libs/contracts';

export const devTokenRequestSchema = z.object({ userId: z.string().min(1) });
export class DevTokenRequestDto extends createZodDto(devTokenRequestSchema) {}

export const devTokenSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
});
export class DevTokenDto extends createZodDto(devTokenSchema) {}

export const devUserSchema = z
  .object({ userId: z.string(), displayName: z.string(), email: z.string(), roles: z.array(roleGrantSchema) })
  .meta({ id: 'DevUser' });
export class DevUserListDto extends createZodDto(z.array(devUserSchema)) {}
