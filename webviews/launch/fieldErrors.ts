/**
 * The host's check errors shown next to their fields. Each field asks for a message slot under its
 * id (`param:<name>`, `extra:<index>`, `runName`…) and says which controls the message describes;
 * `apply` fills every slot from a `LaunchCheck` and returns the errors no shown field owns, so they
 * can be listed elsewhere (an error never goes unseen while it keeps Run disabled).
 */
import { el } from '../shared/dom';

/** Marks one control invalid and described by the message, or clears it (`null`). */
export type ErrorTarget = (message: HTMLElement | null) => void;

interface Slot {
  group: string;
  message: HTMLElement;
  targets: ErrorTarget[];
}

export class FieldErrors {
  private readonly slots = new Map<string, Slot>();

  /** The message element for field `id`, to place next to it; it stays empty and hidden without an error. */
  slot(group: string, id: string, ...targets: ErrorTarget[]): HTMLElement {
    const message = el('p', { className: 'field-error', attrs: { 'data-error-for': id, hidden: true } });
    this.slots.set(id, { group, message, targets });
    return message;
  }

  /** Forgets the slots of a part of the form that is drawn again. */
  clearGroup(group: string): void {
    for (const [id, slot] of this.slots) if (slot.group === group) this.slots.delete(id);
  }

  /** Shows `errors` in their slots; returns those of fields not shown, as [id, message]. */
  apply(errors: Readonly<Record<string, string>>): [string, string][] {
    for (const [id, slot] of this.slots) {
      const invalid = Object.prototype.hasOwnProperty.call(errors, id);
      slot.message.textContent = invalid ? errors[id] || 'Invalid value.' : '';
      slot.message.hidden = !invalid;
      for (const target of slot.targets) target(invalid ? slot.message : null);
    }
    return Object.entries(errors).filter(([id]) => !this.slots.has(id));
  }
}
