/**
 * « Enregistrer un retour »: what the customer gives back, product by product (never more than
 * delivered), why, and whether it can be sold again; confirmed, then queued offline.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { copy } from '../../copy';
import { formatFcfa, formatQuantity, parseQuantity } from '../../lib/money';
import { getOrder } from '../../store/orders';
import {
  canReturn, hasErrors, recordReturn, returnable, returnErrors, type ReturnErrors, type ReturnInput, returnLines, returnValue,
} from '../../store/returns';
import type { LocalOrder, OrderLine } from '../../store/types';
import { setState } from '../../state';
import { afterLocalChange } from '../../sync/controller';
import { go, paths } from '../router';
import { useLoad } from '../useAsync';

/** The form as typed: quantities stay text until checked (an empty field gives nothing back). */
interface Draft {
  quantities: Record<string, string>;
  reason: string;
  restock: boolean;
}

function inputOf(draft: Draft): ReturnInput {
  const quantities = Object.fromEntries(Object.entries(draft.quantities)
    .map(([productId, text]) => [productId, text.trim() === '' ? 0 : parseQuantity(text)]));
  return { quantities, reason: draft.reason, restock: draft.restock };
}

/** One line per product still to give back (the same product twice on an order is one line here). */
function linesLeft(order: LocalOrder, left: Map<string, number>): OrderLine[] {
  const seen = new Set<string>();
  return order.items.filter((line) => {
    if (seen.has(line.product_id) || (left.get(line.product_id) ?? 0) <= 0) return false;
    seen.add(line.product_id);
    return true;
  });
}

interface QuantityProps {
  line: OrderLine;
  left: number;
  text: string;
  error: string | undefined;
  change: (text: string) => void;
}

function QuantityField({ line, left, text, error, change }: QuantityProps) {
  const id = line.product_id;
  return (
    <label class="field">
      <span>{copy.returns.quantity(line.product_name)}</span>
      <input name={`return-${id}`} inputMode="decimal" autoComplete="off" value={text} placeholder="0"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `left-${id} return-error-${id}` : `left-${id}`}
        onInput={(e) => change(e.currentTarget.value)} />
      <span id={`left-${id}`} class="hint">{copy.returns.delivered(formatQuantity(left), line.unit)}</span>
      {error && <span id={`return-error-${id}`} class="error" role="alert">{error}</span>}
    </label>
  );
}

function RestockChoice({ restock, choose }: { restock: boolean; choose: (restock: boolean) => void }) {
  return (
    <fieldset class="choices" aria-describedby="restock-hint">
      <legend>{copy.returns.restock}</legend>
      <div class="row">
        <button type="button" class="choice choice-restock" aria-pressed={restock} onClick={() => choose(true)}>
          {copy.returns.restockYes}
        </button>
        <button type="button" class="choice choice-lost" aria-pressed={!restock} onClick={() => choose(false)}>
          {copy.returns.restockNo}
        </button>
      </div>
      <p id="restock-hint" class="hint">{copy.returns.restockHint}</p>
    </fieldset>
  );
}

function ConfirmReturn({ text, confirm, back, busy }: { text: string; confirm: () => void; back: () => void; busy: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} class="doubts" aria-labelledby="return-title" onCancel={(e) => { e.preventDefault(); back(); }}>
      <h2 id="return-title">{copy.returns.confirmTitle}</h2>
      <p><strong>{text}</strong></p>
      <div class="row">
        <button type="button" class="btn btn-secondary" onClick={back}>{copy.returns.no}</button>
        <button type="button" class="btn btn-primary" disabled={busy} onClick={confirm}>{copy.returns.yes}</button>
      </div>
    </dialog>
  );
}

function GiveBack({ order }: { order: LocalOrder }) {
  const left = returnable(order);
  const [draft, setDraft] = useState<Draft>({ quantities: {}, reason: '', restock: true });
  const [errors, setErrors] = useState<ReturnErrors>({ byProduct: {} });
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = inputOf(draft);
  const value = returnValue(order, returnLines(input));
  const set = (part: Partial<Draft>) => setDraft({ ...draft, ...part });

  function ask() {
    const found = returnErrors(order, input);
    setErrors(found);
    if (!hasErrors(found)) setAsking(true);
  }

  async function confirm() {
    setBusy(true);
    await recordReturn(order.local_id, input);
    setState({ flash: copy.returns.done(order.order_number), flashAction: null });
    await afterLocalChange();
    go(paths.detail(order.local_id), true);
  }

  return (
    <article class="detail give-back">
      <a href={paths.detail(order.local_id)} class="btn-link">← {copy.nav.back}</a>
      <h1>{copy.returns.title(order.order_number)}</h1>
      <p><strong>{order.client_name}</strong></p>
      <p class="hint">{copy.returns.intro}</p>
      <div class="stack">
        {linesLeft(order, left).map((line) => (
          <QuantityField key={line.product_id} line={line} left={left.get(line.product_id) ?? 0}
            text={draft.quantities[line.product_id] ?? ''} error={errors.byProduct[line.product_id]}
            change={(text) => set({ quantities: { ...draft.quantities, [line.product_id]: text } })} />
        ))}
        {errors.nothing && <p class="error" role="alert">{errors.nothing}</p>}
        <label class="field">
          <span>{copy.returns.reason}</span>
          <input name="reason" autoComplete="off" value={draft.reason} aria-describedby="reason-hint"
            onInput={(e) => set({ reason: e.currentTarget.value })} />
          <span id="reason-hint" class="hint">{copy.returns.reasonHint}</span>
        </label>
        <RestockChoice restock={draft.restock} choose={(restock) => set({ restock })} />
        <p class="money-line"><span>{copy.returns.value}</span> <strong>{formatFcfa(value)}</strong></p>
      </div>
      <div class="wizard-nav">
        <div class="row">
          <a class="btn btn-secondary" href={paths.detail(order.local_id)}>{copy.wizard.cancel}</a>
          <button type="button" class="btn btn-primary" onClick={ask}>{copy.returns.submit}</button>
        </div>
      </div>
      {asking && (
        <ConfirmReturn text={copy.returns.confirm(order.order_number, formatFcfa(value))}
          confirm={() => void confirm()} back={() => setAsking(false)} busy={busy} />
      )}
    </article>
  );
}

export function ReturnScreen({ localId }: { localId: string }) {
  const order = useLoad(() => getOrder(localId), [localId]);
  if (!order) return null;
  if (!canReturn(order)) {
    return (
      <article class="detail">
        <a href={paths.detail(localId)} class="btn-link">← {copy.nav.back}</a>
        <p class="error" role="alert">{copy.returns.notReturnable}</p>
      </article>
    );
  }
  return <GiveBack order={order} />;
}
