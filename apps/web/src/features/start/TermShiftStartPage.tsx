import { Form, Input, Select } from 'antd';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { DateInput, dateItemProps } from '../../components/DateField';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { StartForm } from './StartForm';
import { useSubmitterOrgs } from './submitter-orgs';

type Body = components['schemas']['TermShiftRequestDto'] & { orgId: string };
const GROUNDS: Body['grounds'] = [
  'rectification',
  'leadershipWeak',
  'membersAway',
  'emergency',
  'cannotWorkNormally',
  'manyVacancies',
  'committeeMisconduct',
  'upperDecision',
  'other',
];

/** 提前 / 延期换届 (RULES §B.3): the date must lie within one year of the term end (the API answers 422 otherwise). */
export default function TermShiftStartPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<Body>();
  const orgs = useSubmitterOrgs();
  return (
    <StartForm<Body>
      title={t('start.termShift')}
      form={form}
      ruleField={() => 'plannedElectionDate'}
      submit={({ orgId, ...body }) =>
        unwrap(api.POST('/api/orgs/{orgId}/term-shifts', { params: { path: { orgId } }, body }))
      }
    >
      <Form.Item name="orgId" label={t('shift.orgId')} rules={[{ required: true }]}>
        <Select aria-label={t('shift.orgId')} options={orgs} />
      </Form.Item>
      <Form.Item
        name="plannedElectionDate"
        label={t('shift.plannedElectionDate')}
        rules={[{ required: true }]}
        {...dateItemProps}
      >
        <DateInput aria-label={t('shift.plannedElectionDate')} />
      </Form.Item>
      <Form.Item name="grounds" label={t('shift.grounds')} rules={[{ required: true }]}>
        <Select
          mode="multiple"
          aria-label={t('shift.grounds')}
          // typed text finds the grounds by their words (the default would match the enum values)
          showSearch={{ optionFilterProp: 'label' }}
          options={GROUNDS.map((g) => ({ value: g, label: t(`ground.${g}` as MessageKey) }))}
        />
      </Form.Item>
      <Form.Item name="reasons" label={t('shift.reasons')} rules={[{ required: true }]}>
        <Input.TextArea rows={3} aria-label={t('shift.reasons')} />
      </Form.Item>
    </StartForm>
  );
}
