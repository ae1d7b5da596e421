import { Controller, Get, Header, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { HttpResponse } from '../common/http.types';
import { contentDisposition } from '../attachments/content-disposition';
import { DossierViewDto } from './dossier.dto';
import { DossierService } from './dossier.service';

/** Printed pages carry no scripts and load nothing: inline styles only. */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'";

@ApiTags('dossier')
@ApiBearerAuth()
@Controller('admission-cases')
export class DossierController {
  constructor(private readonly dossier: DossierService) {}

  @Get(':caseId/dossier')
  @ApiOperation({
    summary: 'Member-development dossier (纪实) as JSON',
    description:
      'The 25 steps (RULES §E) with dates, actors, outcomes, votes, rules and evidence; key dates, party standing, ' +
      'transfers and compliance flags. The political review conclusion text is shown to administrators and the ' +
      'upper committee only (RULES H-15).',
  })
  @ApiOkResponse({ type: DossierViewDto })
  view(@CurrentActor() actor: Actor, @Param('caseId') caseId: string): Promise<DossierViewDto> {
    return this.dossier.view(actor, caseId) as Promise<DossierViewDto>;
  }

  @Get(':caseId/dossier.html')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'printable zh-CN page' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', HTML_CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  html(@CurrentActor() actor: Actor, @Param('caseId') caseId: string): Promise<string> {
    return this.dossier.html(actor, caseId);
  }

  @Get(':caseId/dossier.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF with the Chinese text embedded; 503 DOSSIER_FONT_MISSING without a CJK font' })
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<StreamableFile> {
    const { bytes, view } = await this.dossier.pdf(actor, caseId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      length: bytes.length,
      disposition: contentDisposition(`发展党员纪实-${view.person.name}.pdf`, 'inline'),
    });
  }
}
