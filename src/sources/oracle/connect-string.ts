/**
 * What rollcall says about a connect string in messages: host, port and service, nothing more.
 * Easy Connect options (after `?`) are left out, and a string that carries a user or password
 * (`user/password@host/service`, as SQL*Plus takes it) is refused before it is ever shown.
 */

/** True for `user/password@host...`: the part before `@` of an Easy Connect string is credentials. */
export function hasCredentials(connectString: string): boolean {
  const text = connectString.trim();
  return !text.startsWith('(') && text.includes('@');
}

/** `host:port/service` for messages and the source's description. */
export function describeConnectString(connectString: string): string {
  const text = connectString.trim();
  if (text.startsWith('(')) {
    const host = descriptorValue(text, 'HOST') ?? '?';
    const port = descriptorValue(text, 'PORT');
    const service = descriptorValue(text, 'SERVICE_NAME') ?? descriptorValue(text, 'SID');
    return `${host}${port ? `:${port}` : ''}${service ? `/${service}` : ''}`;
  }
  return text.replace(/\?.*$/s, '').replace(/^(?:tcps?:)?\/\//i, '');
}

/** The host alone, for "cannot reach host X". */
export function connectHost(connectString: string): string {
  const text = connectString.trim();
  if (text.startsWith('(')) return descriptorValue(text, 'HOST') ?? '?';
  const rest = describeConnectString(text);
  const bracketed = /^\[([^\]]+)\]/.exec(rest);
  if (bracketed) return bracketed[1]!;
  return rest.split(/[:/]/, 1)[0]!;
}

function descriptorValue(descriptor: string, key: string): string | undefined {
  return new RegExp(`\\(\\s*${key}\\s*=\\s*([^)\\s]+)\\s*\\)`, 'i').exec(descriptor)?.[1];
}
