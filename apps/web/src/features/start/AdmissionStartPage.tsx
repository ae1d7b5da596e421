import { Form, Input, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { DateInput, dateItemProps } from '../../components/DateField';
import { useI18n } from '../../i18n/i18n';
import { formatDate, todayInChina } from '../../lib/dates';
import { StartForm } from './StartForm';
import { useSubmitterOrgs } from './submitter-orgs';

type Body = components['schemas']['StartAdmissionDto'];

/** 递交入党申请书 (RULES §E step 1): the branch registers the application of a person of its work units. */
export default function AdmissionStartPage() {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Body>();
  const orgs = useSubmitterOrgs();
  const orgId = Form.useWatch('orgId', form);
  const applicants = useQuery({
    queryKey: ['applicants', orgId],
    queryFn: () => unwrap(api.GET('/api/orgs/{orgId}/applicants', { params: { path: { orgId: orgId! } } })),
    enabled: !!orgId,
  });
  return (
    <StartForm<Body>
      title={t('start.admission')}
      form={form}
      initialValues={{ applicationDate: todayInChina() }}
      ruleField={(e) => (e.problem.code === 'WRONG_ORGANIZATION' ? 'orgId' : 'personId')}
      submit={(values) => unwrap(api.POST('/api/admission-cases', { body: values }))}
    >
      <Form.Item name="orgId" label={t('adm.orgId')} rules={[{ required: true }]}>
        <Select aria-label={t('adm.orgId')} options={orgs} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item name="personId" label={t('adm.personId')} rules={[{ required: true }]}>
        <Select
          aria-label={t('adm.personId')}
          loading={applicants.isLoading}
          showSearch={{ optionFilterProp: 'label' }}
          options={(applicants.data?.people ?? []).map((p) => ({
            value: p.personId,
            label: `${p.name}（${formatDate(p.birthDate, locale)}）`,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="applicationDate"
        label={t('adm.applicationDate')}
        rules={[{ required: true }]}
        {...dateItemProps}
      >
        <DateInput aria-label={t('adm.applicationDate')} />
      </Form.Item>
      <Form.Item name="note" label={t('adm.note')}>
        <Input.TextArea rows={2} aria-label={t('adm.note')} />
      </Form.Item>
    </StartForm>
  );
}
