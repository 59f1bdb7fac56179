import { ValidationException } from '../../common/errors/app.exception';
import { validateBody } from '../../common/validation/validation';
import type { SentEvent } from '../assessment-machine.types';
import { EVENT_PAYLOADS, USER_EVENT_TYPES, type UserEventType } from './workflow-event.dto';

/** An event as a person sends it (the API's body or a page's form), checked against the payload of its type. */
export async function parseEvent(body: unknown): Promise<SentEvent> {
  const type = (body as { type?: unknown } | null)?.type;
  if (!USER_EVENT_TYPES.includes(type as UserEventType)) {
    const detail =
      type === 'DEADLINE_PASSED' || type === 'CONDITIONS_MET'
        ? `type ${type} is sent only by the engine`
        : `type must be one of: ${USER_EVENT_TYPES.join(', ')}`;
    throw new ValidationException([{ pointer: '/type', detail }]);
  }
  // The payload class of each type holds exactly that type's fields, so the checked body is that type's event.
  return { ...(await validateBody(EVENT_PAYLOADS[type as UserEventType], body)) } as SentEvent;
}
