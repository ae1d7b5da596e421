import { Alert, Card, Col, Row, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { useBodyNames } from '../../lib/lookups';
import type { MessageKey } from '../../i18n/zh-CN';

// Only the parts used are registered (this route is its own chunk: echarts never reaches the first load).
echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

interface Datum {
  label: string;
  value: number;
}

function Chart({ title, data, kind = 'bar' }: { title: string; data: Datum[]; kind?: 'bar' | 'pie' }) {
  const { t } = useI18n();
  const option =
    kind === 'pie'
      ? {
          aria: { enabled: true },
          animation: false,
          tooltip: {},
          series: [{ type: 'pie', radius: '60%', data: data.map((d) => ({ name: d.label, value: d.value })) }],
        }
      : {
          aria: { enabled: true },
          animation: false,
          tooltip: {},
          grid: { left: 8, right: 8, bottom: 8, containLabel: true },
          xAxis: {
            type: 'category',
            data: data.map((d) => d.label),
            axisLabel: { interval: 0, rotate: data.length > 6 ? 30 : 0 },
          },
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#c8102e' } }],
        };
  return (
    <Card title={title} size="small">
      <figure style={{ margin: 0 }} aria-label={title}>
        <ReactEChartsCore echarts={echarts} option={option} style={{ height: 260 }} notMerge />
        <details>
          <summary>{t('dash.table')}</summary>
          <Table
            size="small"
            pagination={false}
            rowKey="label"
            dataSource={data}
            columns={[
              { title: title, dataIndex: 'label' },
              { title: t('dash.count'), dataIndex: 'value' },
            ]}
          />
        </details>
      </figure>
    </Card>
  );
}

/** Pictures for administrators: open cases, the member-development pipeline, terms by month, overdue tasks. */
export default function DashboardPage() {
  const { t } = useI18n();
  const bodyName = useBodyNames();
  const data = useQuery({ queryKey: ['dashboard'], queryFn: () => unwrap(api.GET('/api/dashboard')) });
  const d = data.data;
  if (!d) return <ProblemAlert error={data.error} />;
  const byProcedure = new Map<string, number>();
  for (const r of d.openCasesByStage) byProcedure.set(r.procedure, (byProcedure.get(r.procedure) ?? 0) + r.count);
  const nonAdmission = d.openCasesByStage.filter((r) => r.procedure !== 'admission');
  const pipeline = d.openCasesByStage
    .filter((r) => r.procedure === 'admission')
    .sort((a, b) => Number(a.stage.replace(/\D/g, '')) - Number(b.stage.replace(/\D/g, '')));
  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('nav.dashboard')}
      </Typography.Title>
      <Alert
        type={d.overdueElections ? 'warning' : 'info'}
        showIcon
        title={t('dash.overdueElections', { count: d.overdueElections })}
        style={{ marginBottom: 16 }}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Chart
            title={t('dash.openCases')}
            kind="pie"
            data={[...byProcedure].map(([p, n]) => ({ label: t(`procedure.${p}` as MessageKey), value: n }))}
          />
        </Col>
        <Col xs={24} lg={12}>
          <Chart
            title={`${t('dash.openCases')} · ${t('inbox.stage')}`}
            data={nonAdmission.map((r) => ({
              label: `${t(`procedure.${r.procedure}` as MessageKey)} ${r.stage}`,
              value: r.count,
            }))}
          />
        </Col>
        <Col xs={24} lg={12}>
          <Chart title={t('dash.pipeline')} data={pipeline.map((r) => ({ label: r.stage, value: r.count }))} />
        </Col>
        <Col xs={24} lg={12}>
          <Chart
            title={t('dash.elections')}
            data={d.electionsDueByMonth.map((r) => ({ label: r.month, value: r.count }))}
          />
        </Col>
        <Col xs={24}>
          <Chart
            title={t('dash.overdueTasks')}
            data={d.overdueTasksByBody.map((r) => ({
              label: r.bodyId ? bodyName(r.bodyId) : t('dash.namedUsers'),
              value: r.count,
            }))}
          />
        </Col>
      </Row>
    </div>
  );
}
