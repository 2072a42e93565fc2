/**
 * The scheduler's pacing reports as events, in the words of the directory paced: retries at
 * debug, a server-ordered pause as a warning. Short waits for the client's own rate limit and
 * final failures are left out: the first is the normal pace, the second is reported with the
 * change it belongs to.
 */
import type { EngineEvent } from '../model/events.js';
import type { SchedulerEvent } from './scheduler.js';

const NOTABLE_WAIT_MS = 1000;

/** Who is paced: the directory as a person names it ("Google"), and its event codes' prefix ("GOOGLE"). */
export interface PacedDirectory {
  name: string;
  code: string;
}

export function pacingEvent(event: SchedulerEvent, directory: PacedDirectory): EngineEvent | null {
  const { name, code } = directory;
  switch (event.type) {
    case 'retry':
      return {
        level: 'debug',
        code: `${code}_RETRY`,
        message: `${event.label}: ${event.reason}; retry ${event.attempt} in ${event.delayMs} ms`,
        data: { ...event },
      };
    case 'throttled':
      if (event.waitMs < NOTABLE_WAIT_MS) return null;
      return { level: 'debug', code: `${code}_THROTTLED`, message: `${event.label}: waited ${event.waitMs} ms for the rate limit`, data: { ...event } };
    case 'paused':
      return {
        level: 'warn',
        code: `${code}_PAUSED`,
        message: `${name} asked rollcall to slow down (${event.reason}): pausing all calls for ${Math.ceil(event.waitMs / 1000)} s`,
        data: { ...event },
      };
    case 'slowed':
      return {
        level: 'info',
        code: `${code}_SLOWED`,
        message: `${name} is rate-limiting (${event.reason}) without saying for how long: slowing every call to ${event.perMinute} a minute, then back up gradually`,
        data: { ...event },
      };
    case 'restored':
      return { level: 'info', code: `${code}_RATE_RESTORED`, message: `back to the configured ${event.perMinute} calls a minute`, data: { ...event } };
    case 'failed':
      return null;
  }
}
