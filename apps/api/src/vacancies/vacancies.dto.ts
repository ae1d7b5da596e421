import { z } from 'zod';
import { appointmentSchema, vacancyReasonSchema, vacancySchema } from '../../../../libs/contracts';
import { createObjectDto } from '../common/zod-dto';

export const vacanciesRequestSchema = z.object({
  vacancies: z.array(vacancySchema).min(1).max(21).describe('committee posts vacated (RULES §B.4, §D.8 item 1)'),
});
export class VacanciesRequestDto extends createObjectDto(vacanciesRequestSchema) {}
export type VacanciesRequest = z.infer<typeof vacanciesRequestSchema>;

/** RULES §D.8 item 6: the appointment, and whose post it fills when the post is still held in the registry. */
export const appointmentRequestSchema = z.object({
  ...appointmentSchema.shape,
  vacated: z
    .object({
      personId: z.string().min(1).describe('the current holder of the post, whose post ends'),
      reason: vacancyReasonSchema,
      occurredOn: z.string().date(),
    })
    .optional()
    .describe('required when the post is held (a secretary post is never shared); omitted for a free post'),
});
export class AppointmentRequestDto extends createObjectDto(appointmentRequestSchema) {}
export type AppointmentRequest = z.infer<typeof appointmentRequestSchema>;
