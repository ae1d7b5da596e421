import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { Actor } from '../../../../libs/contracts';
import {
  AesGcmPayloadCodec,
  PayloadDecryptionError,
  payloadFromWire,
  payloadToWire,
} from '../../../../libs/temporal-trust';
import { API_SETTINGS, type ApiSettings } from '../api-settings';
import { isAnyAdmin } from '../auth/actor-access';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';

const base64 = z
  .string()
  .max(4 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
const wirePayload = z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() });
export const codecBodySchema = z.object({ payloads: z.array(wirePayload).max(1000) });
export class CodecBodyDto extends createZodDto(codecBodySchema) {}

/**
 * Temporal's remote codec protocol for the Web UI and `temporal --codec-endpoint` (issue 8 §4): the UI sends the
 * encrypted payloads of a history it shows and displays what comes back. Only administrators may read them, since
 * histories hold personal data and restricted texts (the step-10 political review, RULES §H.15); everyone else gets
 * 403 and the UI keeps showing ciphertext. CORS for the UI's origin is set in create-app (codec-cors.ts).
 */
@ApiTags('codec')
@Controller('codec')
export class CodecController {
  private readonly codec: AesGcmPayloadCodec;

  constructor(@Inject(API_SETTINGS) settings: ApiSettings) {
    this.codec = new AesGcmPayloadCodec(settings.payloadKeys);
  }

  @Post('decode')
  @HttpCode(200)
  @ApiOkResponse({ type: CodecBodyDto })
  async decode(@CurrentActor() actor: Actor, @Body() body: CodecBodyDto): Promise<CodecBodyDto> {
    mayUseCodec(actor);
    try {
      const decoded = await this.codec.decode(body.payloads.map(payloadFromWire));
      return { payloads: decoded.map(payloadToWire) };
    } catch (err) {
      if (err instanceof PayloadDecryptionError) {
        throw new ApiError(400, 'PAYLOAD_NOT_DECRYPTABLE', '载荷无法解密（密钥未知或内容被改动）', err.message);
      }
      throw err;
    }
  }

  @Post('encode')
  @HttpCode(200)
  @ApiOkResponse({ type: CodecBodyDto })
  async encode(@CurrentActor() actor: Actor, @Body() body: CodecBodyDto): Promise<CodecBodyDto> {
    mayUseCodec(actor);
    const encoded = await this.codec.encode(body.payloads.map(payloadFromWire));
    return { payloads: encoded.map(payloadToWire) };
  }
}

function mayUseCodec(actor: Actor): void {
  if (!isAnyAdmin(actor)) {
    throw ApiError.forbidden(
      'CODEC_NOT_ALLOWED',
      '仅管理员可在 Temporal Web UI 中解密流程数据',
      'Only administrators may decode workflow payloads for the Temporal Web UI',
    );
  }
}
