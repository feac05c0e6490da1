import { copy } from '../../copy';
import type { Priority } from '../../api/types';

const PRIORITIES: Priority[] = ['basse', 'moyenne', 'haute'];

export function PriorityStep({ value, choose }: { value: Priority; choose: (p: Priority) => void }) {
  return (
    <fieldset class="choices">
      <legend>{copy.priority.legend}</legend>
      {PRIORITIES.map((priority) => (
        <button key={priority} type="button" class={`choice choice-${priority}`} aria-pressed={value === priority}
          onClick={() => choose(priority)}>
          {copy.priority.labels[priority]}
          {value === priority && <span aria-hidden="true"> ✓</span>}
        </button>
      ))}
    </fieldset>
  );
}
