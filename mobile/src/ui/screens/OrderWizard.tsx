/**
 * "Nouvelle commande" (or an edit): client → products → priority → payment → notes → save.
 * Saving writes the order, its number and its event to IndexedDB at once, network or not.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { copy } from '../../copy';
import { today } from '../../lib/dates';
import { formatFcfa, total } from '../../lib/money';
import { normalizePhone } from '../../lib/phone';
import { getCustomer, listCustomers } from '../../store/customers';
import { createOrder, getOrder, listOrders, pickFields, type Recording, updateOrder } from '../../store/orders';
import type { LocalOrder, OrderFields } from '../../store/types';
import { setState } from '../../state';
import { afterLocalChange } from '../../sync/controller';
import { go, paths } from '../router';
import { useLoad } from '../useAsync';
import { ClientStep } from '../wizard/ClientStep';
import { ConfirmDoubts } from '../wizard/ConfirmDoubts';
import { clearDraft, emptyFields, loadDraft, saveDraft } from '../wizard/draft';
import { debtWarning, unusualOrder } from '../wizard/limits';
import { NotesStep } from '../wizard/NotesStep';
import { PaymentStep } from '../wizard/PaymentStep';
import { PriorityStep } from '../wizard/PriorityStep';
import { ProductsStep } from '../wizard/ProductsStep';
import { type FieldErrors, firstInvalidStep, hasErrors, stepErrors } from '../wizard/validate';

const LAST_STEP = copy.wizard.steps.length - 1;

function cleaned(fields: OrderFields): OrderFields {
  return {
    ...fields, client_name: fields.client_name.trim(), client_phone: normalizePhone(fields.client_phone),
    delivery_address: fields.delivery_address.trim(), notes: fields.notes.trim(),
  };
}

/** The first refused field takes the focus, in the middle of the screen: never under the sticky buttons. */
function showFirstError(form: HTMLFormElement | null): void {
  const target = form?.querySelector<HTMLElement>('[aria-invalid="true"], .step-error');
  if (!target) return;
  target.focus({ preventScroll: true });
  (target.closest('.field') ?? target).scrollIntoView({ block: 'center' });
}

function Form({ existing }: { existing: LocalOrder | null }) {
  const draft = existing ? null : loadDraft();
  const [fields, setFields] = useState<OrderFields>(existing ? pickFields(existing) : draft?.fields ?? emptyFields());
  const [step, setStep] = useState(draft?.step ?? 0);
  const [recordings, setRecordings] = useState<Recording[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusals, setRefusals] = useState(0); // each refused tap shows the first error again
  const [saving, setSaving] = useState(false);
  const [doubts, setDoubts] = useState<string[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);
  const change = (part: Partial<OrderFields>) => setFields((current) => ({ ...current, ...part }));
  const customerId = fields.customer_id ?? fields.customer_local_id ?? null;
  const customers = useLoad(listCustomers, []);
  const customer = customerId ? customers?.find((c) => c.id === customerId || c.local_id === customerId) : undefined;
  const kind = fields.new_customer?.kind ?? customer?.kind ?? null;

  useEffect(() => {
    if (!existing) saveDraft(fields, step);
  }, [fields, step]);
  useEffect(() => {
    window.scrollTo(0, 0);
    // A new step is announced and tabbing starts from it, not from « Suivant » at the bottom.
    if (shownStep.current !== step) stepHeading.current?.focus({ preventScroll: true });
    shownStep.current = step;
  }, [step]);
  useEffect(() => showFirstError(formRef.current), [refusals]);

  function refuse(found: FieldErrors) {
    setErrors(found);
    setRefusals((n) => n + 1);
  }

  function move(to: number) {
    const found = to > step ? stepErrors(step, fields) : {};
    if (hasErrors(found)) return refuse(found);
    setErrors({});
    setStep(to);
  }

  async function save(confirmed = false) {
    const invalid = firstInvalidStep(fields);
    if (invalid !== null) {
      setStep(invalid);
      refuse(stepErrors(invalid, fields));
      return;
    }
    const unusual = confirmed ? [] : unusualOrder(fields, today());
    if (!confirmed && !existing && fields.customer_id) {
      const debt = debtWarning(await getCustomer(fields.customer_id), await listOrders());
      if (debt) unusual.unshift(debt);
    }
    setDoubts(unusual);
    if (unusual.length > 0) return;
    setSaving(true);
    const order = existing
      ? await updateOrder(existing.local_id, cleaned(fields), recordings)
      : await createOrder(cleaned(fields), recordings);
    if (!existing) clearDraft();
    const number = order?.order_number ?? existing?.order_number ?? '';
    const deliverNow = !existing && order ? { label: copy.deliver.afterSave, href: paths.deliver(order.local_id) } : null;
    setState({ flash: order || recordings.length ? copy.wizard.saved(number) : copy.wizard.unchanged, flashAction: deliverNow });
    await afterLocalChange();
    go(paths.orders, true);
  }

  function cancel() {
    if (!existing) clearDraft();
    go(existing ? paths.detail(existing.local_id) : paths.orders, true);
  }

  return (
    <form class="wizard" ref={formRef} onSubmit={(e) => e.preventDefault()}>
      <h1>{existing ? copy.wizard.editTitle(existing.order_number) : copy.wizard.newTitle}</h1>
      <h2 class="progress" tabIndex={-1} ref={stepHeading}>
        {copy.wizard.step(step + 1, LAST_STEP + 1)} · <strong>{copy.wizard.steps[step]}</strong>
      </h2>
      <ol class="dots" aria-hidden="true">
        {copy.wizard.steps.map((name, i) => <li key={name} class={i <= step ? 'dot dot-done' : 'dot'} />)}
      </ol>
      {step === 0 && <ClientStep fields={fields} change={change} errors={errors} />}
      {step === 1 && <ProductsStep items={fields.items} setItems={(items) => change({ items })} error={errors.items}
        kind={kind} reprice={!existing} />}
      {step === 2 && <PriorityStep value={fields.priority} choose={(priority) => change({ priority })} />}
      {step === 3 && <PaymentStep value={fields.payment_status} choose={(payment_status) => change({ payment_status })} />}
      {step === 4 && <NotesStep fields={fields} change={change} recordings={recordings} setRecordings={setRecordings} />}
      <div class="wizard-nav">
        {step === 1 && (
          <p class="running-total" aria-live="polite">
            {copy.products.chosen(fields.items.length)} · {copy.products.total} <strong>{formatFcfa(total(fields.items))}</strong>
          </p>
        )}
        <div class="row">
          {step === 0
            ? <button type="button" class="btn btn-secondary" onClick={cancel}>{copy.wizard.cancel}</button>
            : <button type="button" class="btn btn-secondary" onClick={() => move(step - 1)}>{copy.wizard.previous}</button>}
          {step < LAST_STEP
            ? <button type="button" class="btn btn-primary" onClick={() => move(step + 1)}>{copy.wizard.next}</button>
            : <button type="button" class="btn btn-primary" disabled={saving} onClick={() => void save()}>{copy.wizard.save}</button>}
        </div>
      </div>
      {doubts.length > 0 && <ConfirmDoubts doubts={doubts} confirm={() => void save(true)} fix={() => setDoubts([])} />}
    </form>
  );
}

export function OrderWizard({ localId }: { localId: string | null }) {
  const existing = useLoad(() => (localId ? getOrder(localId) : Promise.resolve(null)), [localId]);
  if (existing === undefined) return null;
  return <Form existing={existing} />;
}
