import { useState } from 'react';
import { Button, Card, Form, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { DateInput, dateItemProps } from '../../components/DateField';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { useRosterOptions } from '../admission/AdmissionProgress';
import { StartForm } from './StartForm';
import { useSubmitterOrgs } from './submitter-orgs';

type Body = components['schemas']['VacanciesRequestDto'] & { orgId: string };
type Vacancy = components['schemas']['Vacancy'];
const POSTS: Vacancy['post'][] = ['secretary', 'deputySecretary', 'committeeMember'];
const REASONS: Vacancy['reason'][] = ['left', 'resigned', 'removed', 'died', 'transferred', 'illness'];

/** 委员出缺 → 补选 (RULES §B.4, §D.8). */
export default function VacancyStartPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<Body>();
  const orgs = useSubmitterOrgs();
  const [orgId, setOrgId] = useState<string | undefined>();
  const roster = useRosterOptions(orgId);
  return (
    <StartForm<Body>
      title={t('start.vacancy')}
      form={form}
      initialValues={{ vacancies: [{} as Vacancy] }}
      submit={({ orgId: org, ...body }) =>
        unwrap(api.POST('/api/orgs/{orgId}/vacancies', { params: { path: { orgId: org } }, body }))
      }
    >
      <Form.Item name="orgId" label={t('vac.orgId')} rules={[{ required: true }]}>
        <Select aria-label={t('vac.orgId')} options={orgs} onChange={setOrgId} />
      </Form.Item>
      <Form.List name="vacancies">
        {(rows, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
            {rows.map((row) => (
              <Card
                key={row.key}
                size="small"
                extra={
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t('decision.remove')}
                    onClick={() => remove(row.name)}
                  />
                }
              >
                <Form.Item name={[row.name, 'personId']} label={t('vac.person')} rules={[{ required: true }]}>
                  <Select aria-label={t('vac.person')} options={roster} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
                <Form.Item name={[row.name, 'post']} label={t('vac.post')} rules={[{ required: true }]}>
                  <Select
                    aria-label={t('vac.post')}
                    options={POSTS.map((p) => ({ value: p, label: t(`post.${p}` as MessageKey) }))}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'reason']} label={t('vac.reason')} rules={[{ required: true }]}>
                  <Select
                    aria-label={t('vac.reason')}
                    options={REASONS.map((r) => ({ value: r, label: t(`vacReason.${r}` as MessageKey) }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'occurredOn']}
                  label={t('vac.occurredOn')}
                  rules={[{ required: true }]}
                  {...dateItemProps}
                >
                  <DateInput aria-label={t('vac.occurredOn')} />
                </Form.Item>
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({})}>
              {t('decision.add')}
            </Button>
          </Space>
        )}
      </Form.List>
    </StartForm>
  );
}
