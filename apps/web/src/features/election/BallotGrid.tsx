import { useCallback, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { App, Button, InputNumber, Space, Typography } from 'antd';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { settlesIntent, useIdempotencyKey } from '../../lib/idempotency';
import { useSubmitBallots, type Ballot } from './election.queries';

const MARK: Record<string, 'for' | 'against' | 'abstain'> = { '1': 'for', '2': 'against', '3': 'abstain' };
const ROW_HEIGHT = 40;

export interface GridCandidate {
  personId: string;
  name: string;
}

/**
 * 选票录入 for tellers: one row per ballot, one cell per candidate; keyboard only (1 for, 2 against, 3 abstain, the
 * cursor moves on by itself, arrows move, Enter starts the next ballot). Rows are virtualized, so 1,000 ballots stay
 * smooth. Saved in bulk (one request, one Idempotency-Key) or one ballot at a time.
 */
export function BallotGrid({
  caseId,
  roundId,
  candidates,
}: {
  caseId: string;
  roundId: string;
  candidates: GridCandidate[];
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [rows, setRows] = useState<string[][]>(() => [candidates.map(() => '')]);
  const [addCount, setAddCount] = useState<number | null>(10);
  const submit = useSubmitBallots(caseId);
  const idem = useIdempotencyKey();
  const parent = useRef<HTMLDivElement>(null);
  // The cell the next key press goes to: moved by the keyboard at once, so fast typing never waits for focus.
  const cursor = useRef({ row: 0, col: 0 });
  const cols = candidates.length;
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  // Focus moves at once (the next key press must land in the next cell); a row outside the rendered window is
  // scrolled into view first.
  const focusCell = useCallback(
    (row: number, col: number) => {
      cursor.current = { row, col };
      const find = () => parent.current?.querySelector<HTMLInputElement>(`input[data-cell="${row}:${col}"]`);
      const now = find();
      if (now) {
        now.focus();
        now.select();
        return;
      }
      virtual.scrollToIndex(row, { align: 'auto' });
      requestAnimationFrame(() => {
        if (cursor.current.row !== row || cursor.current.col !== col) return; // typing has moved on meanwhile
        const later = find();
        later?.focus();
        later?.select();
      });
    },
    [virtual],
  );

  const setCell = (row: number, col: number, value: string) => {
    idem.settle();
    setRows((old) => old.map((r, i) => (i === row ? r.map((c, j) => (j === col ? value : c)) : r)));
  };

  const onKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const { row, col } = cursor.current;
    if (e.key in MARK) {
      e.preventDefault();
      setCell(row, col, e.key);
      if (col + 1 < cols) focusCell(row, col + 1);
      else if (row + 1 < rows.length) focusCell(row + 1, 0);
      return;
    }
    if (e.key === 'Backspace' || e.key === 'Delete' || e.key === '0') {
      e.preventDefault();
      setCell(row, col, '');
    } else if (e.key === 'ArrowRight' && col + 1 < cols) focusCell(row, col + 1);
    else if (e.key === 'ArrowLeft' && col > 0) focusCell(row, col - 1);
    else if (e.key === 'ArrowDown' && row + 1 < rows.length) focusCell(row + 1, col);
    else if (e.key === 'ArrowUp' && row > 0) focusCell(row - 1, col);
    else if (e.key === 'Enter') {
      e.preventDefault();
      if (row + 1 >= rows.length) setRows((old) => [...old, candidates.map(() => '')]);
      cursor.current = { row: row + 1, col: 0 };
      requestAnimationFrame(() => focusCell(row + 1, 0));
    } else if (e.key.length === 1) e.preventDefault();
  };

  const toBallot = (row: string[]): Ballot => ({
    marks: Object.fromEntries(
      row.flatMap((v, j) => (MARK[v] ? [[candidates[j]!.personId, MARK[v]]] : [])),
    ) as Ballot['marks'],
    writeIns: [],
  });

  const save = async (indexes: number[]) => {
    const ballots = indexes.map((i) => toBallot(rows[i]!));
    if (ballots.length === 0) return;
    try {
      const result = await submit.mutateAsync({ roundId, ballots, key: idem.key() });
      idem.settle();
      void message.success(t('el.saved', { accepted: result.accepted, returned: result.returnedSoFar }));
      setRows((old) => {
        const rest = old.filter((_, i) => !indexes.includes(i));
        return rest.length ? rest : [candidates.map(() => '')];
      });
    } catch (e) {
      if (settlesIntent(e)) idem.settle();
    }
  };

  const template = `4.5em repeat(${cols}, minmax(3.2em, 1fr)) 6em`;
  return (
    <div>
      <Typography.Paragraph type="secondary">{t('el.gridHelp')}</Typography.Paragraph>
      <div style={{ overflowX: 'auto' }}>
        <div
          role="grid"
          aria-label={t('el.grid')}
          className="ballot-grid"
          aria-rowcount={rows.length + 1}
          style={{ minWidth: 'fit-content' }}
        >
          <div role="row" style={{ display: 'grid', gridTemplateColumns: template, fontWeight: 500, padding: '4px 0' }}>
            <div role="columnheader">{t('el.ballot')}</div>
            {candidates.map((c) => (
              <div role="columnheader" key={c.personId} style={{ textAlign: 'center' }}>
                {c.name}
              </div>
            ))}
            <div role="columnheader" />
          </div>
          <div ref={parent} style={{ height: Math.min(400, rows.length * ROW_HEIGHT + 4), overflowY: 'auto' }}>
            <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {virtual.getVirtualItems().map((v) => (
                <div
                  role="row"
                  key={v.key}
                  aria-rowindex={v.index + 2}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${v.start}px)`,
                    display: 'grid',
                    gridTemplateColumns: template,
                    alignItems: 'center',
                  }}
                >
                  <div role="rowheader">{v.index + 1}</div>
                  {candidates.map((c, j) => (
                    <div role="gridcell" key={c.personId} style={{ textAlign: 'center' }}>
                      <input
                        data-cell={`${v.index}:${j}`}
                        aria-label={t('el.mark', { ballot: v.index + 1, candidate: c.name })}
                        value={rows[v.index]?.[j] ?? ''}
                        onChange={() => undefined}
                        onKeyDown={onKey}
                        onFocus={() => {
                          cursor.current = { row: v.index, col: j };
                        }}
                        inputMode="numeric"
                        autoComplete="off"
                      />
                    </div>
                  ))}
                  <div role="gridcell">
                    <Button size="small" onClick={() => void save([v.index])} disabled={submit.isPending}>
                      {t('el.saveOne')}
                    </Button>
                  </div>
                </div>
              ))}
            </div>
          </div>
        </div>
      </div>
      <Space wrap style={{ marginTop: 8 }}>
        <Button onClick={() => setRows((old) => [...old, candidates.map(() => '')])}>{t('el.addBallot')}</Button>
        <InputNumber
          min={1}
          max={5000}
          value={addCount}
          onChange={setAddCount}
          aria-label={t('el.addRows')}
          style={{ width: 90 }}
        />
        <Button
          onClick={() =>
            setRows((old) => [...old, ...Array.from({ length: addCount ?? 1 }, () => candidates.map(() => ''))])
          }
        >
          {t('el.addRows')}
        </Button>
        <Button
          type="primary"
          loading={submit.isPending}
          onClick={() => void save(rows.map((_, i) => i))}
          data-testid="save-ballots"
        >
          {t('el.saveBallots')}（{rows.length}）
        </Button>
      </Space>
      <ProblemAlert error={submit.error} />
    </div>
  );
}
