import { useState } from 'react';
import { App, Button, Card, Progress, Select, Space, Table, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { downloadFile, uploadWithProgress } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { formatInstant } from '../../lib/dates';
import { useNames } from '../../lib/lookups';
import { caseKeys, useAttachments } from './case.queries';

/**
 * The case's attachments: upload with progress (multipart, the step chosen), download through the API (the step-10
 * privacy rule is the API's: withheld files are simply not listed).
 */
export function Attachments({ caseId, steps, defaultStep }: { caseId: string; steps: string[]; defaultStep?: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const list = useAttachments(caseId);
  const [step, setStep] = useState<string | undefined>(defaultStep ?? steps[steps.length - 1]);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const names = useNames((list.data?.items ?? []).map((a) => a.uploadedBy));

  const upload = async (file: File) => {
    setError(null);
    setPercent(0);
    const form = new FormData();
    if (step) form.append('step', step);
    form.append('file', file, file.name);
    try {
      await uploadWithProgress(`/api/cases/${encodeURIComponent(caseId)}/attachments`, form, setPercent);
      void message.success(file.name);
      await client.invalidateQueries({ queryKey: caseKeys.attachments(caseId) });
      await client.invalidateQueries({ queryKey: caseKeys.dossier(caseId) });
    } catch (e) {
      setError(e);
    } finally {
      setPercent(null);
    }
  };

  return (
    <Card title={t('case.attachments')} size="small" data-testid="attachments">
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          aria-label={t('attach.step')}
          style={{ width: 120 }}
          value={step}
          onChange={setStep}
          options={steps.map((s) => ({ value: s, label: s }))}
        />
        <Upload
          showUploadList={false}
          accept=".pdf,.jpg,.jpeg,.png,.ofd,.docx"
          customRequest={({ file }) => void upload(file as File)}
        >
          <Button icon={<UploadOutlined />} loading={percent !== null}>
            {t('attach.upload')}
          </Button>
        </Upload>
        <span style={{ color: '#666', fontSize: 12 }}>{t('attach.types')}</span>
      </Space>
      {percent !== null ? <Progress percent={percent} size="small" aria-label={t('attach.upload')} /> : null}
      <ProblemAlert error={error ?? list.error} />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('attach.none') }}
        columns={[
          { title: t('attach.step'), dataIndex: 'step', width: 70 },
          { title: t('attach.name'), dataIndex: 'fileName', ellipsis: true },
          { title: t('attach.size'), key: 'size', width: 90, render: (_, a) => `${Math.ceil(a.sizeBytes / 1024)} KB` },
          { title: t('attach.uploadedBy'), key: 'by', width: 140, render: (_, a) => names(a.uploadedBy) },
          { title: t('attach.at'), key: 'at', width: 160, render: (_, a) => formatInstant(a.uploadedAt, locale) },
          {
            title: t('attach.download'),
            key: 'dl',
            width: 80,
            render: (_, a) => (
              <Button
                size="small"
                aria-label={`${t('attach.download')} ${a.fileName}`}
                onClick={() => void downloadFile(a.downloadUrl, a.fileName).catch(setError)}
              >
                {t('attach.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
