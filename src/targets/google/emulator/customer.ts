/** Which customer a request names: `my_customer` or the emulator's own customer id. */
import { badRequest } from './api-error.js';
import type { DirectoryStore } from './store.js';

export function checkCustomer(store: DirectoryStore, customer: string): void {
  if (customer !== 'my_customer' && customer !== store.customerId) throw badRequest();
}

/**
 * For list calls that need `customer` or `domain`: checks them and returns the domain to filter
 * on (lower case), if any. Neither given is a 400, as in Google.
 */
export function customerOrDomain(store: DirectoryStore, query: URLSearchParams): string | undefined {
  const customer = query.get('customer');
  const domain = query.get('domain');
  if (!customer && !domain) throw badRequest();
  if (customer) checkCustomer(store, customer);
  return domain ? domain.toLowerCase() : undefined;
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
