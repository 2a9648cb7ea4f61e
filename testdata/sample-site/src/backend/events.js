// Backend event handlers of the velo-lsp sample site.
// `velo-lsp check testdata/sample-site` reports every mistake below.

import wixData from 'wix-data';
import { notifyTeam } from 'backend/notifications';
import { handlers } from '@velo/loyalty-tools-backend';
import { onPaid } from '@velo/billing-helpers';
import { orders } from '@wix/ecom';

// Correct handlers: nothing is reported for these.
export function wixBilling_onInvoicePaid(event) {
  return wixData.insert('PaidInvoices', { invoiceId: event.id.id });
}

export async function wixEcom_onOrderCreated(event) {
  await notifyTeam(`🛒 new order ${event.entity._id}`);
}

export const wixMembers_onMemberCreated = (event) => notifyTeam(event.entity.loginEmail);

// Mistakes.
export function wixBilling_onInvoicePayed(event) {} // misspelled event

export function wixEcommerce_onOrderPaymentStatusUpdated(event) {} // wrong prefix

export function wixCron_onHourlyEvent(event) {} // scheduled jobs are not events

export function wixStores_onOrderPaid(event) {} // deprecated, past its sunset date

export function wixChat_onMessage(event) {} // deprecated

export function wixPricingPlans_onOrderBillingCycleTriggered(event) {} // removed

exports.wixCrm_onContactCreated = function (event) {}; // CommonJS

export const wixBilling_onInvoiceSent = onPaid; // a package function re-exported

export const wixBilling_onInvoiceOverdue = withRetry(() => {}); // computed at run time

export const wixLoyalty_onAccountCreated = handlers.accountCreated; // wrapped in an object

export const wixForms_onSubmissionCreated = 'todo'; // not a function

function wixCrm_onContactDeleted(event) {} // not exported

export function Orders_afterInsert(item) { return item; } // a data hook, belongs in data.js

orders.onOrderApproved((event) => {}); // an SDK listener, not a Velo handler

// velo-lsp-ignore VELO001 -- called by our own test harness, not by Velo
export function wixBilling_onInvoiceTest(event) {}

// velo-lsp-ignore VELO001
export function wixBilling_onInvoiceDraft(event) {}

// velo-lsp-ignore VELO014 -- nothing here to suppress
export function wixBilling_onInvoiceCreated(event) {}

function withRetry(fn) {
  return fn;
}
