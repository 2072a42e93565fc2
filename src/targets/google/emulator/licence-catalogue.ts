/**
 * The product SKUs an emulated customer holds unless `licensing.skus` says otherwise: the
 * Google Workspace for Education editions a school district buys. Ids and names as Google's
 * product and SKU list gives them (checked against public sync code; the seat counts are the
 * emulator's: none, no limit).
 */
import type { LicenceSku } from './lifecycle-types.js';

const WORKSPACE = 'Google Workspace';
const EDUCATION = 'Google Workspace for Education';

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
