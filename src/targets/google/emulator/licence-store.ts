/**
 * Licences: the product SKUs the customer holds, and which account holds which SKU of each
 * product (one SKU per product, as Google allows), kept by user id so that a renamed account
 * keeps its licences. Each SKU's holders are kept in id order, the order its listing pages in,
 * so a large listing is never sorted again per page. What may be assigned (seats, one SKU per
 * product) is checked by the caller.
 */
import { SortedStrings } from '../../../emulator-kit/sorted-search.js';

export type { LicenseAssignment } from '../directory-types.js';

/** A product SKU the customer has bought; `seats` limits its holders (no limit when absent). */
export interface LicenceSku {
  productId: string;
  skuId: string;
  productName?: string;
  skuName?: string;
  seats?: number;
}

const WORKSPACE = 'Google Workspace';
const EDUCATION = 'Google Workspace for Education';

/**
 * The SKUs an emulated customer holds unless `licensing.skus` says otherwise: the Google
 * Workspace for Education editions a school district buys. Ids and names as Google's product
 * and SKU list gives them (checked against public sync code); no seat limit.
 */
export const DEFAULT_SKUS: readonly LicenceSku[] = [
  { productId: 'Google-Apps', skuId: '1010070001', productName: WORKSPACE, skuName: 'Google Workspace for Education Fundamentals' },
  { productId: '101031', skuId: '1010310005', productName: EDUCATION, skuName: 'Google Workspace for Education Standard' },
  { productId: '101031', skuId: '1010310006', productName: EDUCATION, skuName: 'Google Workspace for Education Standard (Staff)' },
  { productId: '101031', skuId: '1010310007', productName: EDUCATION, skuName: 'Google Workspace for Education Standard (Extra Student)' },
  { productId: '101031', skuId: '1010310008', productName: EDUCATION, skuName: 'Google Workspace for Education Plus' },
  { productId: '101031', skuId: '1010310009', productName: EDUCATION, skuName: 'Google Workspace for Education Plus (Staff)' },
  { productId: '101031', skuId: '1010310010', productName: EDUCATION, skuName: 'Google Workspace for Education Plus (Extra Student)' },
  { productId: '101037', skuId: '1010370001', productName: EDUCATION, skuName: 'Google Workspace for Education: Teaching and Learning Upgrade' },
];

const skuKey = (productId: string, skuId: string): string => `${productId}\u0000${skuId}`;

export class LicenceStore {
  private readonly skus = new Map<string, LicenceSku>();
  private readonly products = new Set<string>();
  /** SKU key -> holders' user ids, in order. */
  private readonly holders = new Map<string, SortedStrings>();
  /** user id -> product -> SKU. */
  private readonly byUser = new Map<string, Map<string, string>>();

  constructor(catalogue: readonly LicenceSku[]) {
    for (const sku of catalogue) {
      this.skus.set(skuKey(sku.productId, sku.skuId), structuredClone(sku));
      this.products.add(sku.productId);
    }
  }

  productKnown(productId: string): boolean {
    return this.products.has(productId);
  }

  sku(productId: string, skuId: string): LicenceSku | undefined {
    return this.skus.get(skuKey(productId, skuId));
  }

  /** The SKU of `productId` the user holds, if any. */
  skuOf(userId: string, productId: string): string | undefined {
    return this.byUser.get(userId)?.get(productId);
  }

  /** The holders' user ids, in order. */
  holderIds(productId: string, skuId: string): readonly string[] {
    return this.holders.get(skuKey(productId, skuId))?.all ?? [];
  }

  assign(userId: string, productId: string, skuId: string): void {
    let held = this.byUser.get(userId);
    if (!held) this.byUser.set(userId, (held = new Map()));
    held.set(productId, skuId);
    const key = skuKey(productId, skuId);
    let ids = this.holders.get(key);
    if (!ids) this.holders.set(key, (ids = new SortedStrings()));
    ids.add(userId);
  }

  revoke(userId: string, productId: string): void {
    const held = this.byUser.get(userId);
    const skuId = held?.get(productId);
    if (held === undefined || skuId === undefined) return;
    held.delete(productId);
    if (held.size === 0) this.byUser.delete(userId);
    this.holders.get(skuKey(productId, skuId))?.delete(userId);
  }

  /** Frees every licence the user holds (a deleted account's). */
  revokeAll(userId: string): void {
    for (const productId of [...(this.byUser.get(userId)?.keys() ?? [])]) this.revoke(userId, productId);
  }

  /** Every assignment as [productId, skuId, userId], by product and SKU, then user id. */
  all(): Array<[string, string, string]> {
    const out: Array<[string, string, string]> = [];
    for (const key of [...this.holders.keys()].sort()) {
      const [productId, skuId] = key.split('\u0000') as [string, string];
      for (const userId of this.holders.get(key)?.all ?? []) out.push([productId, skuId, userId]);
    }
    return out;
  }
}
